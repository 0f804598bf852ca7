import Foundation
import Hummingbird

/// A request to the admin API that carried the admin token; without it, 401 `invalid_admin_token`
/// (with no token configured, `AdminTokenAuthenticator` has answered 403 before this).
public struct AdminRequestContext: DialectRequestContext {
    public typealias Failure = AdminError
    public var coreContext: CoreRequestContextStorage
    /// The actor recorded on the events the admin API causes.
    public let actor = "admin"

    public init(context: APIRequestContext) throws {
        guard case .administrator? = context.identity else { throw AdminError.invalidToken }
        self.coreContext = context.coreContext
    }

    /// An organization id in the path. A malformed id cannot name an organization: 404 like an unknown one.
    func organizationId() throws(AdminError) -> UUID {
        guard let id = parameters.get("id", as: UUID.self) else { throw .notFound("organization") }
        return id
    }
}
