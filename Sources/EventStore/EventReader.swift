import EventLog
import Foundation

/// Reads envelopes from the events topic with read_committed isolation.
public final class EventReader: Sendable {
    public enum Item: Sendable {
        case event(StoredEvent)
        /// A record that is not a ClinicLedger event (or not one this version knows).
        case undecodable(partition: Int32, offset: Int64, reason: String)
        case endOfPartition(partition: Int32, offset: Int64)
    }

    public let topic: String
    private let consumer: Consumer

    public init(bootstrapServers: String, topic: String, config: [String: String] = [:]) throws {
        self.topic = topic
        self.consumer = try Consumer(bootstrapServers: bootstrapServers, config: config)
    }

    /// Starts each partition at the given next offset (nil = from the beginning).
    public func assign(_ partitions: [Int32: Int64?]) async throws {
        try await consumer.assign(partitions.sorted { $0.key < $1.key }.map { p, offset in
            (topic: topic, partition: p, start: offset.map { Consumer.StartOffset.offset($0) } ?? .beginning)
        })
    }

    public func poll(max: Int, timeout: Duration) async throws -> [Item] {
        try await consumer.poll(max: max, timeout: timeout).map { event in
            switch event {
            case .endOfPartition(_, let partition, let offset):
                return .endOfPartition(partition: partition, offset: offset)
            case .record(let record):
                do { return .event(try EventRecordCodec.decode(record)) } catch {
                    return .undecodable(partition: record.partition, offset: record.offset, reason: String(describing: error))
                }
            }
        }
    }

    /// The offset after the last stable record of a partition.
    public func endOffset(partition: Int32) async throws -> Int64 {
        try await consumer.watermarks(topic: topic, partition: partition).high
    }

    public func close() async {
        await consumer.close()
    }
}
