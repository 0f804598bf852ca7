import Foundation

/// A patient's validated, normalised demographic and workflow fields, as events carry them.
public struct PatientProfile: Codable, Sendable, Equatable {
    /// Batch creation requires both names; an upsert may create a patient known only by phone.
    public var firstName: String?
    public var lastName: String?
    public var middleName: String?
    public var phoneNumber: String?
    public var additionalPhoneNumber: String?
    public var email: String?
    public var dateOfBirth: CalendarDate?
    public var gender: Gender?
    public var address: String?
    public var address2: String?
    public var city: String?
    public var state: USState?
    public var zip: String?
    public var comments: String?
    public var workflowStageId: UUID?
    public var assignedUserId: UUID?
    public var locationId: UUID?

    public init(firstName: String?, lastName: String?) {
        self.firstName = firstName
        self.lastName = lastName
    }

    enum CodingKeys: String, CodingKey {
        case firstName = "first_name", lastName = "last_name", middleName = "middle_name"
        case phoneNumber = "phone_number", additionalPhoneNumber = "additional_phone_number"
        case email, dateOfBirth = "date_of_birth", gender, address, address2, city, state, zip, comments
        case workflowStageId = "workflow_stage_id", assignedUserId = "assigned_user_id", locationId = "location_id"
    }
}
