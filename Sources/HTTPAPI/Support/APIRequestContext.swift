import Foundation
import Hummingbird

/// Who is calling: the organization is taken from the credential, never from the body.
public struct Caller: Sendable {
    public var organizationId: UUID
    public var keyId: UUID
    /// The actor recorded on events: a key id, never a person's name.
    public var actor: String { "api_key:\(keyId.uuidString.lowercased())" }
}

public struct APIRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var caller: Caller?

    public init(source: Source) {
        coreContext = .init(source: source)
    }

    func requireCaller() throws -> Caller {
        guard let caller else { throw APIError.missingKey }
        return caller
    }
}
