import Domain
import Foundation

/// A patient as the read model holds it, with its nested parts; HTTPAPI renders it in seed 001's shape.
public struct PatientView: Sendable {
    public var id: UUID
    public var organizationId: UUID
    public var createdAt: Date
    public var updatedAt: Date
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
    public var comments: String?
    public var workflowStageId: UUID?
    public var assignedUserId: UUID?
    public var locationId: UUID?
    public var createdFrom: String
    public var active: Bool
    public var version: Int
    public var firstCommunicationAt: Date?
    public var customFieldsJSON: String
    public var payorsJSON: String
    /// The survivor this patient was merged into (the review queue); its reads redirect there.
    public var mergedInto: UUID?
    public var tags: [TagView] = []
    public var workflowStage: WorkflowStageView?
    public var assignedUser: UserView?
    public var referrals: [ReferralView] = []
    public var externalIds: [ExternalIdView] = []
}

public struct ReferralView: Sendable {
    public var id: UUID
    public var physicianName: String?, physicianEmail: String?, physicianPhone: String?, physicianFax: String?
    public var physicianGroup: String?, physicianNpi: String?, physicianAddress: String?, physicianAddress2: String?
    public var physicianCity: String?, physicianZip: String?
    public var icdCodes: [String], serviceTypes: [String]
    public var startDate: String?, endDate: String?, locationId: UUID?, fileId: String?
    public var createdAt: Date, updatedAt: Date
}

public struct ExternalIdView: Sendable {
    public var patientId: UUID
    public var value: String
    public var type: ExternalIdTypeView
    public var createdAt: Date
    public var updatedAt: Date
}
