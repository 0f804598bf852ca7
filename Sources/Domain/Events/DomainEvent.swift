import Foundation

/// Every fact ClinicLedger records. Past tense, one case per fact; a released case never
/// changes shape (a new shape is a new versioned type, see EventStore's type registry).
public enum DomainEvent: Sendable, Equatable {
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
    case patientCreated(PatientCreated)
    case patientUpdated(PatientUpdated)
    case externalIdAssigned(ExternalIdAssigned)
    case externalIdReassigned(ExternalIdReassigned)
    case communicationRecorded(CommunicationRecorded)

    /// The aggregate a fact belongs to, for `ce_subject` and `ce_aggregatetype`.
    public var aggregate: (type: String, id: UUID)? {
        switch self {
        case .organizationCreated, .apiKeyIssued: return nil  // the organization itself: see subject(organizationId:)
        case .locationCreated(let l), .locationUpdated(let l): return ("location", l.id)
        case .workflowStageCreated(let s), .workflowStageUpdated(let s): return ("workflow_stage", s.id)
        case .userCreated(let u), .userUpdated(let u): return ("user", u.id)
        case .externalIdTypeCreated(let t): return ("external_id_type", t.id)
        case .tagCreated(let t): return ("tag", t.id)
        case .patientCreated(let p): return ("patient", p.patientId)
        case .patientUpdated(let p): return ("patient", p.patientId)
        case .externalIdAssigned(let x): return ("patient", x.patientId)
        case .externalIdReassigned(let x): return ("patient", x.patientId)
        case .communicationRecorded(let c): return ("patient", c.patientId)
        }
    }

    /// Aggregate type and id, with organization-level facts belonging to the organization.
    public func subject(organizationId: UUID) -> (type: String, id: UUID) {
        aggregate ?? ("organization", organizationId)
    }
}
