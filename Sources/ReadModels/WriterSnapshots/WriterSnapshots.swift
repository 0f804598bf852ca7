import EventStore
import Foundation
import Logging
import PostgresNIO

/// `writer_snapshots`: where partition writers keep snapshots of their decision state. Every
/// query is a writer's own read or write of its partition (like `event_archive`'s log-order
/// reads), not scoped by organization: one row holds every organization of its partition.
/// Payloads hold PHI and are never logged.
public struct WriterSnapshots: WriterSnapshotStore {
    let client: PostgresClient
    let topic: String
    let logger: Logger
    /// Snapshots kept per partition: the newest, and one before it should the newest not fit the log.
    static let kept = 2

    public init(client: PostgresClient, topic: String, logger: Logger) {
        self.client = client
        self.topic = topic
        self.logger = logger
    }

    public func newest(partition: Int32, atMost: Int64) async throws -> StoredWriterSnapshot? {
        let rows = try await client.query("""
            SELECT log_offset, format, taken_at, event_count, payload FROM writer_snapshots
            WHERE topic = \(topic) AND partition = \(partition) AND log_offset <= \(atMost)
            ORDER BY log_offset DESC LIMIT 1
            """, logger: logger)
        for try await (offset, format, takenAt, count, payload) in rows.decode((Int64, Int, Date, Int, Data).self) {
            return StoredWriterSnapshot(partition: partition, logOffset: offset, format: format, takenAt: takenAt, eventCount: count, payload: payload)
        }
        return nil
    }

    public func save(_ s: StoredWriterSnapshot) async throws {
        try await client.withTransaction(logger: logger) { conn in
            try await conn.query("""
                INSERT INTO writer_snapshots (topic, partition, log_offset, format, taken_at, event_count, byte_size, payload)
                VALUES (\(topic), \(s.partition), \(s.logOffset), \(s.format), \(s.takenAt), \(s.eventCount), \(s.payload.count), \(s.payload))
                ON CONFLICT (topic, partition, log_offset) DO NOTHING
                """, logger: logger)
            try await conn.query("""
                DELETE FROM writer_snapshots WHERE topic = \(topic) AND partition = \(s.partition) AND log_offset < (
                    SELECT min(log_offset) FROM (
                        SELECT log_offset FROM writer_snapshots WHERE topic = \(topic) AND partition = \(s.partition)
                        ORDER BY log_offset DESC LIMIT \(Self.kept)) newest)
                """, logger: logger)
        }
    }

    /// After a restore refilled the partition with new offsets (`EventArchive.rebase`, same
    /// transaction): a snapshot stays only when every event before it kept its offset (its
    /// Idempotency-Keys name their events' positions) and it is not past what was restored; it
    /// then moves to the new offset of the first event it had not applied.
    static func rebase(_ conn: PostgresConnection, topic: String, partition: Int32, moves: [EventArchive.Move],
                       restoredEnd: Int64, logEnd: Int64, logger: Logger) async throws {
        let firstMoved = moves.first { $0.old != $0.new }?.old
        var offsets: [Int64] = []
        for try await offset in try await conn.query("""
            SELECT log_offset FROM writer_snapshots WHERE topic = \(topic) AND partition = \(partition)
            """, logger: logger).decode(Int64.self) {
            offsets.append(offset)
        }
        for old in offsets.sorted() {
            if old > restoredEnd || (firstMoved.map { $0 < old } ?? false) {
                try await conn.query("""
                    DELETE FROM writer_snapshots WHERE topic = \(topic) AND partition = \(partition) AND log_offset = \(old)
                    """, logger: logger)
                continue
            }
            let new = EventArchive.firstMove(atOrAfter: old, in: moves)?.new ?? logEnd
            guard new != old else { continue }
            try await conn.query("""
                UPDATE writer_snapshots SET log_offset = \(new) WHERE topic = \(topic) AND partition = \(partition) AND log_offset = \(old)
                """, logger: logger)
        }
    }
}
