import Domain
import EventStore
import Foundation
import Logging
import PostgresNIO

/// Heim's appointments: one row per appointment, its state after the newest event applied.
/// Idempotent by aggregate version: each statement applies only over an older version, so a
/// redelivered event changes nothing and no claim in projected_events is needed.
public struct AppointmentsProjection: Projection {
    public static let name = "appointments"
    public var name: String { Self.name }
    public let eventTypes: Set<String>? = Set(AppointmentEventType.allCases.map(\.rawValue))
    public let tables = ["appointments"]

    public init() {}

    public func apply(_ events: [StoredEvent], on conn: PostgresConnection, logger: Logger) async throws {
        for e in events {
            guard case .appointments(let fact) = e.envelope.event else { continue }
            try await Self.apply(fact, e.envelope, on: conn, logger: logger)
        }
    }

    /// One statement per fact, in log order. The only switch over events in this projection.
    static func apply(_ fact: AppointmentEvent, _ e: EventEnvelope, on conn: PostgresConnection, logger: Logger) async throws {
        let org = e.organizationId, id = fact.appointmentId, v = e.aggregateVersion
        switch fact {
        case .appointmentCreated(let c):
            let location = try JSONRows.document(c.location), documents = try JSONRows.encode(c.documentIds)
            let metadata = try c.metadata.map(JSONRows.document)
            try await conn.query("""
                INSERT INTO appointments (organization_id, appointment_id, version, patient_id, task_id, appointment_type_id, status,
                    phone, location, external_reference, note, document_ids, plan_from, plan_to, metadata, created_at, updated_at)
                VALUES (\(org), \(id), \(v), \(c.patientId), \(c.taskId), \(c.appointmentTypeId), \(AppointmentStatus.scheduling.rawValue),
                    \(c.phone), \(location)::jsonb, \(c.externalReference), \(c.note), \(documents)::jsonb,
                    \(c.planFrom?.description)::date, \(c.planTo?.description)::date, \(metadata)::jsonb, \(c.createdAt), \(c.createdAt))
                ON CONFLICT DO NOTHING
                """, logger: logger)
        case .appointmentScheduled(let s):
            try await conn.query("""
                UPDATE appointments SET version = \(v), status = \(AppointmentStatus.scheduled.rawValue),
                    practitioner_id = \(s.slot.practitionerId), location_id = \(s.slot.locationId), starts_at = \(s.slot.start),
                    ends_at = \(s.slot.end), scheduled_at = \(s.scheduledAt), updated_at = \(s.scheduledAt)
                WHERE organization_id = \(org) AND appointment_id = \(id) AND version < \(v)
                """, logger: logger)
        case .appointmentUpdated(let u):
            let documents = try JSONRows.encode(u.documentIds), metadata = try u.metadata.map(JSONRows.document)
            try await conn.query("""
                UPDATE appointments SET version = \(v), note = \(u.note), metadata = \(metadata)::jsonb,
                    external_reference = \(u.externalReference), document_ids = \(documents)::jsonb, updated_at = \(u.updatedAt)
                WHERE organization_id = \(org) AND appointment_id = \(id) AND version < \(v)
                """, logger: logger)
        case .appointmentCompleted(let c):
            try await conn.query("""
                UPDATE appointments SET version = \(v), status = \(AppointmentStatus.completed.rawValue), completed_at = \(c.completedAt),
                    updated_at = \(c.completedAt)
                WHERE organization_id = \(org) AND appointment_id = \(id) AND version < \(v)
                """, logger: logger)
        case .appointmentCancelled(let c):
            let reason = try JSONRows.document(c.reason)
            try await conn.query("""
                UPDATE appointments SET version = \(v), status = \(AppointmentStatus.cancelled.rawValue), cancellation = \(reason)::jsonb,
                    cancelled_at = \(c.cancelledAt), updated_at = \(c.cancelledAt)
                WHERE organization_id = \(org) AND appointment_id = \(id) AND version < \(v)
                """, logger: logger)
        }
    }
}
