import EventStore
import Foundation
import Logging
import PostgresNIO

/// Patients with their tags, referrals, external ids and communications.
public struct PatientsProjection: Projection {
    public static let name = "patients"
    public var name: String { Self.name }
    public let eventTypes: Set<String>? = Set(PatientEventType.allCases.map(\.rawValue))
    public let tables = ["patients", "patient_tags", "patient_referrals", "patient_external_ids", "patient_communications",
                         "patient_possible_duplicates"]

    public init() {}

    public func apply(_ events: [StoredEvent], on conn: PostgresConnection, logger: Logger) async throws {
        let fresh = try await ProjectedEvents.claim(projector: name, events.map(\.envelope.eventId), on: conn, logger: logger)
        // Log order, with each run of consecutive creations (a batch command's) inserted in bulk:
        // a later fact may touch a patient just created, and a creation may take an external id
        // that an earlier reassignment freed.
        var run = PatientRows()
        var applied = Set<UUID>()
        for e in events where fresh.contains(e.envelope.eventId) && applied.insert(e.envelope.eventId).inserted {
            guard case .patients(let fact) = e.envelope.event else { continue }
            if case .patientCreated(let created) = fact {
                run.add(created, from: e)
                continue
            }
            if !run.isEmpty {
                try await PatientSQL.creations(run, on: conn, logger: logger)
                run = PatientRows()
            }
            try await PatientSQL.sequential(fact, e.envelope, on: conn, logger: logger)
        }
        if !run.isEmpty { try await PatientSQL.creations(run, on: conn, logger: logger) }
    }
}
