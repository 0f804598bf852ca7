import Foundation

/// A patient record was created, with everything known at creation.
public struct PatientCreated: Codable, Sendable, Equatable {
    public var patientId: UUID
    public var profile: PatientProfile
    public var tagIds: [UUID]
    public var referrals: [Referral]
    public var externalIds: [ExternalIdValue]
    public var createdFrom: SourceChannel
    /// Upsert creation only: payors and custom fields as sent, and the request fields that were
    /// dropped — always present (possibly empty) on an upsert's creation, absent on a batch item's.
    public var payors: [JSONValue]?
    public var customFields: JSONValue?
    public var droppedFields: [String]?

    public init(patientId: UUID, profile: PatientProfile, tagIds: [UUID], referrals: [Referral],
                externalIds: [ExternalIdValue], createdFrom: SourceChannel,
                payors: [JSONValue]? = nil, customFields: JSONValue? = nil, droppedFields: [String]? = nil) {
        self.patientId = patientId; self.profile = profile; self.tagIds = tagIds
        self.referrals = referrals; self.externalIds = externalIds; self.createdFrom = createdFrom
        self.payors = payors; self.customFields = customFields; self.droppedFields = droppedFields
    }

    enum CodingKeys: String, CodingKey {
        case patientId = "patient_id", profile, tagIds = "tag_ids", referrals
        case externalIds = "external_ids", createdFrom = "created_from"
        case payors, customFields = "custom_fields", droppedFields = "dropped_fields"
    }
}
