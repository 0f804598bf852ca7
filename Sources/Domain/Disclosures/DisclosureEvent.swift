import Foundation

/// Facts of the accounting of disclosures.
public enum DisclosureEvent: Sendable, Equatable {
    case patientRecordAccessed(PatientRecordAccessed)

    /// Each batch is an aggregate of its own, written once by one command: a patient's own stream
    /// (and its version, which the read model's `patients.version` follows) is not touched by reads.
    public var aggregate: (type: String, id: UUID)? {
        switch self {
        case .patientRecordAccessed(let e): return ("disclosure_batch", e.batchId)
        }
    }
}

/// One patient's record was read, once or more, within one batch: one event per patient per batch
/// keeps events small (a list page of 100 patients is 100 small events, not one large one).
public struct PatientRecordAccessed: Codable, Sendable, Equatable {
    public var batchId: UUID
    public var patientId: UUID
    /// In the order they happened.
    public var accesses: [RecordAccess]

    public init(batchId: UUID, patientId: UUID, accesses: [RecordAccess]) {
        self.batchId = batchId; self.patientId = patientId; self.accesses = accesses
    }

    enum CodingKeys: String, CodingKey { case batchId = "batch_id", patientId = "patient_id", accesses }
}
