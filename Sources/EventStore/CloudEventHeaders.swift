import Domain
import EventLog
import Foundation

/// CloudEvents Kafka protocol binding, binary mode: attributes as `ce_*` headers, the payload
/// as the record value. Extensions carry the aggregate, command lineage, actor and channel.
enum CloudEventHeaders {
    static let specVersion = "ce_specversion"
    static let id = "ce_id"
    static let source = "ce_source"
    static let type = "ce_type"
    static let subject = "ce_subject"
    static let time = "ce_time"
    static let contentType = "content-type"
    static let aggregateType = "ce_aggregatetype"
    static let aggregateVersion = "ce_aggregateversion"
    static let commandId = "ce_commandid"
    static let correlationId = "ce_correlationid"
    static let causationId = "ce_causationid"
    static let actor = "ce_actor"
    static let sourceChannel = "ce_source_channel"
    static let idempotencyKey = "ce_idempotencykey"
    static let requestFingerprint = "ce_requestfingerprint"
    static let commandReply = "ce_commandreply"
    /// The organization's hash chain (`EventChain`): the predecessor's hash and this event's position.
    static let prevHash = "ce_prevhash"
    static let chainSequence = "ce_chainseq"

    static func headers(for e: EventEnvelope) -> [KafkaHeader] {
        var pairs: [(String, String)] = [
            (specVersion, "1.0"),
            (id, e.eventId.lowercased),
            (source, "/organizations/\(e.organizationId.lowercased)"),
            (type, e.type),
            (subject, e.aggregateId.lowercased),
            (time, RFC3339.format(e.time)),
            (contentType, "application/json"),
            (aggregateType, e.aggregateType),
            (aggregateVersion, String(e.aggregateVersion)),
            (commandId, e.commandId.lowercased),
            (correlationId, e.correlationId.lowercased),
            (causationId, e.causationId.lowercased),
            (actor, e.actor),
            (sourceChannel, e.channel.rawValue),
        ]
        if let key = e.idempotencyKey { pairs.append((idempotencyKey, key)) }
        if let fp = e.requestFingerprint { pairs.append((requestFingerprint, fp)) }
        if let reply = e.commandReply { pairs.append((commandReply, reply)) }
        if let prev = e.prevHash { pairs.append((prevHash, prev)) }
        if let seq = e.chainSequence { pairs.append((chainSequence, String(seq))) }
        return pairs.map { KafkaHeader(key: $0.0, value: Array($0.1.utf8)) }
    }

    static func envelope(headers: [KafkaHeader], payload: Data) throws -> EventEnvelope {
        var map: [String: String] = [:]
        for h in headers { map[h.key] = String(decoding: h.value, as: UTF8.self) }
        func text(_ key: String) throws -> String {
            guard let v = map[key] else { throw EventCodingError.missingHeader(key) }
            return v
        }
        func uuid(_ key: String) throws -> UUID {
            guard let v = UUID(uuidString: try text(key)) else { throw EventCodingError.badHeader(key) }
            return v
        }
        let typeName = try text(type)
        let sourceText = try text(source)
        guard sourceText.hasPrefix("/organizations/"),
              let org = UUID(uuidString: String(sourceText.dropFirst("/organizations/".count))) else {
            throw EventCodingError.badHeader(source)
        }
        guard let version = Int(try text(aggregateVersion)) else { throw EventCodingError.badHeader(aggregateVersion) }
        guard let channel = SourceChannel(rawValue: try text(sourceChannel)) else { throw EventCodingError.badHeader(sourceChannel) }
        guard let when = RFC3339.parse(try text(time)) else { throw EventCodingError.badHeader(time) }
        return EventEnvelope(
            eventId: try uuid(id), organizationId: org,
            event: try EventTypes.decodePayload(type: typeName, payload),
            aggregateType: try text(aggregateType), aggregateId: try uuid(subject), aggregateVersion: version,
            commandId: try uuid(commandId), correlationId: try uuid(correlationId), causationId: try uuid(causationId),
            actor: try text(actor), channel: channel, time: when,
            idempotencyKey: map[idempotencyKey], requestFingerprint: map[requestFingerprint],
            commandReply: map[commandReply], prevHash: map[prevHash], chainSequence: map[chainSequence].flatMap { Int($0) })
    }
}
