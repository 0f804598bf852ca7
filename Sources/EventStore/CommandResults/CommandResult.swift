import Domain
import EventLog
import Foundation

/// One command's outcome on `clinicledger.command-results` (key = command id, compacted), written
/// in the same Kafka transaction as the command's events: whoever sent the command (an HTTP
/// caller, a producer on the commands topic, a process manager) and auditors read its answer there.
public struct CommandResult: Sendable, Equatable, Codable {
    public var commandId: UUID
    public var organizationId: UUID
    public var correlationId: UUID
    public var idempotencyKey: String?
    public var requestFingerprint: String?
    public var recordedAt: String
    /// How many events the command appended, and the ids of the first and last.
    public var eventCount: Int
    public var reply: CommandReply
    /// The organization's hash chain after this command's last event (`EventChain`): outside
    /// PostgreSQL, so an auditor can check the newest archived event, which no later
    /// `ce_prevhash` protects (`clinicledger verify` prints the head it computed to compare).
    public var chainHead: String?
    public var chainLength: Int?

    public init(commandId: UUID, organizationId: UUID, correlationId: UUID, idempotencyKey: String?, requestFingerprint: String?,
                recordedAt: Date, eventCount: Int, reply: CommandReply, chain: EventChain.Head? = nil) {
        self.commandId = commandId; self.organizationId = organizationId; self.correlationId = correlationId
        self.idempotencyKey = idempotencyKey; self.requestFingerprint = requestFingerprint
        self.recordedAt = RFC3339.format(recordedAt); self.eventCount = eventCount; self.reply = reply
        self.chainHead = chain?.hash; self.chainLength = chain?.length
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
