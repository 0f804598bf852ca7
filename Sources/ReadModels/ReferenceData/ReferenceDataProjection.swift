import Domain
import EventStore
import Foundation
import Logging
import PostgresNIO

/// Organizations and their API keys, and the reference data patients point at: locations,
/// workflow stages, users, external id types, tags; and what appointments book: practitioners,
/// appointment types, tasks, unavailable blocks; and the clinics' waitlist categories.
public struct ReferenceDataProjection: Projection {
    public static let name = "reference_data"
    public var name: String { Self.name }
    /// Every organization event: reference data is the organization slice's read model.
    public let eventTypes: Set<String>? = Set(OrganizationEventType.allCases.map(\.rawValue))
    public let tables = ["organizations", "api_keys", "locations", "workflow_stages", "users", "external_id_types", "tags",
                                "practitioners", "appointment_types", "tasks", "unavailable_blocks", "waitlist_categories"]

    public init() {}

    public func apply(_ events: [StoredEvent], on conn: PostgresConnection, logger: Logger) async throws {
        // Every statement is an insert-if-absent or an upsert of the entity's declared state, and a
        // redelivered event (an aborted-then-retried transaction on a broker without abort markers)
        // comes right after its first copy: applying it again changes nothing. No claim needed.
        var applied = Set<UUID>()
        for e in events where applied.insert(e.envelope.eventId).inserted {
            try await Self.apply(e.envelope, on: conn, logger: logger)
        }
    }

