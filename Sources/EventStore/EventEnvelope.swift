import Domain
import Foundation

/// A domain event with everything the log records around it (the CloudEvents attributes).
public struct EventEnvelope: Sendable, Equatable {
    public var eventId: UUID
    public var organizationId: UUID
    public var event: DomainEvent
    public var aggregateType: String
    public var aggregateId: UUID
    public var aggregateVersion: Int
    public var commandId: UUID
    public var correlationId: UUID
    public var causationId: UUID
    /// Who caused it: `api_key:<key id>`, `admin`, `system`. Never a person's name (no PHI in headers).
    public var actor: String
    public var channel: SourceChannel
    public var time: Date
    /// Present on the events of a command sent with an Idempotency-Key, so the key survives restarts.
    public var idempotencyKey: String?
    public var requestFingerprint: String?
    /// The command's reply as JSON (`CommandReplyCoding`), on the first event of a command sent
    /// with an Idempotency-Key: the writer's idempotency index is rebuilt from it, with the events
    /// that `event_archive` keeps whatever the broker's retention, and answers exactly as the first time.
    public var commandReply: String?
    /// The hash of the organization's previous event and this event's position in its stream
    /// (`EventChain`): set by the writer; nil on events written before the chain existed.
    public var prevHash: String?
    public var chainSequence: Int?

    public init(eventId: UUID, organizationId: UUID, event: DomainEvent, aggregateType: String, aggregateId: UUID,
                aggregateVersion: Int, commandId: UUID, correlationId: UUID, causationId: UUID, actor: String,
                channel: SourceChannel, time: Date, idempotencyKey: String? = nil, requestFingerprint: String? = nil, commandReply: String? = nil,
                prevHash: String? = nil, chainSequence: Int? = nil) {
        self.eventId = eventId; self.organizationId = organizationId; self.event = event
        self.aggregateType = aggregateType; self.aggregateId = aggregateId; self.aggregateVersion = aggregateVersion
        self.commandId = commandId; self.correlationId = correlationId; self.causationId = causationId
        self.actor = actor; self.channel = channel; self.time = time
        self.idempotencyKey = idempotencyKey; self.requestFingerprint = requestFingerprint
        self.commandReply = commandReply
        self.prevHash = prevHash; self.chainSequence = chainSequence
    }

    public var type: String { EventTypes.name(of: event) }
}

/// An envelope together with where the log holds it and the record exactly as it was read,
/// so the archive keeps the original bytes rather than a re-encoding.
public struct StoredEvent: Sendable {
    public var envelope: EventEnvelope
    public var topic: String
    public var partition: Int32
    public var offset: Int64
    public var recordKey: [UInt8]
    public var payload: [UInt8]
    public var headers: [String: String]

    public init(envelope: EventEnvelope, topic: String, partition: Int32, offset: Int64,
                recordKey: [UInt8], payload: [UInt8], headers: [String: String]) {
        self.envelope = envelope; self.topic = topic; self.partition = partition; self.offset = offset
        self.recordKey = recordKey; self.payload = payload; self.headers = headers
    }
}
