import Foundation

/// What the patient commands answer.
public enum PatientReply: Sendable, Equatable, Codable {
    /// The batch's patients, in request order.
    case patientsCreated(patientIds: [UUID])
    case patientUpserted(result: UpsertResult)
    /// `occurredAt` as recorded (the server's clock when the request gave none).
    case communicationRecorded(patientId: UUID, communicationId: UUID, occurredAt: Date)
    case patientsMerged(survivorId: UUID, mergedId: UUID)
    case notDuplicateRecorded(patientId: UUID, otherPatientId: UUID)
}

/// How an upsert resolved: the patient, whether it was created, the tier that matched, and the
/// request fields that were dropped. The probabilistic tier adds its probability: of the merge
/// (tier `probabilistic`), or of the possible duplicate recorded beside a created patient.
public struct UpsertResult: Sendable, Equatable, Codable {
    public var patientId: UUID
    public var created: Bool
    public var tier: MatchTier?
    public var droppedFields: [String]
    public var possibleDuplicateOf: UUID?
    public var matchProbability: Double?

    public init(patientId: UUID, created: Bool, tier: MatchTier?, droppedFields: [String],
                possibleDuplicateOf: UUID? = nil, matchProbability: Double? = nil) {
        self.patientId = patientId; self.created = created; self.tier = tier; self.droppedFields = droppedFields
        self.possibleDuplicateOf = possibleDuplicateOf; self.matchProbability = matchProbability
    }
}
