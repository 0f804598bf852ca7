import EventLog
import Foundation

/// Reads envelopes from the events topic with read_committed isolation.
public final class EventReader: Sendable {
    public enum Item: Sendable {
        case event(StoredEvent)
        /// A record that is not a ClinicLedger event (or not one this version knows).
        case undecodable(partition: Int32, offset: Int64, reason: String)
        case endOfPartition(partition: Int32, offset: Int64)
        /// The broker no longer holds the next offset of this partition (retention ran past it).
        case offsetOutOfRange(partition: Int32)
    }

    public let topic: String
    private let consumer: Consumer

    /// `auto.offset.reset=error` unless the caller says otherwise: an offset the broker no longer
    /// holds is reported (`.offsetOutOfRange`), never silently replaced by the log's new start.
    public init(bootstrapServers: String, topic: String, config: [String: String] = [:]) throws {
        self.topic = topic
        self.consumer = try Consumer(bootstrapServers: bootstrapServers,
                                     config: ["auto.offset.reset": "error"].merging(config) { $1 })
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
            case .offsetOutOfRange(_, let partition):
                return .offsetOutOfRange(partition: partition)
            case .record(let record):
                return Self.item(record)
            }
        }
    }

    /// A record as an event, or as what this version cannot read.
    static func item(_ record: ConsumedRecord) -> Item {
        do { return .event(try EventRecordCodec.decode(record)) } catch {
            return .undecodable(partition: record.partition, offset: record.offset, reason: String(describing: error))
        }
    }

    /// The offset after the last stable record of a partition.
    public func endOffset(partition: Int32) async throws -> Int64 {
        try await consumer.watermarks(topic: topic, partition: partition).high
    }

    /// The first offset the broker still holds (its log start offset): older records were
    /// removed by retention and must be read from `event_archive`.
    public func watermarks(partition: Int32) async throws -> (start: Int64, end: Int64) {
        let w = try await consumer.watermarks(topic: topic, partition: partition)
        return (max(0, w.low), max(0, w.high))
    }

    public func close() async {
        await consumer.close()
    }
}
