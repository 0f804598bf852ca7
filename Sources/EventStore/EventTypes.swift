import Domain
import Foundation

/// The registry of event type names (`ce_type`) and their JSON payloads. A released type name
/// never changes meaning; a new payload shape gets a new `.vN` name and an upcaster here.
public enum EventTypes {
    public static let all: [String] = [
        "clinicledger.organization.created.v1", "clinicledger.organization.api_key_issued.v1",
        "clinicledger.location.created.v1", "clinicledger.location.updated.v1",
        "clinicledger.workflow_stage.created.v1", "clinicledger.workflow_stage.updated.v1",
        "clinicledger.user.created.v1", "clinicledger.user.updated.v1",
        "clinicledger.external_id_type.created.v1", "clinicledger.tag.created.v1",
        "clinicledger.patient.created.v1", "clinicledger.patient.updated.v1",
        "clinicledger.patient.external_id_assigned.v1", "clinicledger.patient.external_id_reassigned.v1",
        "clinicledger.patient.communication_recorded.v1",
    ]

    public static func name(of event: DomainEvent) -> String {
        switch event {
        case .organizationCreated: return "clinicledger.organization.created.v1"
        case .apiKeyIssued: return "clinicledger.organization.api_key_issued.v1"
        case .locationCreated: return "clinicledger.location.created.v1"
        case .locationUpdated: return "clinicledger.location.updated.v1"
        case .workflowStageCreated: return "clinicledger.workflow_stage.created.v1"
        case .workflowStageUpdated: return "clinicledger.workflow_stage.updated.v1"
        case .userCreated: return "clinicledger.user.created.v1"
        case .userUpdated: return "clinicledger.user.updated.v1"
        case .externalIdTypeCreated: return "clinicledger.external_id_type.created.v1"
        case .tagCreated: return "clinicledger.tag.created.v1"
        case .patientCreated: return "clinicledger.patient.created.v1"
        case .patientUpdated: return "clinicledger.patient.updated.v1"
        case .externalIdAssigned: return "clinicledger.patient.external_id_assigned.v1"
        case .externalIdReassigned: return "clinicledger.patient.external_id_reassigned.v1"
        case .communicationRecorded: return "clinicledger.patient.communication_recorded.v1"
        }
    }

    public static func encodePayload(_ event: DomainEvent) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        switch event {
        case .organizationCreated(let e): return try encoder.encode(e)
        case .apiKeyIssued(let e): return try encoder.encode(e)
        case .locationCreated(let e), .locationUpdated(let e): return try encoder.encode(e)
        case .workflowStageCreated(let e), .workflowStageUpdated(let e): return try encoder.encode(e)
        case .userCreated(let e), .userUpdated(let e): return try encoder.encode(e)
        case .externalIdTypeCreated(let e): return try encoder.encode(e)
        case .tagCreated(let e): return try encoder.encode(e)
        case .patientCreated(let e): return try encoder.encode(e)
        case .patientUpdated(let e): return try encoder.encode(e)
        case .externalIdAssigned(let e): return try encoder.encode(e)
        case .externalIdReassigned(let e): return try encoder.encode(e)
        case .communicationRecorded(let e): return try encoder.encode(e)
        }
    }

    public static func decodePayload(type: String, _ data: Data) throws -> DomainEvent {
        let d = JSONDecoder()
        switch type {
        case "clinicledger.organization.created.v1": return .organizationCreated(try d.decode(OrganizationCreated.self, from: data))
        case "clinicledger.organization.api_key_issued.v1": return .apiKeyIssued(try d.decode(ApiKeyIssued.self, from: data))
        case "clinicledger.location.created.v1": return .locationCreated(try d.decode(Location.self, from: data))
        case "clinicledger.location.updated.v1": return .locationUpdated(try d.decode(Location.self, from: data))
        case "clinicledger.workflow_stage.created.v1": return .workflowStageCreated(try d.decode(WorkflowStage.self, from: data))
        case "clinicledger.workflow_stage.updated.v1": return .workflowStageUpdated(try d.decode(WorkflowStage.self, from: data))
        case "clinicledger.user.created.v1": return .userCreated(try d.decode(StaffUser.self, from: data))
        case "clinicledger.user.updated.v1": return .userUpdated(try d.decode(StaffUser.self, from: data))
        case "clinicledger.external_id_type.created.v1": return .externalIdTypeCreated(try d.decode(ExternalIdType.self, from: data))
        case "clinicledger.tag.created.v1": return .tagCreated(try d.decode(Tag.self, from: data))
        case "clinicledger.patient.created.v1": return .patientCreated(try d.decode(PatientCreated.self, from: data))
        case "clinicledger.patient.updated.v1": return .patientUpdated(try d.decode(PatientUpdated.self, from: data))
        case "clinicledger.patient.external_id_assigned.v1": return .externalIdAssigned(try d.decode(ExternalIdAssigned.self, from: data))
        case "clinicledger.patient.external_id_reassigned.v1": return .externalIdReassigned(try d.decode(ExternalIdReassigned.self, from: data))
        case "clinicledger.patient.communication_recorded.v1": return .communicationRecorded(try d.decode(CommunicationRecorded.self, from: data))
        default: throw EventCodingError.unknownType(type)
        }
    }
}

public enum EventCodingError: Error, CustomStringConvertible, Equatable {
    case unknownType(String)
    case missingHeader(String)
    case badHeader(String)

    public var description: String {
        switch self {
        case .unknownType(let t): return "unknown event type \(t)"
        case .missingHeader(let h): return "record lacks header \(h)"
        case .badHeader(let h): return "record has a malformed header \(h)"
        }
    }
}
