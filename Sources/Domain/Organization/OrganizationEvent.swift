import Foundation

/// Facts of the organization itself and its reference data.
public enum OrganizationEvent: Sendable, Equatable {
    case organizationCreated(OrganizationCreated)
    case apiKeyIssued(ApiKeyIssued)
    case locationCreated(Location)
    case locationUpdated(Location)
    case workflowStageCreated(WorkflowStage)
    case workflowStageUpdated(WorkflowStage)
    case userCreated(StaffUser)
    case userUpdated(StaffUser)
    case externalIdTypeCreated(ExternalIdType)
    case tagCreated(Tag)

    /// The entity a fact is about; nil for the organization itself.
    public var aggregate: (type: String, id: UUID)? {
        switch self {
        case .organizationCreated, .apiKeyIssued: return nil
        case .locationCreated(let l), .locationUpdated(let l): return ("location", l.id)
        case .workflowStageCreated(let s), .workflowStageUpdated(let s): return ("workflow_stage", s.id)
        case .userCreated(let u), .userUpdated(let u): return ("user", u.id)
        case .externalIdTypeCreated(let t): return ("external_id_type", t.id)
        case .tagCreated(let t): return ("tag", t.id)
        }
    }
}
