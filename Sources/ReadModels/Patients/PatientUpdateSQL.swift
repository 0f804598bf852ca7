import Domain
import EventStore
import Foundation
import Logging
import PostgresNIO

/// Applies PatientUpdated: the event carries the patient's resulting state, so the row, its tags
/// and referrals are set to it (never computed from earlier rows).
enum PatientUpdateSQL {
    static func apply(_ u: PatientUpdated, envelope e: EventEnvelope, on conn: PostgresConnection, logger: Logger) async throws {
        let org = e.organizationId, at = e.time, p = u.profile
        let payors = try JSONRows.encode(u.payors)
        let custom = String(decoding: try JSONEncoder().encode(u.customFields), as: UTF8.self)
        try await conn.query("""
            UPDATE patients SET first_name = \(p.firstName), last_name = \(p.lastName), middle_name = \(p.middleName),
                phone_number = \(p.phoneNumber), additional_phone_number = \(p.additionalPhoneNumber), email = \(p.email),
                date_of_birth = \(p.dateOfBirth?.description)::date, gender = \(p.gender?.rawValue), address = \(p.address),
                address2 = \(p.address2), city = \(p.city), state = \(p.state?.rawValue), zip = \(p.zip), comments = \(p.comments),
                workflow_stage_id = \(p.workflowStageId), assigned_user_id = \(p.assignedUserId), location_id = \(p.locationId),
                payors = \(payors)::jsonb, custom_fields = \(custom)::jsonb, version = \(e.aggregateVersion), updated_at = \(at)
            WHERE organization_id = \(org) AND id = \(u.patientId)
            """, logger: logger)
        try await conn.query("DELETE FROM patient_tags WHERE organization_id = \(org) AND patient_id = \(u.patientId)", logger: logger)
        for tag in u.tagIds {
            try await conn.query("""
                INSERT INTO patient_tags (organization_id, patient_id, tag_id) VALUES (\(org), \(u.patientId), \(tag)) ON CONFLICT DO NOTHING
                """, logger: logger)
        }
        for r in u.referrals {
            try await conn.query("""
                INSERT INTO patient_referrals (organization_id, id, patient_id, physician_name, physician_email, physician_phone,
                    physician_fax, physician_group, physician_npi, physician_address, physician_address_2, physician_city,
                    physician_zip, icd_codes, service_types, start_date, end_date, location_id, file_id, created_at, updated_at)
                VALUES (\(org), \(r.id), \(u.patientId), \(r.physicianName), \(r.physicianEmail), \(r.physicianPhone),
                    \(r.physicianFax), \(r.physicianGroup), \(r.physicianNpi), \(r.physicianAddress), \(r.physicianAddress2),
                    \(r.physicianCity), \(r.physicianZip), \(r.icdCodes), \(r.serviceTypes.map(\.rawValue)),
                    \(r.startDate?.description)::date, \(r.endDate?.description)::date, \(r.locationId), \(r.fileId), \(at), \(at))
                ON CONFLICT DO NOTHING
                """, logger: logger)
        }
    }

    /// Another fact about the patient: its version and update time move on.
    static func touch(_ patientId: UUID, envelope e: EventEnvelope, on conn: PostgresConnection, logger: Logger) async throws {
        try await conn.query("""
            UPDATE patients SET version = \(e.aggregateVersion), updated_at = \(e.time)
            WHERE organization_id = \(e.organizationId) AND id = \(patientId)
            """, logger: logger)
    }
}
