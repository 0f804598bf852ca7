import Foundation

/// A patient record was created, with everything known at creation.
public struct PatientCreated: Codable, Sendable, Equatable {
    public var patientId: UUID
    public var profile: PatientProfile
    public var tagIds: [UUID]
    public var referrals: [Referral]
    public var externalIds: [ExternalIdValue]
    public var createdFrom: SourceChannel

    public init(patientId: UUID, profile: PatientProfile, tagIds: [UUID], referrals: [Referral],
                externalIds: [ExternalIdValue], createdFrom: SourceChannel) {
        self.patientId = patientId; self.profile = profile; self.tagIds = tagIds
        self.referrals = referrals; self.externalIds = externalIds; self.createdFrom = createdFrom
    }

    enum CodingKeys: String, CodingKey {
        case patientId = "patient_id", profile, tagIds = "tag_ids", referrals
        case externalIds = "external_ids", createdFrom = "created_from"
    }
}
