import Foundation

/// Facts about patients.
public enum PatientEvent: Sendable, Equatable {
    case patientCreated(PatientCreated)
    case patientUpdated(PatientUpdated)
    case externalIdAssigned(ExternalIdAssigned)
    case externalIdReassigned(ExternalIdReassigned)
    case communicationRecorded(CommunicationRecorded)
    case possibleDuplicateFound(PossibleDuplicateFound)
    case patientsMerged(PatientsMerged)
    case patientsMarkedNotDuplicate(PatientsMarkedNotDuplicate)

    public var patientId: UUID {
        switch self {
        case .patientCreated(let e): return e.patientId
        case .patientUpdated(let e): return e.patientId
        case .externalIdAssigned(let e): return e.patientId
        case .externalIdReassigned(let e): return e.patientId
        case .communicationRecorded(let e): return e.patientId
        case .possibleDuplicateFound(let e): return e.patientId
        case .patientsMerged(let e): return e.patientId
        case .patientsMarkedNotDuplicate(let e): return e.patientId
        }
    }

    public var aggregate: (type: String, id: UUID)? { ("patient", patientId) }
}
