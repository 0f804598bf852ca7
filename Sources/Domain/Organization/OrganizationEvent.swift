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
    case practitionerCreated(Practitioner)
    case practitionerUpdated(Practitioner)
    case appointmentTypeCreated(AppointmentType)
    case appointmentTypeUpdated(AppointmentType)
    case taskCreated(CareTask)
    case taskUpdated(CareTask)
    case unavailableBlockAdded(UnavailableBlock)
    case unavailableBlockRemoved(UnavailableBlockRemoved)
    case clinicWaitlistConfigured(ClinicWaitlist)
    case matchWeightsAdopted(MatchWeightsAdopted)

    /// The entity a fact is about; nil for the organization itself.
    public var aggregate: (type: String, id: UUID)? {
        switch self {
        case .organizationCreated, .apiKeyIssued, .matchWeightsAdopted: return nil
        case .locationCreated(let l), .locationUpdated(let l): return ("location", l.id)
        case .workflowStageCreated(let s), .workflowStageUpdated(let s): return ("workflow_stage", s.id)
        case .userCreated(let u), .userUpdated(let u): return ("user", u.id)
        case .externalIdTypeCreated(let t): return ("external_id_type", t.id)
        case .tagCreated(let t): return ("tag", t.id)
        case .practitionerCreated(let p), .practitionerUpdated(let p): return ("practitioner", p.id)
        case .appointmentTypeCreated(let t), .appointmentTypeUpdated(let t): return ("appointment_type", t.id)
        case .taskCreated(let t), .taskUpdated(let t): return ("task", t.id)
        case .unavailableBlockAdded(let b): return ("unavailable_block", b.id)
        case .unavailableBlockRemoved(let b): return ("unavailable_block", b.blockId)
        case .clinicWaitlistConfigured(let w): return ("location", w.locationId)
        }
    }
}
