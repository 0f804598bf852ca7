import Foundation

/// Everything the decision state holds of one patient: what an upsert compares against to find
/// the fields that really change.
public struct PatientRecord: Sendable, Equatable {
    public var id: UUID
    public var profile: PatientProfile
    public var tagIds: [UUID]
    public var referrals: [Referral]
    public var payors: [JSONValue]
    public var customFields: [(String, JSONValue)]
    /// External-id type → value.
    public var externalIds: [UUID: String]
    public var firstCommunicationAt: Date?

    public init(id: UUID, profile: PatientProfile, tagIds: [UUID] = [], referrals: [Referral] = [], payors: [JSONValue] = [],
                customFields: [(String, JSONValue)] = [], externalIds: [UUID: String] = [:], firstCommunicationAt: Date? = nil) {
        self.id = id; self.profile = profile; self.tagIds = tagIds; self.referrals = referrals; self.payors = payors
        self.customFields = customFields; self.externalIds = externalIds; self.firstCommunicationAt = firstCommunicationAt
    }

    public var matchable: MatchableRecord {
        MatchableRecord(id: id, firstName: profile.firstName, lastName: profile.lastName, dateOfBirth: profile.dateOfBirth,
                        phones: [profile.phoneNumber, profile.additionalPhoneNumber].compactMap { $0 }, email: profile.email)
    }

    public static func == (a: PatientRecord, b: PatientRecord) -> Bool {
        a.id == b.id && a.profile == b.profile && a.tagIds == b.tagIds && a.referrals == b.referrals && a.payors == b.payors
            && a.customFields.map(\.0) == b.customFields.map(\.0) && a.customFields.map(\.1) == b.customFields.map(\.1)
            && a.externalIds == b.externalIds && a.firstCommunicationAt == b.firstCommunicationAt
    }
}
