import Foundation
import Hummingbird
import HummingbirdAuth

/// Who is calling with an organization's credential: the organization is taken from the
/// credential, never from the body.
public struct Caller: Sendable {
    public var organizationId: UUID
    /// The actor recorded on events: a key id or a token's subject, never a person's name.
    public var actor: String

    /// An organization's API key: the actor is the key's id.
    public init(organizationId: UUID, keyId: UUID) {
        self.init(organizationId: organizationId, actor: "api_key:\(keyId.lowercased)")
    }

    public init(organizationId: UUID, actor: String) {
        self.organizationId = organizationId; self.actor = actor
    }
}

/// What an authenticator found in a request's credentials. Each dialect's context accepts the
/// kinds its routes serve and refuses the rest in its own envelope.
public enum CallerIdentity: Sendable {
    /// An organization's API key (Solum's `X-API-Key`).
    case organization(Caller)
    /// The operator holding `CLINICLEDGER_ADMIN_TOKEN`.
    case administrator
    /// A SPRY token verified with its organization's declared key: who, and in which role.
    case token(SpryCaller)
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
