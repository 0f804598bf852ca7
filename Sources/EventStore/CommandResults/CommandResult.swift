import Domain
import EventLog
import Foundation

/// One command's outcome on `clinicledger.command-results` (key = command id, compacted), written
/// in the same Kafka transaction as the command's events: whoever sent the command (an HTTP
/// caller, a producer on the commands topic, a process manager) and auditors read its answer there.
public struct CommandResult: Sendable, Equatable, Codable {
    public enum Status: String, Sendable, Codable { case accepted, rejected }

    /// A refusal as the command's HTTP route would have answered it: the status code and the
    /// dialect's error envelope (Solum's `detail`, Heim's `error`, Cliniko's `errors`).
    public struct Failure: Sendable, Equatable, Codable {
        public var httpStatus: Int
        public var body: JSONValue
        public init(httpStatus: Int, body: JSONValue) { self.httpStatus = httpStatus; self.body = body }
    }

    public var commandId: UUID
    /// nil only for a record from the commands topic whose credential named no organization.
    public var organizationId: UUID?
    public var correlationId: UUID
    public var idempotencyKey: String?
    public var requestFingerprint: String?
    public var recordedAt: String
    /// How many events the command appended, and the ids of the first and last.
    public var eventCount: Int
    /// Absent (decoded as accepted) on results written before rejections were recorded.
    public var status: Status
    /// The command's reply; nil when rejected.
    public var reply: CommandReply?
    /// Why the command was rejected; nil when accepted.
    public var error: Failure?
    /// The events' offsets on the organization's partition of the events topic, in order
    /// (recorded for commands from the commands topic).
    public var eventOffsets: [Int64]?
    /// True when the command id was seen before: this is the first answer again, nothing new was written.
    public var replayed: Bool?
    /// The command's `ce_type` and `ce_source`, for commands from the commands topic.
    public var commandType: String?
    public var source: String?
    /// The organization's hash chain after this command's last event (`EventChain`): outside
    /// PostgreSQL, so an auditor can check the newest archived event, which no later
    /// `ce_prevhash` protects (`clinicledger verify` prints the head it computed to compare).
    public var chainHead: String?
    public var chainLength: Int?

    public init(commandId: UUID, organizationId: UUID, correlationId: UUID, idempotencyKey: String?, requestFingerprint: String?,
                recordedAt: Date, eventCount: Int, reply: CommandReply, chain: EventChain.Head? = nil) {
        self.commandId = commandId; self.organizationId = organizationId; self.correlationId = correlationId
        self.idempotencyKey = idempotencyKey; self.requestFingerprint = requestFingerprint
        self.recordedAt = RFC3339.format(recordedAt); self.eventCount = eventCount; self.status = .accepted; self.reply = reply
        self.chainHead = chain?.hash; self.chainLength = chain?.length
    }

    /// A rejected command: nothing was written but this result.
    public init(rejected commandId: UUID, organizationId: UUID?, recordedAt: Date, error: Failure, commandType: String?, source: String?) {
        self.commandId = commandId; self.organizationId = organizationId; self.correlationId = commandId
        self.recordedAt = RFC3339.format(recordedAt); self.eventCount = 0; self.status = .rejected; self.error = error
        self.commandType = commandType; self.source = source
    }

    enum CodingKeys: String, CodingKey {
        case commandId, organizationId, correlationId, idempotencyKey, requestFingerprint, recordedAt, eventCount, status, reply, error
        case eventOffsets, replayed, commandType, source, chainHead, chainLength
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        commandId = try c.decode(UUID.self, forKey: .commandId)
        organizationId = try c.decodeIfPresent(UUID.self, forKey: .organizationId)
        correlationId = try c.decode(UUID.self, forKey: .correlationId)
        idempotencyKey = try c.decodeIfPresent(String.self, forKey: .idempotencyKey)
        requestFingerprint = try c.decodeIfPresent(String.self, forKey: .requestFingerprint)
        recordedAt = try c.decode(String.self, forKey: .recordedAt)
        eventCount = try c.decode(Int.self, forKey: .eventCount)
        status = try c.decodeIfPresent(Status.self, forKey: .status) ?? .accepted
        reply = try c.decodeIfPresent(CommandReply.self, forKey: .reply)
        error = try c.decodeIfPresent(Failure.self, forKey: .error)
        eventOffsets = try c.decodeIfPresent([Int64].self, forKey: .eventOffsets)
        replayed = try c.decodeIfPresent(Bool.self, forKey: .replayed)
        commandType = try c.decodeIfPresent(String.self, forKey: .commandType)
        source = try c.decodeIfPresent(String.self, forKey: .source)
        chainHead = try c.decodeIfPresent(String.self, forKey: .chainHead)
        chainLength = try c.decodeIfPresent(Int.self, forKey: .chainLength)
    }

    /// The record: on the organization's partition, so one writer owns both its events and its results.
    public func record(topic: String, partition: Int32) throws -> ProducerRecord {
        ProducerRecord(topic: topic, partition: partition, key: Array(commandId.lowercased.utf8),
                       value: Array(try CommandReplyCoding.encoder.encode(self)),
                       headers: [KafkaHeader(key: "content-type", value: Array("application/json".utf8))])
    }

    public static func decode(_ value: [UInt8]) throws -> CommandResult {
        try CommandReplyCoding.decoder().decode(CommandResult.self, from: Data(value))
    }
}

/// The JSON of a `CommandReply`, as carried by `ce_commandreply` and the command-results topic:
/// snake_case keys like the event payloads, times in RFC 3339 like `ce_time`.
public enum CommandReplyCoding {
    static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        e.keyEncodingStrategy = .convertToSnakeCase
        e.dateEncodingStrategy = RFC3339.encodingStrategy
        return e
    }()

    public static func encode(_ reply: CommandReply) throws -> String {
        String(decoding: try encoder.encode(reply), as: UTF8.self)
    }

    public static func decode(_ text: String) throws -> CommandReply {
        try decoder().decode(CommandReply.self, from: Data(text.utf8))
    }

    static func decoder() -> JSONDecoder {
        let d = JSONDecoder()
        d.keyDecodingStrategy = .convertFromSnakeCase
        d.dateDecodingStrategy = RFC3339.decodingStrategy
        return d
    }
}
