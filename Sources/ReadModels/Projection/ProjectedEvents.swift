import Foundation
import Logging
import PostgresNIO

/// `projected_events`: the ids of the events each projection applied, which is how it stays
/// idempotent by event id (a redelivery, or an aborted-then-retried transaction that the embedded
/// broker, without abort markers, shows twice).
enum ProjectedEvents {
    /// Records the events a projection applies and returns those it had not applied before.
    static func claim(projector: String, _ ids: [UUID], on conn: PostgresConnection, logger: Logger) async throws -> Set<UUID> {
        guard !ids.isEmpty else { return [] }
        let result = try await conn.query("""
            INSERT INTO projected_events (projector, event_id) SELECT \(projector), unnest(\(ids)::uuid[])
            ON CONFLICT DO NOTHING RETURNING event_id
            """, logger: logger)
        var fresh = Set<UUID>()
        for try await id in result.decode(UUID.self) { fresh.insert(id) }
        return fresh
    }
}
