import Domain
import EventStore
import Foundation
import Logging
import PostgresNIO

/// SPRY's waitlist requests and their invites: one row each, the state after the newest event of
/// the request's aggregate. Idempotent by aggregate version (invite events belong to the request's
/// aggregate too): each statement applies only over an older version, so a redelivered event
/// changes nothing. Reads nothing but its own tables; names and labels are joined when queried.
public struct WaitlistProjection: Projection {
    public static let name = "waitlist_requests"
    public var name: String { Self.name }
    public let eventTypes: Set<String>? = Set(WaitlistEventType.allCases.map(\.rawValue))
    public let tables = ["waitlist_requests", "waitlist_invites"]

    public init() {}

    public func apply(_ events: [StoredEvent], on conn: PostgresConnection, logger: Logger) async throws {
        for e in events {
            guard case .waitlist(let fact) = e.envelope.event else { continue }
            try await Self.apply(fact, e.envelope, on: conn, logger: logger)
        }
    }

    /// One statement per fact, in log order. The only switch over events in this projection.
    static func apply(_ fact: WaitlistEvent, _ e: EventEnvelope, on conn: PostgresConnection, logger: Logger) async throws {
        let org = e.organizationId, id = fact.requestId, v = Int64(e.aggregateVersion)
        switch fact {
        case .requestCreated(let c):
            try await upsert(c.request, org: org, version: v, on: conn, logger: logger)
        case .requestUpdated(let u):
            try await upsert(u.request, org: org, version: v, on: conn, logger: logger)
        case .requestCancelled(let c):
            try await finish(org, id, v, as: .cancelled, at: c.cancelledAt, by: c.cancelledBy, on: conn, logger: logger)
        case .requestExpired(let x):
            try await finish(org, id, v, as: .expired, at: x.expiredAt, by: nil, on: conn, logger: logger)
        case .inviteSent(let i):
            let reason = try JSONRows.document(i.reason), slot = i.open.slot
            try await conn.query("""
                WITH claimed AS (
                    UPDATE waitlist_requests SET version = \(v)
                    WHERE organization_id = \(org) AND request_id = \(id) AND version < \(v)
                    RETURNING 1)
                INSERT INTO waitlist_invites (organization_id, invite_id, request_id, status, provider_id, clinic_id, slot_start, slot_end,
                    appointment_type_id, group_appointment_id, sent_at, expires_at, reason, ranked_above, cause_event_id)
                SELECT \(org), \(i.inviteId), \(id), \(InviteStatus.sent.rawValue), \(slot.practitionerId), \(slot.locationId),
                    \(slot.start), \(i.bookingEnd), \(i.open.appointmentTypeId), \(i.open.groupAppointmentId), \(i.sentAt), \(i.expiresAt),
                    \(reason)::jsonb, \(i.rankedAbove), \(i.causeEventId)
                FROM claimed
                ON CONFLICT DO NOTHING
                """, logger: logger)
        case .inviteDeclined(let d):
            try await answer(org, id, v, invite: d.inviteId, as: .declined, at: d.declinedAt, on: conn, logger: logger)
        case .inviteExpired(let x):
            try await answer(org, id, v, invite: x.inviteId, as: .expired, at: x.expiredAt, on: conn, logger: logger)
        case .fulfilled(let f):
            // The request and its accepted invite in one statement, both under the version claim.
            try await conn.query("""
                WITH claimed AS (
                    UPDATE waitlist_requests SET version = \(v), status = \(WaitlistStatus.fulfilled.rawValue),
                        appointment_id = \(f.appointmentId), group_appointment_id = \(f.groupAppointmentId), attendee_id = \(f.attendeeId),
                        ended_at = \(f.fulfilledAt), ended_by = \(f.fulfilledBy)
                    WHERE organization_id = \(org) AND request_id = \(id) AND version < \(v)
                    RETURNING 1)
                UPDATE waitlist_invites SET status = \(InviteStatus.accepted.rawValue), answered_at = \(f.fulfilledAt)
                WHERE organization_id = \(org) AND invite_id = \(f.inviteId) AND EXISTS (SELECT 1 FROM claimed)
                """, logger: logger)
        }
    }

    /// Created and Updated both carry the whole request: insert it ACTIVE, or replace its fields
    /// (never its status) over an older version.
    private static func upsert(_ r: WaitlistRequest, org: UUID, version v: Int64, on conn: PostgresConnection, logger: Logger) async throws {
        try await conn.query("""
            INSERT INTO waitlist_requests (organization_id, request_id, version, patient_id, clinic_id, preferred_providers,
                preferred_time_slots, preferred_days, date_range_start, date_range_end, category_id, appointment_type_id, appointment_kind,
                duration_minutes, payment_type, priority, notes, created_at, created_by, updated_at, updated_by, status)
            VALUES (\(org), \(r.requestId), \(v), \(r.patientId), \(r.clinicId), \(r.preferredProviders),
                \(r.preferredTimeSlots.map(\.rawValue)), \(r.preferredDays.map(\.rawValue)), \(r.dateRangeStart.description)::date,
                \(r.dateRangeEnd.description)::date, \(r.categoryId), \(r.appointmentTypeId), \(r.appointmentKind.rawValue),
                \(r.durationMinutes), \(r.paymentType.rawValue), \(r.priority), \(r.notes), \(r.createdAt), \(r.createdBy),
                \(r.updatedAt), \(r.updatedBy), \(WaitlistStatus.active.rawValue))
            ON CONFLICT (organization_id, request_id) DO UPDATE SET version = EXCLUDED.version, patient_id = EXCLUDED.patient_id,
                clinic_id = EXCLUDED.clinic_id, preferred_providers = EXCLUDED.preferred_providers,
                preferred_time_slots = EXCLUDED.preferred_time_slots, preferred_days = EXCLUDED.preferred_days,
                date_range_start = EXCLUDED.date_range_start, date_range_end = EXCLUDED.date_range_end, category_id = EXCLUDED.category_id,
                appointment_type_id = EXCLUDED.appointment_type_id, appointment_kind = EXCLUDED.appointment_kind,
                duration_minutes = EXCLUDED.duration_minutes, payment_type = EXCLUDED.payment_type, priority = EXCLUDED.priority,
                notes = EXCLUDED.notes, created_at = EXCLUDED.created_at, created_by = EXCLUDED.created_by,
                updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by
            WHERE waitlist_requests.version < EXCLUDED.version
            """, logger: logger)
    }

    private static func finish(_ org: UUID, _ id: UUID, _ v: Int64, as status: WaitlistStatus, at: Date, by: String?,
                               on conn: PostgresConnection, logger: Logger) async throws {
        try await conn.query("""
            UPDATE waitlist_requests SET version = \(v), status = \(status.rawValue), ended_at = \(at), ended_by = \(by)
            WHERE organization_id = \(org) AND request_id = \(id) AND version < \(v)
            """, logger: logger)
    }

    private static func answer(_ org: UUID, _ id: UUID, _ v: Int64, invite: UUID, as status: InviteStatus, at: Date,
                               on conn: PostgresConnection, logger: Logger) async throws {
        try await conn.query("""
            WITH claimed AS (
                UPDATE waitlist_requests SET version = \(v)
                WHERE organization_id = \(org) AND request_id = \(id) AND version < \(v)
                RETURNING 1)
            UPDATE waitlist_invites SET status = \(status.rawValue), answered_at = \(at)
            WHERE organization_id = \(org) AND invite_id = \(invite) AND EXISTS (SELECT 1 FROM claimed)
            """, logger: logger)
    }
}
