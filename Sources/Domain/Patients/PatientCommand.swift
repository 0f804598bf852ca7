import Foundation

/// Patient intake: seed 000's strict batch, seed 001's forgiving upsert, and communications.
public enum PatientCommand: Sendable, Equatable {
    case createPatientsBatch(CreatePatientsBatch)
    case upsertPatient(UpsertPatient)
    case recordCommunication(RecordCommunication)
    /// The review queue (issue 13): two patients are one, or are not.
    case mergePatients(MergePatients)
    case markNotDuplicate(MarkNotDuplicate)
}

/// `POST /v1/patients/{id}/merge`: `mergedId` is folded into `survivorId`.
public struct MergePatients: Sendable, Equatable {
    public var survivorId: UUID
    public var mergedId: UUID
    public init(survivorId: UUID, mergedId: UUID) { self.survivorId = survivorId; self.mergedId = mergedId }
}

/// `POST /v1/patients/{id}/not-duplicate`: the two are different people.
public struct MarkNotDuplicate: Sendable, Equatable {
    public var patientId: UUID
    public var otherPatientId: UUID
    public init(patientId: UUID, otherPatientId: UUID) { self.patientId = patientId; self.otherPatientId = otherPatientId }
}

/// Seed 000: create 1–500 patients, all or nothing.
public struct CreatePatientsBatch: Sendable, Equatable {
    public var items: [PatientDraft]
    public init(items: [PatientDraft]) { self.items = items }
}

/// Seed 001: forgiving create-or-update with record matching.
public struct UpsertPatient: Sendable, Equatable {
    public var draft: UpsertDraft
    public init(draft: UpsertDraft) { self.draft = draft }
}

/// A communication with a patient took place (the first one starts the phone lock).
public struct RecordCommunication: Sendable, Equatable {
    public var patientId: UUID
    public var channel: CommunicationChannel
    public var direction: CommunicationDirection
    /// When it happened; nil = now.
    public var occurredAt: Date?
    public var summary: String?
    public init(patientId: UUID, channel: CommunicationChannel, direction: CommunicationDirection, occurredAt: Date?, summary: String?) {
        self.patientId = patientId; self.channel = channel; self.direction = direction; self.occurredAt = occurredAt; self.summary = summary
    }
}
