import Domain
import EventStore
import Foundation
import Logging
import PostgresNIO

/// Cliniko's group appointments and their attendees: one row each, the state after the newest
/// event of the group appointment's aggregate. Idempotent by aggregate version (attendee events
/// belong to the group appointment's aggregate too): each statement applies only over an older
/// version, so a redelivered event changes nothing.
public struct GroupAppointmentsProjection: Projection {
    public static let name = "group_appointments"
    public var name: String { Self.name }
    public let eventTypes: Set<String>? = Set(GroupAppointmentEventType.allCases.map(\.rawValue))
    public let tables = ["group_appointments", "attendees"]

    public init() {}

    public func apply(_ events: [StoredEvent], on conn: PostgresConnection, logger: Logger) async throws {
        for e in events {
            guard case .groupAppointments(let fact) = e.envelope.event else { continue }
            try await Self.apply(fact, e.envelope, on: conn, logger: logger)
        }
    }

    /// One statement per fact, in log order. The only switch over events in this projection.
    static func apply(_ fact: GroupAppointmentEvent, _ e: EventEnvelope, on conn: PostgresConnection, logger: Logger) async throws {
        let org = e.organizationId, v = e.aggregateVersion
        switch fact {
        case .groupAppointmentCreated(let c):
            let rule = try c.repeatRule.map(JSONRows.document)
            try await conn.query("""
                INSERT INTO group_appointments (organization_id, id, version, appointment_type_id, location_id, practitioner_id,
                    starts_at, ends_at, max_attendees, notes, telehealth_url, repeat_rule, repeated_from, created_at, updated_at)
                VALUES (\(org), \(c.groupAppointmentId), \(v), \(c.appointmentTypeId), \(c.locationId), \(c.practitionerId),
                    \(c.startsAt), \(c.endsAt), \(c.maxAttendees), \(c.notes), \(c.telehealthUrl), \(rule)::jsonb, \(c.repeatedFrom),
                    \(c.createdAt), \(c.createdAt))
                ON CONFLICT DO NOTHING
                """, logger: logger)
        case .groupAppointmentUpdated(let u):
            // A rule is only ever given, never taken away: nil keeps the stored one.
            let rule = try u.repeatRule.map(JSONRows.document)
            try await conn.query("""
                UPDATE group_appointments SET version = \(v), repeat_rule = COALESCE(\(rule)::jsonb, repeat_rule), appointment_type_id = \(u.appointmentTypeId), location_id = \(u.locationId),
                    practitioner_id = \(u.practitionerId), starts_at = \(u.startsAt), ends_at = \(u.endsAt),
                    max_attendees = \(u.maxAttendees), notes = \(u.notes), telehealth_url = \(u.telehealthUrl), updated_at = \(u.updatedAt)
                WHERE organization_id = \(org) AND id = \(u.groupAppointmentId) AND version < \(v)
                """, logger: logger)
        case .appointmentArchived(let a):
            try await conn.query("""
                UPDATE group_appointments SET version = \(v), archived_at = \(a.archivedAt), updated_at = \(a.archivedAt)
                WHERE organization_id = \(org) AND id = \(a.appointmentId) AND version < \(v)
                """, logger: logger)
        case .attendeeAdded(let a):
            try await conn.query("""
                WITH claimed AS (
                    UPDATE group_appointments SET version = \(v), patient_ids = array_append(patient_ids, \(a.patientId)),
                        updated_at = \(a.addedAt)
                    WHERE organization_id = \(org) AND id = \(a.groupAppointmentId) AND version < \(v)
                    RETURNING 1)
                INSERT INTO attendees (organization_id, id, group_appointment_id, patient_id, notes, created_at, updated_at)
                SELECT \(org), \(a.attendeeId), \(a.groupAppointmentId), \(a.patientId), \(a.notes), \(a.addedAt), \(a.addedAt)
                FROM claimed
                ON CONFLICT DO NOTHING
                """, logger: logger)
        case .attendeeCancelled(let c):
            try await conn.query("""
                WITH claimed AS (
                    UPDATE group_appointments SET version = \(v), patient_ids = array_remove(patient_ids, \(c.patientId)),
                        updated_at = \(c.cancelledAt)
                    WHERE organization_id = \(org) AND id = \(c.groupAppointmentId) AND version < \(v)
                    RETURNING 1)
                UPDATE attendees SET cancelled_at = \(c.cancelledAt), cancellation_reason = \(c.reason), cancellation_note = \(c.note),
                    updated_at = \(c.cancelledAt)
                WHERE organization_id = \(org) AND id = \(c.attendeeId) AND EXISTS (SELECT 1 FROM claimed)
                """, logger: logger)
        }
    }
}
