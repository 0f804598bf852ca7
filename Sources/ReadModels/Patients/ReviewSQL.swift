import Domain
import EventStore
import Foundation
import Logging
import PostgresNIO

/// The review queue's verdicts in the patients read model. Runs inside the batch's transaction.
enum ReviewSQL {
    /// The merged patient's row stays (its reads redirect to the survivor); whatever was merged
    /// into it now points at the survivor too. External ids of types the survivor lacks move to
    /// it; the phone lock starts at the first communication with either.
    static func merge(_ m: PatientsMerged, envelope e: EventEnvelope, on conn: PostgresConnection, logger: Logger) async throws {
        let org = e.organizationId, at = e.time, survivor = m.patientId, merged = m.mergedPatientId
        try await conn.query("""
            UPDATE patients SET merged_into = \(survivor), merged_at = COALESCE(merged_at, \(at)), updated_at = \(at)
            WHERE organization_id = \(org) AND (id = \(merged) OR merged_into = \(merged))
            """, logger: logger)
        try await conn.query("""
            UPDATE patient_external_ids x SET patient_id = \(survivor), updated_at = \(at)
            WHERE x.organization_id = \(org) AND x.patient_id = \(merged)
              AND NOT EXISTS (SELECT 1 FROM patient_external_ids s
                              WHERE s.organization_id = \(org) AND s.patient_id = \(survivor) AND s.type_id = x.type_id)
            """, logger: logger)
        try await conn.query("""
            UPDATE patients SET first_communication_at = (SELECT min(first_communication_at) FROM patients
                                                           WHERE organization_id = \(org) AND id IN (\(survivor), \(merged)))
            WHERE organization_id = \(org) AND id = \(survivor)
            """, logger: logger)
        try await resolve(survivor, merged, as: "merged", envelope: e, on: conn, logger: logger)
        try await PatientUpdateSQL.touch(survivor, envelope: e, on: conn, logger: logger)
    }

    /// Closes the pair's possible duplicate, whichever way round it was recorded.
    static func resolve(_ a: UUID, _ b: UUID, as status: String, envelope e: EventEnvelope, on conn: PostgresConnection, logger: Logger) async throws {
        try await conn.query("""
            UPDATE patient_possible_duplicates SET status = \(status), resolved_at = \(e.time)
            WHERE organization_id = \(e.organizationId) AND status = 'open'
              AND ((patient_id = \(a) AND candidate_id = \(b)) OR (patient_id = \(b) AND candidate_id = \(a)))
            """, logger: logger)
    }
}
