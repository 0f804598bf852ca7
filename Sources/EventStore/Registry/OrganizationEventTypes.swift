import Domain
import Foundation

/// The organization's event types (`ce_type`) and their JSON payloads. Each switch is exhaustive,
/// so a new event cannot compile without a name and both codings; a released name never changes
/// meaning (a new payload shape is a new `.vN` case plus an upcaster).
public enum OrganizationEventType: String, CaseIterable, Sendable {
    case organizationCreated = "clinicledger.organization.created.v1"
    case apiKeyIssued = "clinicledger.organization.api_key_issued.v1"
    case locationCreated = "clinicledger.location.created.v1"
    case locationUpdated = "clinicledger.location.updated.v1"
    case workflowStageCreated = "clinicledger.workflow_stage.created.v1"
    case workflowStageUpdated = "clinicledger.workflow_stage.updated.v1"
    case userCreated = "clinicledger.user.created.v1"
    case userUpdated = "clinicledger.user.updated.v1"
    case externalIdTypeCreated = "clinicledger.external_id_type.created.v1"
    case tagCreated = "clinicledger.tag.created.v1"
    case practitionerCreated = "clinicledger.practitioner.created.v1"
    case practitionerUpdated = "clinicledger.practitioner.updated.v1"
    case appointmentTypeCreated = "clinicledger.appointment_type.created.v1"
    case appointmentTypeUpdated = "clinicledger.appointment_type.updated.v1"
    case taskCreated = "clinicledger.task.created.v1"
    case taskUpdated = "clinicledger.task.updated.v1"
    case unavailableBlockAdded = "clinicledger.unavailable_block.added.v1"
    case unavailableBlockRemoved = "clinicledger.unavailable_block.removed.v1"
    case clinicWaitlistConfigured = "clinicledger.clinic_waitlist.configured.v1"
    case matchWeightsAdopted = "clinicledger.organization.match_weights_adopted.v1"

    public init(_ event: OrganizationEvent) {
        switch event {
        case .organizationCreated: self = .organizationCreated
        case .apiKeyIssued: self = .apiKeyIssued
        case .locationCreated: self = .locationCreated
        case .locationUpdated: self = .locationUpdated
        case .workflowStageCreated: self = .workflowStageCreated
        case .workflowStageUpdated: self = .workflowStageUpdated
        case .userCreated: self = .userCreated
        case .userUpdated: self = .userUpdated
        case .externalIdTypeCreated: self = .externalIdTypeCreated
        case .tagCreated: self = .tagCreated
        case .practitionerCreated: self = .practitionerCreated
        case .practitionerUpdated: self = .practitionerUpdated
        case .appointmentTypeCreated: self = .appointmentTypeCreated
        case .appointmentTypeUpdated: self = .appointmentTypeUpdated
        case .taskCreated: self = .taskCreated
        case .taskUpdated: self = .taskUpdated
        case .unavailableBlockAdded: self = .unavailableBlockAdded
        case .unavailableBlockRemoved: self = .unavailableBlockRemoved
        case .clinicWaitlistConfigured: self = .clinicWaitlistConfigured
        case .matchWeightsAdopted: self = .matchWeightsAdopted
        }
    }

    static func encode(_ event: OrganizationEvent, with e: JSONEncoder) throws -> Data {
        switch event {
        case .organizationCreated(let x): return try e.encode(x)
        case .apiKeyIssued(let x): return try e.encode(x)
        case .locationCreated(let x), .locationUpdated(let x): return try e.encode(x)
        case .workflowStageCreated(let x), .workflowStageUpdated(let x): return try e.encode(x)
        case .userCreated(let x), .userUpdated(let x): return try e.encode(x)
        case .externalIdTypeCreated(let x): return try e.encode(x)
        case .tagCreated(let x): return try e.encode(x)
        case .practitionerCreated(let x), .practitionerUpdated(let x): return try e.encode(x)
        case .appointmentTypeCreated(let x), .appointmentTypeUpdated(let x): return try e.encode(x)
        case .taskCreated(let x), .taskUpdated(let x): return try e.encode(x)
        case .unavailableBlockAdded(let x): return try e.encode(x)
        case .unavailableBlockRemoved(let x): return try e.encode(x)
        case .clinicWaitlistConfigured(let x): return try e.encode(x)
        case .matchWeightsAdopted(let x): return try e.encode(x)
        }
    }

    func decode(_ data: Data, with d: JSONDecoder) throws -> OrganizationEvent {
        switch self {
        case .organizationCreated: return .organizationCreated(try d.decode(OrganizationCreated.self, from: data))
        case .apiKeyIssued: return .apiKeyIssued(try d.decode(ApiKeyIssued.self, from: data))
        case .locationCreated: return .locationCreated(try d.decode(Location.self, from: data))
        case .locationUpdated: return .locationUpdated(try d.decode(Location.self, from: data))
        case .workflowStageCreated: return .workflowStageCreated(try d.decode(WorkflowStage.self, from: data))
        case .workflowStageUpdated: return .workflowStageUpdated(try d.decode(WorkflowStage.self, from: data))
        case .userCreated: return .userCreated(try d.decode(StaffUser.self, from: data))
        case .userUpdated: return .userUpdated(try d.decode(StaffUser.self, from: data))
        case .externalIdTypeCreated: return .externalIdTypeCreated(try d.decode(ExternalIdType.self, from: data))
        case .tagCreated: return .tagCreated(try d.decode(Tag.self, from: data))
        case .practitionerCreated: return .practitionerCreated(try d.decode(Practitioner.self, from: data))
        case .practitionerUpdated: return .practitionerUpdated(try d.decode(Practitioner.self, from: data))
        case .appointmentTypeCreated: return .appointmentTypeCreated(try d.decode(AppointmentType.self, from: data))
        case .appointmentTypeUpdated: return .appointmentTypeUpdated(try d.decode(AppointmentType.self, from: data))
        case .taskCreated: return .taskCreated(try d.decode(CareTask.self, from: data))
        case .taskUpdated: return .taskUpdated(try d.decode(CareTask.self, from: data))
        case .unavailableBlockAdded: return .unavailableBlockAdded(try d.decode(UnavailableBlock.self, from: data))
        case .unavailableBlockRemoved: return .unavailableBlockRemoved(try d.decode(UnavailableBlockRemoved.self, from: data))
        case .clinicWaitlistConfigured: return .clinicWaitlistConfigured(try d.decode(ClinicWaitlist.self, from: data))
        case .matchWeightsAdopted: return .matchWeightsAdopted(try d.decode(MatchWeightsAdopted.self, from: data))
        }
    }
}
