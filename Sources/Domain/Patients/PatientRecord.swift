import Foundation

/// Everything the decision state holds of one patient: what an upsert compares against to find
/// the fields that really change.
public struct PatientRecord: Sendable, Equatable {
    public var id: UUID
    public var profile: PatientProfile
    public var tagIds: [UUID]
    public var referrals: [Referral]
    public var payors: [JSONValue]
    /// A JSON object.
    public var customFields: JSONValue
    /// External-id type → value.
    public var externalIds: [UUID: String]
    public var firstCommunicationAt: Date?

    public init(id: UUID, profile: PatientProfile, tagIds: [UUID] = [], referrals: [Referral] = [], payors: [JSONValue] = [],
                customFields: JSONValue = .object([]), externalIds: [UUID: String] = [:], firstCommunicationAt: Date? = nil) {
        self.id = id; self.profile = profile; self.tagIds = tagIds; self.referrals = referrals; self.payors = payors
        self.customFields = customFields; self.externalIds = externalIds; self.firstCommunicationAt = firstCommunicationAt
    }

    public var matchable: MatchableRecord {
        MatchableRecord(id: id, firstName: profile.firstName, lastName: profile.lastName, dateOfBirth: profile.dateOfBirth,
                        phones: [profile.phoneNumber, profile.additionalPhoneNumber].compactMap { $0 }, email: profile.email,
                        gender: profile.gender, address: profile.address, city: profile.city, state: profile.state, zip: profile.zip)
    }
}

/// Snapshot coding: bump `OrganizationState.snapshotFormat` when a stored property changes.
extension PatientRecord: Codable {}
