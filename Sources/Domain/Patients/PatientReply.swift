import Foundation

/// What the patient commands answer.
public enum PatientReply: Sendable, Equatable, Codable {
    /// The batch's patients, in request order.
    case patientsCreated(patientIds: [UUID])
    case patientUpserted(result: UpsertResult)
    /// `occurredAt` as recorded (the server's clock when the request gave none).
    case communicationRecorded(patientId: UUID, communicationId: UUID, occurredAt: Date)
}

/// How an upsert resolved: the patient, whether it was created, the tier that matched, and the
/// request fields that were dropped.
public struct UpsertResult: Sendable, Equatable, Codable {
    public var patientId: UUID
    public var created: Bool
    public var tier: MatchTier?
    public var droppedFields: [String]

    public init(patientId: UUID, created: Bool, tier: MatchTier?, droppedFields: [String]) {
        self.patientId = patientId; self.created = created; self.tier = tier; self.droppedFields = droppedFields
    }
}
