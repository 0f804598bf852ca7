import Domain
import EventStore
import Foundation
import Logging
import PostgresNIO

/// The SQL of one patients batch. Runs inside the batch's transaction.
enum PatientSQL {
    static func creations(_ rows: PatientRows, on conn: PostgresConnection, logger: Logger) async throws {
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
    }

    /// Every fact but a creation, one statement (or a few) each, in log order.
    static func sequential(_ fact: PatientEvent, _ e: EventEnvelope, on conn: PostgresConnection, logger: Logger) async throws {
        let org = e.organizationId, at = e.time
        switch fact {
        case .patientCreated:
            break  // bulk path
        case .patientUpdated(let u):
            try await PatientUpdateSQL.apply(u, envelope: e, on: conn, logger: logger)
        case .externalIdAssigned(let x):
            try await conn.query("""
                INSERT INTO patient_external_ids (organization_id, patient_id, type_id, value, created_at, updated_at)
                VALUES (\(org), \(x.patientId), \(x.typeId), \(x.value), \(at), \(at))
                ON CONFLICT (organization_id, patient_id, type_id) DO UPDATE SET value = EXCLUDED.value, updated_at = EXCLUDED.updated_at
                """, logger: logger)
            try await PatientUpdateSQL.touch(x.patientId, envelope: e, on: conn, logger: logger)
        case .externalIdReassigned(let x):
            try await conn.query("""
                UPDATE patient_external_ids SET value = \(x.newValue), updated_at = \(at)
                WHERE organization_id = \(org) AND patient_id = \(x.patientId) AND type_id = \(x.typeId)
                """, logger: logger)
            try await PatientUpdateSQL.touch(x.patientId, envelope: e, on: conn, logger: logger)
        case .communicationRecorded(let c):
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
        case .possibleDuplicateFound(let d):
            let evidence = String(decoding: try JSONEncoder().encode(d.evidence), as: UTF8.self)
            try await conn.query("""
                INSERT INTO patient_possible_duplicates (organization_id, patient_id, candidate_id, probability, weights_version, evidence, found_at)
                VALUES (\(org), \(d.patientId), \(d.candidateId), \(d.probability), \(d.weightsVersion), \(evidence)::jsonb, \(at))
                ON CONFLICT DO NOTHING
                """, logger: logger)
            try await PatientUpdateSQL.touch(d.patientId, envelope: e, on: conn, logger: logger)
        case .patientsMerged(let m):
            try await ReviewSQL.merge(m, envelope: e, on: conn, logger: logger)
        case .patientsMarkedNotDuplicate(let d):
            try await ReviewSQL.resolve(d.patientId, d.otherPatientId, as: "not_duplicate", envelope: e, on: conn, logger: logger)
            try await PatientUpdateSQL.touch(d.patientId, envelope: e, on: conn, logger: logger)
        }
    }
}
