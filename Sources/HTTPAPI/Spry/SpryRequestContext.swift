import Domain
import Foundation
import Hummingbird

/// A request to SPRY's routes whose bearer token verified: handlers get the caller, never
/// optional. Without a token, 401 4010 (a token that does not verify is refused by
/// `SpryAuthenticator` before this).
public struct SpryRequestContext: DialectRequestContext {
    public typealias Failure = SpryError
    public var coreContext: CoreRequestContextStorage
    public let caller: SpryCaller

    public init(context: APIRequestContext) throws {
        guard case .token(let caller)? = context.identity else {
            throw SpryError.unauthorized("send a token: Authorization: Bearer <JWT>")
        }
        self.coreContext = context.coreContext
        self.caller = caller
    }

    /// A path id (SPRY spells ids as UUIDs). Text that is not one cannot name anything of the
    /// caller's: 404 like an unknown id.
    func id(_ name: String, _ what: String) throws(SpryError) -> UUID {
        try Self.id(parameters.get(name), what)
    }

    static func id(_ text: String?, _ what: String) throws(SpryError) -> UUID {
        guard let text, let id = UUID(uuidString: text) else { throw .notFound(what) }
        return id
    }
}
