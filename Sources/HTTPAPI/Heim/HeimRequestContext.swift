import Foundation
import Hummingbird

/// A request to Heim's routes whose `Authorization` key named an organization: handlers get the
/// caller, never optional. Without a key, 401 `missing_api_key` (an unknown key is refused by
/// `HeimAPIKeyAuthenticator` before this).
public struct HeimRequestContext: DialectRequestContext {
    public typealias Failure = HeimError
    public var coreContext: CoreRequestContextStorage
    public let caller: Caller

    public init(context: APIRequestContext) throws {
        guard case .organization(let caller)? = context.identity else { throw HeimError.missingKey }
        self.coreContext = context.coreContext
        self.caller = caller
    }

    /// A path parameter in Heim's id spelling (`apt_…`). Text that is not an id of this kind cannot
    /// name anything of the caller's: 404 like an unknown id, naming the kind.
    func id(_ name: String = "id", _ kind: HeimIds.Kind) throws(HeimError) -> UUID {
        try Self.id(parameters.get(name), kind)
    }

    /// A path id as Heim spells it (also a commands-topic record's `ce_subject`).
    static func id(_ text: String?, _ kind: HeimIds.Kind) throws(HeimError) -> UUID {
        guard let text, let id = HeimIds.uuid(text, kind) else { throw .notFound(kind.name) }
        return id
    }
}
