import EventStore
import Foundation
import Logging
import PostgresNIO

/// Each patient's History view: one row per event that touched the patient (its appointments' too), a pure function of
/// the event (`HistoryEntries`), so it reads and rebuilds alone.
public struct PatientHistoryProjection: Projection {
    public static let name = "patient_history"
    public var name: String { Self.name }
    public let eventTypes: Set<String>? = Set(PatientEventType.allCases.map(\.rawValue) + AppointmentEventType.allCases.map(\.rawValue)
                                                   + GroupAppointmentEventType.allCases.map(\.rawValue)
                                                   + WaitlistEventType.allCases.map(\.rawValue))
    public let tables = ["patient_history"]

    public init() {}

    public func apply(_ events: [StoredEvent], on conn: PostgresConnection, logger: Logger) async throws {
        // Idempotent by event id through the table's key (organization_id, event_id): a redelivered
        // event is one ON CONFLICT away, so no claim in projected_events is needed.
        var applied = Set<UUID>()
        let rows = events.filter { applied.insert($0.envelope.eventId).inserted }.flatMap { HistoryEntries.entries(for: $0.envelope) }
        guard !rows.isEmpty else { return }
        try await conn.query("""
            INSERT INTO patient_history (organization_id, event_id, patient_id, occurred_at, event_type, action,
                actor, channel, changes)
            SELECT x.organization_id, x.event_id, x.patient_id, to_timestamp(x.occurred_at), x.event_type, x.action,
                x.actor, x.channel, x.changes
            FROM jsonb_to_recordset(\(try JSONRows.encode(rows))::jsonb) AS x(organization_id uuid,
                event_id uuid, patient_id uuid, occurred_at double precision, event_type text, action text,
                actor text, channel text, changes jsonb)
            ON CONFLICT DO NOTHING
            """, logger: logger)
    }
}
