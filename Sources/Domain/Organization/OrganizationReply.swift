import Foundation

/// What the organization's commands answer.
public enum OrganizationReply: Sendable, Equatable, Codable {
    case organizationCreated(organizationId: UUID)
    /// `issued` is false when the key was already known (nothing recorded).
    case apiKeyIssued(issued: Bool)
    /// The reference data after the declaration, and how many facts it recorded.
    case referenceDataApplied(snapshot: ReferenceDataSnapshot, changes: Int)
}

/// An organization's reference data at one point, for the reply to a declaration.
public struct ReferenceDataSnapshot: Sendable, Equatable, Codable {
    public var locations: [Location]
    public var workflowStages: [WorkflowStage]
    public var users: [StaffUser]
    public var externalIdTypes: [ExternalIdType]

    public init(locations: [Location], workflowStages: [WorkflowStage], users: [StaffUser], externalIdTypes: [ExternalIdType]) {
        self.locations = locations; self.workflowStages = workflowStages; self.users = users; self.externalIdTypes = externalIdTypes
    }
}
