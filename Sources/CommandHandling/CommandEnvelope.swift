import Domain
import Foundation

/// A command with who sent it and how. The organization comes from the caller's credential.
public struct CommandEnvelope: Sendable {
    public var organizationId: UUID
    public var command: Command
    public var actor: String
    public var channel: SourceChannel
    public var commandId: UUID
    public var correlationId: UUID
    public var idempotencyKey: String?
    /// A digest of the request body: the same key with another body is refused, not replayed.
    public var requestFingerprint: String?

    public init(organizationId: UUID, command: Command, actor: String, channel: SourceChannel,
                commandId: UUID, correlationId: UUID? = nil, idempotencyKey: String? = nil, requestFingerprint: String? = nil) {
        self.organizationId = organizationId; self.command = command; self.actor = actor; self.channel = channel
        self.commandId = commandId; self.correlationId = correlationId ?? commandId
        self.idempotencyKey = idempotencyKey; self.requestFingerprint = requestFingerprint
    }
}
