/// One item of a batch-creation request, exactly as the client sent it (seed 000).
/// Fields are kept as text so that the decider can name the offending field precisely.
public struct PatientDraft: Decodable, Sendable, Equatable {
    public var firstName: String?
    public var lastName: String?
    public var middleName: String?
    public var phoneNumber: String?
    public var additionalPhoneNumber: String?
    public var email: String?
    public var dateOfBirth: String?
    public var gender: String?
    public var address: String?
    public var address2: String?
    public var city: String?
    public var state: String?
    public var zip: String?
    public var externalId: String?
    public var comments: String?
    public var workflowStageId: String?
    public var assignedUserId: String?
    public var tags: [String]?
    public var referral: ReferralDraft?

    public init(firstName: String? = nil, lastName: String? = nil) {
        self.firstName = firstName
        self.lastName = lastName
    }

    enum CodingKeys: String, CodingKey {
        case firstName = "first_name", lastName = "last_name", middleName = "middle_name"
        case phoneNumber = "phone_number", additionalPhoneNumber = "additional_phone_number"
        case email, dateOfBirth = "date_of_birth", gender, address, address2, city, state, zip
        case externalId = "external_id", comments, workflowStageId = "workflow_stage_id"
        case assignedUserId = "assigned_user_id", tags, referral
    }
}

/// The referral of a batch item, as sent.
public struct ReferralDraft: Decodable, Sendable, Equatable {
    public var physicianName: String?
    public var physicianEmail: String?
    public var physicianPhone: String?
    public var physicianFax: String?
    public var physicianGroup: String?
    public var physicianNpi: String?
    public var icdCodes: [String]?
    public var serviceTypes: [String]?
    public var startDate: String?
    public var endDate: String?
    public var locationId: String?

    public init() {}

    enum CodingKeys: String, CodingKey {
        case physicianName = "physician_name", physicianEmail = "physician_email"
        case physicianPhone = "physician_phone", physicianFax = "physician_fax"
        case physicianGroup = "physician_group", physicianNpi = "physician_npi"
        case icdCodes = "icd_codes", serviceTypes = "service_types", startDate = "start_date"
        case endDate = "end_date", locationId = "location_id"
    }
}
