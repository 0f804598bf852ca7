import Domain
import EventLog
import Foundation

/// Envelope ⇄ Kafka record. Key = organization id, so one organization's events share a partition.
public enum EventRecordCodec {
    public static func record(_ envelope: EventEnvelope, topic: String, partition: Int32) throws -> ProducerRecord {
        ProducerRecord(topic: topic, partition: partition, key: Array(envelope.organizationId.lowercased.utf8),
                       value: Array(try EventTypes.encodePayload(envelope.event)),
                       headers: CloudEventHeaders.headers(for: envelope))
    }

    public static func decode(_ record: ConsumedRecord) throws -> StoredEvent {
        let envelope = try CloudEventHeaders.envelope(headers: record.headers, payload: Data(record.value))
        var headers: [String: String] = [:]
        for h in record.headers { headers[h.key] = String(decoding: h.value, as: UTF8.self) }
        return StoredEvent(envelope: envelope, topic: record.topic, partition: record.partition, offset: record.offset,
                           recordKey: record.key ?? [], payload: record.value, headers: headers)
    }

    /// Rebuilds a record from archived parts (restore of the embedded log from `event_archive`).
    public static func record(topic: String, partition: Int32, key: [UInt8], value: [UInt8], headers: [String: String]) -> ProducerRecord {
        ProducerRecord(topic: topic, partition: partition, key: key, value: value,
                       headers: headers.sorted { $0.key < $1.key }.map { KafkaHeader(key: $0.key, value: Array($0.value.utf8)) })
    }

    /// Which partition an organization's records live on: Kafka's own (murmur2) partitioner.
    public static func partition(for organizationId: UUID, partitionCount: Int32) -> Int32 {
        kafkaPartition(forKey: Array(organizationId.lowercased.utf8), partitionCount: partitionCount)
    }
}
