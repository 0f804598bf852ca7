/// Seed 001's forgiving upsert request after the body has been read: every field optional,
/// unknown fields ignored, and a value of the wrong JSON type already dropped and named in
/// `droppedFields`. Text is kept as sent; `UpsertNormalizer` turns it into values.
public struct UpsertDraft: Sendable, Equatable {
    public var externalId: ExternalIdDraft?
    public var firstName: String?
    public var lastName: String?
    public var middleName: String?
    public var dateOfBirth: String?
    public var gender: String?
    public var phoneNumber: String?
    public var additionalPhoneNumber: String?
    public var email: String?
    public var address: String?
    public var address2: String?
    public var city: String?
    public var state: String?
    public var zip: String?
    public var comments: String?
    public var workflowStageId: String?
    public var assignedUserId: String?
    public var locationId: String?
    public var tags: [String]?
    public var referral: UpsertReferralDraft?
    /// Payors as sent (objects with subscriber, services, location_rates); stored and returned as given.
    public var payors: [JSONValue]?
    /// A JSON object, stored as given.
    public var customFields: JSONValue?
    /// Request field paths dropped while reading the body (wrong JSON type), e.g. `date_of_birth`, `referral.icd_codes[1]`.
    public var droppedFields: [String] = []

    public init() {}
}

/// `external_id` of an upsert: `{type_id, value}`.
public struct ExternalIdDraft: Sendable, Equatable {
    public var typeId: String?
    public var value: String?
    public init(typeId: String?, value: String?) { self.typeId = typeId; self.value = value }
}

/// The referral of an upsert, as sent (seed 001 adds the physician address fields and file_id).
public struct UpsertReferralDraft: Sendable, Equatable {
    public var physicianName: String?
    public var physicianEmail: String?
    public var physicianPhone: String?
    public var physicianFax: String?
    public var physicianGroup: String?
    public var physicianNpi: String?
    public var physicianAddress: String?
    public var physicianAddress2: String?
    public var physicianCity: String?
    public var physicianZip: String?
    public var icdCodes: [String]?
    public var serviceTypes: [String]?
    public var startDate: String?
    public var endDate: String?
    public var locationId: String?
    public var fileId: String?
    public init() {}
}