    /// One statement per fact, in log order. The only switch over events in this projection.
    static func apply(_ e: EventEnvelope, on conn: PostgresConnection, logger: Logger) async throws {
        guard case .organization(let event) = e.event else { return }  // eventTypes keeps others away
        let org = e.organizationId, at = e.time
        switch event {
        case .organizationCreated(let o):
            try await conn.query("""
                INSERT INTO organizations (organization_id, name, created_at) VALUES (\(org), \(o.name), \(at))
                ON CONFLICT DO NOTHING
                """, logger: logger)
        case .apiKeyIssued(let k):
            try await conn.query("""
                INSERT INTO api_keys (organization_id, key_id, key_hash, key_prefix, created_at)
                VALUES (\(org), \(k.keyId), \(k.keyHash), \(k.keyPrefix), \(at)) ON CONFLICT DO NOTHING
                """, logger: logger)
        case .locationCreated(let l), .locationUpdated(let l):
            try await conn.query("""
                INSERT INTO locations (organization_id, id, name, address, timezone, created_at, updated_at)
                VALUES (\(org), \(l.id), \(l.name), \(l.address), \(l.timezone), \(at), \(at))
                ON CONFLICT (organization_id, id) DO UPDATE SET name = EXCLUDED.name, address = EXCLUDED.address,
                    timezone = EXCLUDED.timezone, updated_at = EXCLUDED.updated_at
                """, logger: logger)
        case .workflowStageCreated(let s), .workflowStageUpdated(let s):
            let actions = try JSONRows.encode(s.actions)
            try await conn.query("""
                INSERT INTO workflow_stages (organization_id, id, title, "order", description, actions, created_at, updated_at)
                VALUES (\(org), \(s.id), \(s.title), \(s.order), \(s.description), \(actions)::jsonb, \(at), \(at))
                ON CONFLICT (organization_id, id) DO UPDATE SET title = EXCLUDED.title, "order" = EXCLUDED."order",
                    description = EXCLUDED.description, actions = EXCLUDED.actions, updated_at = EXCLUDED.updated_at
                """, logger: logger)
        case .userCreated(let u), .userUpdated(let u):
            try await conn.query("""
                INSERT INTO users (organization_id, id, name, email, created_at, updated_at)
                VALUES (\(org), \(u.id), \(u.name), \(u.email), \(at), \(at))
                ON CONFLICT (organization_id, id) DO UPDATE SET name = EXCLUDED.name, email = EXCLUDED.email,
                    updated_at = EXCLUDED.updated_at
                """, logger: logger)
        case .externalIdTypeCreated(let t):
            try await conn.query("""
                INSERT INTO external_id_types (organization_id, id, name, created_at) VALUES (\(org), \(t.id), \(t.name), \(at))
                ON CONFLICT DO NOTHING
                """, logger: logger)
        case .tagCreated(let t):
            try await conn.query("""
                INSERT INTO tags (organization_id, id, name, created_at) VALUES (\(org), \(t.id), \(t.name), \(at))
                ON CONFLICT DO NOTHING
                """, logger: logger)
        case .practitionerCreated(let p), .practitionerUpdated(let p):
            let locations = try JSONRows.encode(p.locationIds), hours = try JSONRows.encode(p.workingHours)
            try await conn.query("""
                INSERT INTO practitioners (organization_id, id, name, email, location_ids, working_hours, created_at, updated_at)
                VALUES (\(org), \(p.id), \(p.name), \(p.email), \(locations)::jsonb, \(hours)::jsonb, \(at), \(at))
                ON CONFLICT (organization_id, id) DO UPDATE SET name = EXCLUDED.name, email = EXCLUDED.email,
                    location_ids = EXCLUDED.location_ids, working_hours = EXCLUDED.working_hours, updated_at = EXCLUDED.updated_at
                """, logger: logger)
        case .appointmentTypeCreated(let t), .appointmentTypeUpdated(let t):
            try await conn.query("""
                INSERT INTO appointment_types (organization_id, id, name, duration_minutes, max_attendees, category, waitlist_type,
                    created_at, updated_at)
                VALUES (\(org), \(t.id), \(t.name), \(t.durationMinutes), \(t.maxAttendees), \(t.category), \(t.waitlistType), \(at), \(at))
                ON CONFLICT (organization_id, id) DO UPDATE SET name = EXCLUDED.name, duration_minutes = EXCLUDED.duration_minutes,
                    max_attendees = EXCLUDED.max_attendees, category = EXCLUDED.category, waitlist_type = EXCLUDED.waitlist_type,
                    updated_at = EXCLUDED.updated_at
                """, logger: logger)
        case .taskCreated(let t), .taskUpdated(let t):
            try await conn.query("""
                INSERT INTO tasks (organization_id, id, name, appointment_type_id, scheduled, min_plan_days, created_at, updated_at)
                VALUES (\(org), \(t.id), \(t.name), \(t.appointmentTypeId), \(t.scheduled), \(t.minPlanDays), \(at), \(at))
                ON CONFLICT (organization_id, id) DO UPDATE SET name = EXCLUDED.name, appointment_type_id = EXCLUDED.appointment_type_id,
                    scheduled = EXCLUDED.scheduled, min_plan_days = EXCLUDED.min_plan_days, updated_at = EXCLUDED.updated_at
                """, logger: logger)
        case .unavailableBlockAdded(let b):
            try await conn.query("""
                INSERT INTO unavailable_blocks (organization_id, id, practitioner_id, starts_at, ends_at, created_at)
                VALUES (\(org), \(b.id), \(b.practitionerId), \(b.startsAt), \(b.endsAt), \(at)) ON CONFLICT DO NOTHING
                """, logger: logger)
        case .unavailableBlockRemoved(let b):
            try await conn.query("DELETE FROM unavailable_blocks WHERE organization_id = \(org) AND id = \(b.blockId)", logger: logger)
        case .clinicWaitlistConfigured(let w):
            // Only the categories, for the labels the waitlist's read model shows; the settings
            // are read from decision state, where the waitlist's rules read them. A declaration
            // states the clinic's whole list: a category left out is marked withdrawn, and kept
            // for the requests made under it.
            let categories = try JSONRows.encode(w.categories)
            try await conn.query("""
                WITH declared AS (
                    SELECT * FROM jsonb_to_recordset(\(categories)::jsonb)
                        AS d(id uuid, label text, appointment_type_id uuid, duration_minutes integer, kind text)),
                upserted AS (
                    INSERT INTO waitlist_categories (organization_id, id, location_id, label, appointment_type_id, duration_minutes, kind,
                        created_at, updated_at)
                    SELECT \(org), d.id, \(w.locationId), d.label, d.appointment_type_id, d.duration_minutes, d.kind, \(at), \(at)
                    FROM declared d
                    ON CONFLICT (organization_id, id) DO UPDATE SET location_id = EXCLUDED.location_id, label = EXCLUDED.label,
                        appointment_type_id = EXCLUDED.appointment_type_id, duration_minutes = EXCLUDED.duration_minutes,
                        kind = EXCLUDED.kind, updated_at = EXCLUDED.updated_at, withdrawn_at = NULL
                    RETURNING 1)
                UPDATE waitlist_categories SET withdrawn_at = \(at), updated_at = \(at)
                WHERE organization_id = \(org) AND location_id = \(w.locationId) AND withdrawn_at IS NULL
                    AND id NOT IN (SELECT id FROM declared)
                """, logger: logger)
        case .matchWeightsAdopted:
            break  // decision state only: the probabilistic match tier reads it there
        }
    }
}
