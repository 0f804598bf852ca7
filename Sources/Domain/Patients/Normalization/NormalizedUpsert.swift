import Foundation

/// An upsert after normalisation: only values that parsed, in their canonical form. Everything
/// the request supplied but could not be used is named in `droppedFields` (request paths).
public struct NormalizedUpsert: Sendable, Equatable {
    public var externalId: ExternalIdValue?
    public var firstName: String?
    public var lastName: String?
    public var middleName: String?
    public var dateOfBirth: CalendarDate?
    public var gender: Gender?
    /// E.164.
    public var phoneNumber: String?
    public var additionalPhoneNumber: String?
    public var email: String?
    public var address: String?
    public var address2: String?
    public var city: String?
    public var state: USState?
    public var zip: String?
    public var comments: String?
    public var workflowStageId: UUID?
    public var assignedUserId: UUID?
    public var locationId: UUID?
    /// Tag names, trimmed, first spelling kept, case-insensitive duplicates removed.
    public var tags: [String]?
    /// The referral's values; its `id` is a placeholder the decider replaces.
    public var referral: Referral?
    public var payors: [JSONValue]?
    public var customFields: JSONValue?
    public var droppedFields: [String] = []

    public init() {}

    /// Seed 001's invariant: a phone, or full demographics.
    public var hasPhone: Bool { phoneNumber != nil }
    public var hasFullDemographics: Bool { firstName != nil && lastName != nil && dateOfBirth != nil }
}
