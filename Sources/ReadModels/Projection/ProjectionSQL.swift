import Domain
import EventStore
import Foundation
import Logging
import PostgresNIO

/// The SQL of one projector batch. Runs inside the batch's transaction.
enum ProjectionSQL {
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

    static func patients(_ rows: ProjectionRows, on conn: PostgresConnection, logger: Logger) async throws {
        if !rows.patients.isEmpty {
            try await conn.query("""
                INSERT INTO patients (organization_id, id, first_name, last_name, middle_name, phone_number,
                    additional_phone_number, email, date_of_birth, gender, address, address2, city, state, zip, comments,
                    workflow_stage_id, assigned_user_id, location_id, created_from, created_offset, version, created_at, updated_at,
                    payors, custom_fields)
                SELECT x.organization_id, x.id, x.first_name, x.last_name, x.middle_name, x.phone_number,
                    x.additional_phone_number, x.email, x.date_of_birth::date, x.gender, x.address, x.address2, x.city,
                    x.state, x.zip, x.comments, x.workflow_stage_id, x.assigned_user_id, x.location_id, x.created_from,
                    x.created_offset, x.version, to_timestamp(x.created_at), to_timestamp(x.created_at), x.payors, x.custom_fields
                FROM jsonb_to_recordset(\(try JSONRows.encode(rows.patients))::jsonb) AS x(organization_id uuid, id uuid,
                    first_name text, last_name text, middle_name text, phone_number text, additional_phone_number text,
                    email text, date_of_birth text, gender text, address text, address2 text, city text, state text,
                    zip text, comments text, workflow_stage_id uuid, assigned_user_id uuid, location_id uuid,
                    created_from text, created_offset bigint, version integer, created_at double precision,
                    payors jsonb, custom_fields jsonb)
                ON CONFLICT (organization_id, id) DO NOTHING
                """, logger: logger)
        }
        if !rows.patientTags.isEmpty {
            try await conn.query("""
                INSERT INTO patient_tags (organization_id, patient_id, tag_id)
                SELECT x.organization_id, x.patient_id, x.tag_id
                FROM jsonb_to_recordset(\(try JSONRows.encode(rows.patientTags))::jsonb) AS x(organization_id uuid, patient_id uuid, tag_id uuid)
                ON CONFLICT DO NOTHING
                """, logger: logger)
        }
        if !rows.referrals.isEmpty {
            try await conn.query("""
                INSERT INTO patient_referrals (organization_id, id, patient_id, physician_name, physician_email,
                    physician_phone, physician_fax, physician_group, physician_npi, physician_address, physician_address_2,
                    physician_city, physician_zip, icd_codes, service_types, start_date, end_date, location_id, file_id,
                    created_at, updated_at)
                SELECT x.organization_id, x.id, x.patient_id, x.physician_name, x.physician_email, x.physician_phone,
                    x.physician_fax, x.physician_group, x.physician_npi, x.physician_address, x.physician_address_2,
                    x.physician_city, x.physician_zip, ARRAY(SELECT jsonb_array_elements_text(x.icd_codes)),
                    ARRAY(SELECT jsonb_array_elements_text(x.service_types)), x.start_date::date, x.end_date::date,
                    x.location_id, x.file_id, to_timestamp(x.created_at), to_timestamp(x.created_at)
                FROM jsonb_to_recordset(\(try JSONRows.encode(rows.referrals))::jsonb) AS x(organization_id uuid, id uuid,
                    patient_id uuid, physician_name text, physician_email text, physician_phone text, physician_fax text,
                    physician_group text, physician_npi text, physician_address text, physician_address_2 text,
                    physician_city text, physician_zip text, icd_codes jsonb, service_types jsonb, start_date text,
                    end_date text, location_id uuid, file_id text, created_at double precision)
                ON CONFLICT DO NOTHING
                """, logger: logger)
        }
        if !rows.externalIds.isEmpty {
            try await conn.query("""
                INSERT INTO patient_external_ids (organization_id, patient_id, type_id, value, created_at, updated_at)
                SELECT x.organization_id, x.patient_id, x.type_id, x.value, to_timestamp(x.created_at), to_timestamp(x.created_at)
                FROM jsonb_to_recordset(\(try JSONRows.encode(rows.externalIds))::jsonb) AS x(organization_id uuid,
                    patient_id uuid, type_id uuid, value text, created_at double precision)
                ON CONFLICT DO NOTHING
                """, logger: logger)
        }
        if !rows.history.isEmpty {
            try await conn.query("""
                INSERT INTO patient_history (organization_id, event_id, patient_id, occurred_at, event_type, action,
                    actor, channel, changes)
                SELECT x.organization_id, x.event_id, x.patient_id, to_timestamp(x.occurred_at), x.event_type, x.action,
                    x.actor, x.channel, x.changes
                FROM jsonb_to_recordset(\(try JSONRows.encode(rows.history))::jsonb) AS x(organization_id uuid,
                    event_id uuid, patient_id uuid, occurred_at double precision, event_type text, action text,
                    actor text, channel text, changes jsonb)
                ON CONFLICT DO NOTHING
                """, logger: logger)
        }
    }

