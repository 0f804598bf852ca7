import Foundation
import Hummingbird
import HummingbirdAuth

/// Who is calling with an organization's credential: the organization is taken from the
/// credential, never from the body.
public struct Caller: Sendable {
    public var organizationId: UUID
    public var keyId: UUID
    /// The actor recorded on events: a key id, never a person's name.
    public var actor: String { "api_key:\(keyId.lowercased)" }
}

/// What an authenticator found in a request's credentials. Each dialect's context accepts the
/// kinds its routes serve and refuses the rest in its own envelope.
public enum CallerIdentity: Sendable {
    /// An organization's API key (Solum's `X-API-Key`).
    case organization(Caller)
    /// The operator holding `CLINICLEDGER_ADMIN_TOKEN`.
    case administrator
}

/// The router's context: a request before a dialect has claimed it. The authenticator of a
/// dialect's group fills `identity` (hummingbird-auth's `AuthenticatorMiddleware`); the
/// dialect's own context, a `ChildRequestContext`, then requires it, so a handler's caller is
/// never optional.
public struct APIRequestContext: AuthRequestContext {
    public var coreContext: CoreRequestContextStorage
    public var identity: CallerIdentity?

    public init(source: Source) {
        coreContext = .init(source: source)
    }
}
