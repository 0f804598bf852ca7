import Foundation

/// A person decided two patients are one (`POST /v1/patients/{id}/merge`): the survivor
/// (`patientId`, the aggregate) keeps its record and takes over the merged one's external ids,
/// History and attendance; the merged patient no longer matches and its reads redirect to the
/// survivor. Shown in both patients' History.
public struct PatientsMerged: Codable, Sendable, Equatable {
    /// The survivor.
    public var patientId: UUID
    public var mergedPatientId: UUID
    /// The external ids the merged patient held, each now answering for the survivor (the survivor
    /// shows a type's value as its own only where it held none of that type).
    public var externalIds: [ExternalIdValue]

    public init(patientId: UUID, mergedPatientId: UUID, externalIds: [ExternalIdValue]) {
        self.patientId = patientId; self.mergedPatientId = mergedPatientId; self.externalIds = externalIds
    }

    enum CodingKeys: String, CodingKey {
        case patientId = "patient_id", mergedPatientId = "merged_patient_id", externalIds = "external_ids"
    }
}

/// A person decided two patients are different people (`POST /v1/patients/{id}/not-duplicate`):
/// the pair leaves the review queue and is never suggested again. Shown in both patients' History.
public struct PatientsMarkedNotDuplicate: Codable, Sendable, Equatable {
    public var patientId: UUID
    public var otherPatientId: UUID

    public init(patientId: UUID, otherPatientId: UUID) { self.patientId = patientId; self.otherPatientId = otherPatientId }

    enum CodingKeys: String, CodingKey { case patientId = "patient_id", otherPatientId = "other_patient_id" }
}

/// Two patients, in either order: the unit the review queue remembers.
public struct PatientPair: Sendable, Hashable, Codable {
    public let first: UUID, second: UUID
    public init(_ a: UUID, _ b: UUID) {
        (first, second) = a.uuidString < b.uuidString ? (a, b) : (b, a)
    }
}