    /// Every fact but a creation, one statement (or a few) each, in log order.
    static func sequential(_ e: EventEnvelope, on conn: PostgresConnection, logger: Logger) async throws {
        let org = e.organizationId, at = e.time
        switch e.event {
        case .organization(.organizationCreated(let o)):
            try await conn.query("""
                INSERT INTO organizations (organization_id, name, created_at) VALUES (\(org), \(o.name), \(at))
                ON CONFLICT DO NOTHING
                """, logger: logger)
        case .organization(.apiKeyIssued(let k)):
            try await conn.query("""
                INSERT INTO api_keys (organization_id, key_id, key_hash, key_prefix, created_at)
                VALUES (\(org), \(k.keyId), \(k.keyHash), \(k.keyPrefix), \(at)) ON CONFLICT DO NOTHING
                """, logger: logger)
        case .organization(.locationCreated(let l)), .organization(.locationUpdated(let l)):
            try await conn.query("""
                INSERT INTO locations (organization_id, id, name, address, timezone, created_at, updated_at)
                VALUES (\(org), \(l.id), \(l.name), \(l.address), \(l.timezone), \(at), \(at))
                ON CONFLICT (organization_id, id) DO UPDATE SET name = EXCLUDED.name, address = EXCLUDED.address,
                    timezone = EXCLUDED.timezone, updated_at = EXCLUDED.updated_at
                """, logger: logger)
        case .organization(.workflowStageCreated(let s)), .organization(.workflowStageUpdated(let s)):
            let actions = try JSONRows.encode(s.actions)
            try await conn.query("""
                INSERT INTO workflow_stages (organization_id, id, title, "order", description, actions, created_at, updated_at)
                VALUES (\(org), \(s.id), \(s.title), \(s.order), \(s.description), \(actions)::jsonb, \(at), \(at))
                ON CONFLICT (organization_id, id) DO UPDATE SET title = EXCLUDED.title, "order" = EXCLUDED."order",
                    description = EXCLUDED.description, actions = EXCLUDED.actions, updated_at = EXCLUDED.updated_at
                """, logger: logger)
        case .organization(.userCreated(let u)), .organization(.userUpdated(let u)):
            try await conn.query("""
                INSERT INTO users (organization_id, id, name, email, created_at, updated_at)
                VALUES (\(org), \(u.id), \(u.name), \(u.email), \(at), \(at))
                ON CONFLICT (organization_id, id) DO UPDATE SET name = EXCLUDED.name, email = EXCLUDED.email,
                    updated_at = EXCLUDED.updated_at
                """, logger: logger)
        case .organization(.externalIdTypeCreated(let t)):
            try await conn.query("""
                INSERT INTO external_id_types (organization_id, id, name, created_at) VALUES (\(org), \(t.id), \(t.name), \(at))
                ON CONFLICT DO NOTHING
                """, logger: logger)
        case .organization(.tagCreated(let t)):
            try await conn.query("""
                INSERT INTO tags (organization_id, id, name, created_at) VALUES (\(org), \(t.id), \(t.name), \(at))
                ON CONFLICT DO NOTHING
                """, logger: logger)
        case .patients(.patientCreated):
            break  // bulk path
        case .patients(.patientUpdated(let u)):
            try await PatientUpdateSQL.apply(u, envelope: e, on: conn, logger: logger)
        case .patients(.externalIdAssigned(let x)):
            try await conn.query("""
                INSERT INTO patient_external_ids (organization_id, patient_id, type_id, value, created_at, updated_at)
                VALUES (\(org), \(x.patientId), \(x.typeId), \(x.value), \(at), \(at))
                ON CONFLICT (organization_id, patient_id, type_id) DO UPDATE SET value = EXCLUDED.value, updated_at = EXCLUDED.updated_at
                """, logger: logger)
            try await PatientUpdateSQL.touch(x.patientId, envelope: e, on: conn, logger: logger)
        case .patients(.externalIdReassigned(let x)):
            try await conn.query("""
                UPDATE patient_external_ids SET value = \(x.newValue), updated_at = \(at)
                WHERE organization_id = \(org) AND patient_id = \(x.patientId) AND type_id = \(x.typeId)
                """, logger: logger)
            try await PatientUpdateSQL.touch(x.patientId, envelope: e, on: conn, logger: logger)
        case .patients(.communicationRecorded(let c)):
            try await conn.query("""
                INSERT INTO patient_communications (organization_id, id, patient_id, channel, direction, occurred_at, summary)
                VALUES (\(org), \(c.communicationId), \(c.patientId), \(c.channel.rawValue), \(c.direction.rawValue), \(c.occurredAt), \(c.summary))
                ON CONFLICT DO NOTHING
                """, logger: logger)
            try await conn.query("""
                UPDATE patients SET first_communication_at = COALESCE(first_communication_at, \(c.occurredAt)),
                    version = \(e.aggregateVersion), updated_at = \(at)
                WHERE organization_id = \(org) AND id = \(c.patientId)
                """, logger: logger)
        }
    }

    static func savePositions(projector: String, topic: String, _ positions: [Int32: Int64], on conn: PostgresConnection, logger: Logger) async throws {
        for (partition, next) in positions {
            try await conn.query("""
                INSERT INTO projection_positions (projector, topic, partition, next_offset) VALUES (\(projector), \(topic), \(partition), \(next))
                ON CONFLICT (projector, topic, partition) DO UPDATE
                    SET next_offset = GREATEST(projection_positions.next_offset, EXCLUDED.next_offset), updated_at = now()
                """, logger: logger)
        }
    }

    static func loadPositions(projector: String, topic: String, client: PostgresClient, logger: Logger) async throws -> [Int32: Int64] {
        var out: [Int32: Int64] = [:]
        let rows = try await client.query("""
            SELECT partition, next_offset FROM projection_positions WHERE projector = \(projector) AND topic = \(topic)
            """, logger: logger)
        for try await (p, o) in rows.decode((Int32, Int64).self) { out[p] = o }
        return out
    }
}
