import Foundation
import Hummingbird

/// A request to Solum's routes whose `X-API-Key` named an organization: handlers get the caller,
/// never optional. Without a key, 401 `missing_api_key` (an unknown key is refused by
/// `SolumAPIKeyAuthenticator` before this).
public struct SolumRequestContext: DialectRequestContext {
    public typealias Failure = SolumError
    public var coreContext: CoreRequestContextStorage
    public let caller: Caller

    public init(context: APIRequestContext) throws {
        guard case .organization(let caller)? = context.identity else { throw SolumError.missingKey }
        self.coreContext = context.coreContext
        self.caller = caller
    }

    /// The kind of credential Solum's callers present, as the accounting of disclosures records it.
    static let credential = "x-api-key"

    /// A path parameter in Solum's id spelling, a UUID. A malformed id cannot name anything of the
    /// caller's: 404 like an unknown id, naming the resource.
    func id(_ name: String = "id", of resource: String) throws(SolumError) -> UUID {
        try Self.id(parameters.get(name), of: resource)
    }

    /// A path id as Solum spells it (also a commands-topic record's `ce_subject`).
    static func id(_ text: String?, of resource: String) throws(SolumError) -> UUID {
        guard let id = text.flatMap(UUID.init(uuidString:)) else { throw .notFound(resource) }
        return id
    }
}

extension APIServices {
    /// Records that a Solum route returned these patients to the caller (`DisclosureRecorder`).
    func disclose(_ patientIds: [UUID], to context: SolumRequestContext, route: DisclosedRoute) async {
        await disclose(patientIds, to: context.caller, credential: SolumRequestContext.credential, route: route)
    }
}
