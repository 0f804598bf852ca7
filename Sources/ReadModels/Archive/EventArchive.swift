import Foundation
import Logging
import PostgresNIO

/// Reads `event_archive` back in log order, for restoring an empty embedded log.
public struct EventArchive: Sendable {
    public struct Record: Sendable {
        public var eventId: UUID
        public var partition: Int32
        public var offset: Int64
        public var key: [UInt8]
        public var payload: [UInt8]
        public var headers: [String: String]
    }

    let client: PostgresClient
    let logger: Logger

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
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

    /// Up to `limit` records of a partition after `afterOffset`, in log order.
    public func records(topic: String, partition: Int32, afterOffset: Int64, limit: Int) async throws -> [Record] {
        var out: [Record] = []
        let rows = try await client.query("""
            SELECT event_id, "offset", encode(record_key, 'base64'), payload::text, headers::text FROM event_archive
            WHERE topic = \(topic) AND partition = \(partition) AND "offset" > \(afterOffset)
            ORDER BY "offset" LIMIT \(limit)
            """, logger: logger)
        for try await (id, offset, key, payload, headers) in rows.decode((UUID, Int64, String, String, String).self) {
            out.append(Record(eventId: id, partition: partition, offset: offset,
                              key: Array(Data(base64Encoded: key) ?? Data()), payload: Array(payload.utf8),
                              headers: try JSONDecoder().decode([String: String].self, from: Data(headers.utf8))))
        }
        return out
    }

    /// After a restore the log's offsets are new; every restored event is already projected,
    /// so the projector resumes at the restored log's end, and the archive points at the new offsets.
    public func rebase(topic: String, partition: Int32, newOffsets: [(eventId: UUID, offset: Int64)], logEnd: Int64, projector: String) async throws {
        try await client.withTransaction(logger: logger) { conn in
            if !newOffsets.isEmpty {
                struct Row: Encodable { let event_id: UUID; let offset: Int64 }
                let json = try JSONRows.encode(newOffsets.map { Row(event_id: $0.eventId, offset: $0.offset) })
                try await conn.query("""
                    UPDATE event_archive a SET "offset" = x."offset"
                    FROM jsonb_to_recordset(\(json)::jsonb) AS x(event_id uuid, "offset" bigint) WHERE a.event_id = x.event_id
                    """, logger: logger)
            }
            try await conn.query("""
                INSERT INTO projection_positions (projector, topic, partition, next_offset) VALUES (\(projector), \(topic), \(partition), \(logEnd))
                ON CONFLICT (projector, topic, partition) DO UPDATE SET next_offset = EXCLUDED.next_offset, updated_at = now()
                """, logger: logger)
        }
    }
}
