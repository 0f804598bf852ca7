import Domain
import Foundation

/// The patients' event types (`ce_type`) and their JSON payloads. Each switch is exhaustive, so a
/// new event cannot compile without a name and both codings.
public enum PatientEventType: String, CaseIterable, Sendable {
    case patientCreated = "clinicledger.patient.created.v1"
    case patientUpdated = "clinicledger.patient.updated.v1"
    case externalIdAssigned = "clinicledger.patient.external_id_assigned.v1"
    case externalIdReassigned = "clinicledger.patient.external_id_reassigned.v1"
    case communicationRecorded = "clinicledger.patient.communication_recorded.v1"
    case possibleDuplicateFound = "clinicledger.patient.possible_duplicate_found.v1"
    case patientsMerged = "clinicledger.patient.merged.v1"
    case patientsMarkedNotDuplicate = "clinicledger.patient.marked_not_duplicate.v1"

    public init(_ event: PatientEvent) {
        switch event {
        case .patientCreated: self = .patientCreated
        case .patientUpdated: self = .patientUpdated
        case .externalIdAssigned: self = .externalIdAssigned
        case .externalIdReassigned: self = .externalIdReassigned
        case .communicationRecorded: self = .communicationRecorded
        case .possibleDuplicateFound: self = .possibleDuplicateFound
        case .patientsMerged: self = .patientsMerged
        case .patientsMarkedNotDuplicate: self = .patientsMarkedNotDuplicate
        }
    }

    static func encode(_ event: PatientEvent, with e: JSONEncoder) throws -> Data {
        switch event {
        case .patientCreated(let x): return try e.encode(x)
        case .patientUpdated(let x): return try e.encode(x)
        case .externalIdAssigned(let x): return try e.encode(x)
        case .externalIdReassigned(let x): return try e.encode(x)
        case .communicationRecorded(let x): return try e.encode(x)
        case .possibleDuplicateFound(let x): return try e.encode(x)
        case .patientsMerged(let x): return try e.encode(x)
        case .patientsMarkedNotDuplicate(let x): return try e.encode(x)
        }
    }

    func decode(_ data: Data, with d: JSONDecoder) throws -> PatientEvent {
        switch self {
        case .patientCreated: return .patientCreated(try d.decode(PatientCreated.self, from: data))
        case .patientUpdated: return .patientUpdated(try d.decode(PatientUpdated.self, from: data))
        case .externalIdAssigned: return .externalIdAssigned(try d.decode(ExternalIdAssigned.self, from: data))
        case .externalIdReassigned: return .externalIdReassigned(try d.decode(ExternalIdReassigned.self, from: data))
        case .communicationRecorded: return .communicationRecorded(try d.decode(CommunicationRecorded.self, from: data))
        case .possibleDuplicateFound: return .possibleDuplicateFound(try d.decode(PossibleDuplicateFound.self, from: data))
        case .patientsMerged: return .patientsMerged(try d.decode(PatientsMerged.self, from: data))
        case .patientsMarkedNotDuplicate: return .patientsMarkedNotDuplicate(try d.decode(PatientsMarkedNotDuplicate.self, from: data))
        }
    }
}
