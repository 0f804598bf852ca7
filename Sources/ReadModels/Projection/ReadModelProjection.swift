import EventStore
import Foundation
import Logging
import PostgresNIO

/// The API's read models: organizations and keys, reference data, patients with their tags,
/// referrals, external ids and communications, and each patient's History.
public struct ReadModelProjection: Projection {
    public static let name = "read_models"
    public var name: String { Self.name }

    public init() {}

    public func apply(_ events: [StoredEvent], on conn: PostgresConnection, logger: Logger) async throws {
        // Only events not applied before: a redelivery, or an aborted-then-retried transaction
        // that the embedded broker (no abort markers) shows twice.
        let fresh = try await ProjectionSQL.claim(projector: name, events.map(\.envelope.eventId), on: conn, logger: logger)
        var rows = ProjectionRows()
        var applied = Set<UUID>()
        for e in events where fresh.contains(e.envelope.eventId) && applied.insert(e.envelope.eventId).inserted {
            rows.project(e)
        }
        try await ProjectionSQL.patients(rows, on: conn, logger: logger)
        for e in rows.sequential { try await ProjectionSQL.sequential(e, on: conn, logger: logger) }
    }
}
