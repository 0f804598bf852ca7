import Logging
import PostgresNIO

/// `projection_positions`: per projection and partition, the next offset to apply. Saved in the
/// same transaction as the projection's rows.
enum ProjectionPositions {
    static func save(projector: String, topic: String, _ positions: [Int32: Int64], on conn: PostgresConnection, logger: Logger) async throws {
        for (partition, next) in positions {
            try await conn.query("""
                INSERT INTO projection_positions (projector, topic, partition, next_offset) VALUES (\(projector), \(topic), \(partition), \(next))
                ON CONFLICT (projector, topic, partition) DO UPDATE
                    SET next_offset = GREATEST(projection_positions.next_offset, EXCLUDED.next_offset), updated_at = now()
                """, logger: logger)
        }
    }

    static func load(projector: String, topic: String, client: PostgresClient, logger: Logger) async throws -> [Int32: Int64] {
        var out: [Int32: Int64] = [:]
        let rows = try await client.query("""
            SELECT partition, next_offset FROM projection_positions WHERE projector = \(projector) AND topic = \(topic)
            """, logger: logger)
        for try await (p, o) in rows.decode((Int32, Int64).self) { out[p] = o }
        return out
    }
}

extension Projection {
    /// The stored positions of this projection (public for `clinicledger projections list`).
    public func positions(topic: String, client: PostgresClient, logger: Logger) async throws -> [Int32: Int64] {
        try await ProjectionPositions.load(projector: name, topic: topic, client: client, logger: logger)
    }
}
