import EventLog
import EventStore
import Foundation
import Logging
import PostgresNIO

/// Reads `event_archive` back in log order: for readers whose offsets the broker no longer holds
/// (`ArchivedEvents`), and to refill an empty log (`clinicledger restore`, embedded start-up).
public struct EventArchive: ArchivedEvents {
    let client: PostgresClient
    let logger: Logger

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    /// Where one restored event was and is now.
    public struct Move: Sendable {
        public var eventId: UUID, old: Int64, new: Int64
        public init(eventId: UUID, old: Int64, new: Int64) { self.eventId = eventId; self.old = old; self.new = new }
    }

    /// Everything below the archive projection's position is archived.
    public func archivedEnd(topic: String, partition: Int32) async throws -> Int64 {
        let positions = try await ProjectionPositions.load(projector: ArchiveProjection.name, topic: topic, client: client, logger: logger)
        return positions[partition] ?? 0
    }

    public func records(topic: String, partition: Int32, from: Int64, until: Int64, limit: Int) async throws -> [ConsumedRecord] {
        var out: [ConsumedRecord] = []
        out.reserveCapacity(min(limit, 10_000))
        let rows = try await client.query("""
            SELECT "offset", record_key, payload::text, headers::text, occurred_at FROM event_archive
            WHERE topic = \(topic) AND partition = \(partition) AND "offset" >= \(from) AND "offset" < \(until)
            ORDER BY "offset" LIMIT \(limit)
            """, logger: logger)
        for try await (offset, key, payload, headers, time) in rows.decode((Int64, ByteBuffer, String, String, Date).self) {
            out.append(try Self.record(topic: topic, partition: partition, offset: offset, key: key, payload: payload, headers: headers, time: time))
        }
        return out
    }

    /// An archived row as the record it was in the log: the one way archived rows turn back into
    /// records (and, through `EventRecordCodec.decode`, envelopes) — for readers, restore and audit.
    static func record(topic: String, partition: Int32, offset: Int64, key: ByteBuffer, payload: String, headers: String,
                       time: Date) throws -> ConsumedRecord {
        let pairs = try JSONDecoder().decode([String: String].self, from: Data(headers.utf8))
        return ConsumedRecord(
            topic: topic, partition: partition, offset: offset, key: Array(key.readableBytesView), value: Array(payload.utf8),
            headers: pairs.sorted { $0.key < $1.key }.map { KafkaHeader(key: $0.key, value: Array($0.value.utf8)) },
            timestampMillis: Int64(time.timeIntervalSince1970 * 1000))
    }

    public func count(topic: String) async throws -> Int {
        for try await n in try await client.query("SELECT count(*) FROM event_archive WHERE topic = \(topic)", logger: logger).decode(Int.self) {
            return n
        }
        return 0
    }

    public func partitions(topic: String) async throws -> [Int32] {
        var out: [Int32] = []
        for try await p in try await client.query("SELECT DISTINCT partition FROM event_archive WHERE topic = \(topic) ORDER BY 1", logger: logger).decode(Int32.self) {
            out.append(p)
        }
        return out
    }

    /// After a restore the log's offsets are new. In one transaction: the archive's rows move to
    /// their new offsets, the archive's position becomes the new log's end, and every other
    /// projection's position moves to the new offset of the first event it had not applied; the
    /// partition's writer snapshots move likewise, or go when they cannot (`WriterSnapshots.rebase`).
    /// `moves` gives old and new offsets of every restored event, in log order.
    public func rebase(topic: String, partition: Int32, moves: [Move], logEnd: Int64) async throws {
        try await client.withTransaction(logger: logger) { conn in
            let changed = moves.filter { $0.old != $0.new }
            for start in stride(from: 0, to: changed.count, by: 10_000) {
                let chunk = changed[start..<min(start + 10_000, changed.count)]
                let ids = chunk.map(\.eventId), news = chunk.map(\.new)
                try await conn.query("""
                    UPDATE event_archive a SET "offset" = x.new_offset
                    FROM unnest(\(ids)::uuid[], \(news)::bigint[]) AS x(event_id, new_offset)
                    WHERE a.event_id = x.event_id
                    """, logger: logger)
            }
            var positions: [(String, Int64)] = []
            var restoredEnd: Int64 = 0
            for try await (projector, old) in try await conn.query("""
                SELECT projector, next_offset FROM projection_positions WHERE topic = \(topic) AND partition = \(partition)
                """, logger: logger).decode((String, Int64).self) {
                if projector == ArchiveProjection.name { restoredEnd = old }
                let next = projector == ArchiveProjection.name ? logEnd : (Self.firstMove(atOrAfter: old, in: moves)?.new ?? logEnd)
                positions.append((projector, next))
            }
            if !positions.contains(where: { $0.0 == ArchiveProjection.name }) { positions.append((ArchiveProjection.name, logEnd)) }
            try await WriterSnapshots.rebase(conn, topic: topic, partition: partition, moves: moves, restoredEnd: restoredEnd,
                                             logEnd: logEnd, logger: logger)
            for (projector, next) in positions {
                try await conn.query("""
                    INSERT INTO projection_positions (projector, topic, partition, next_offset) VALUES (\(projector), \(topic), \(partition), \(next))
                    ON CONFLICT (projector, topic, partition) DO UPDATE SET next_offset = EXCLUDED.next_offset, updated_at = now()
                    """, logger: logger)
            }
        }
    }

    /// Binary search over moves sorted by old offset.
    static func firstMove(atOrAfter offset: Int64, in moves: [Move]) -> Move? {
        var low = 0, high = moves.count
        while low < high {
            let mid = (low + high) / 2
            if moves[mid].old < offset { low = mid + 1 } else { high = mid }
        }
        return low < moves.count ? moves[low] : nil
    }
}
