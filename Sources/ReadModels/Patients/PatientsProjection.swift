import EventStore
import Foundation
import Logging
import PostgresNIO

/// Patients with their tags, referrals, external ids and communications.
public struct PatientsProjection: Projection {
    public static let name = "patients"
    public var name: String { Self.name }
    public let eventTypes: Set<String>? = [
        "clinicledger.patient.created.v1", "clinicledger.patient.updated.v1",
        "clinicledger.patient.external_id_assigned.v1", "clinicledger.patient.external_id_reassigned.v1",
        "clinicledger.patient.communication_recorded.v1",
    ]
    public let tables = ["patients", "patient_tags", "patient_referrals", "patient_external_ids", "patient_communications"]

    public init() {}

    public func apply(_ events: [StoredEvent], on conn: PostgresConnection, logger: Logger) async throws {
        let fresh = try await ProjectedEvents.claim(projector: name, events.map(\.envelope.eventId), on: conn, logger: logger)
        var rows = PatientRows()
        var applied = Set<UUID>()
        for e in events where fresh.contains(e.envelope.eventId) && applied.insert(e.envelope.eventId).inserted {
            rows.project(e)
        }
        // Creations in bulk first (a batch's later facts may touch patients it creates), then the rest in log order.
        try await PatientSQL.creations(rows, on: conn, logger: logger)
        for (fact, e) in rows.sequential { try await PatientSQL.sequential(fact, e, on: conn, logger: logger) }
    }
}
