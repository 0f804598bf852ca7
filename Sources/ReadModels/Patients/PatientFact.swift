import Domain
import EventStore

/// The events the patients projection applies, as its own cases: the one place it switches over
/// `DomainEvent`, so the rest of the projection does not depend on the domain's event layout.
enum PatientFact {
    case created(PatientCreated)
    case updated(PatientUpdated)
    case externalIdAssigned(ExternalIdAssigned)
    case externalIdReassigned(ExternalIdReassigned)
    case communicationRecorded(CommunicationRecorded)

    init?(_ e: EventEnvelope) {
        switch e.event {
        case .patientCreated(let c): self = .created(c)
        case .patientUpdated(let u): self = .updated(u)
        case .externalIdAssigned(let x): self = .externalIdAssigned(x)
        case .externalIdReassigned(let x): self = .externalIdReassigned(x)
        case .communicationRecorded(let c): self = .communicationRecorded(c)
        default: return nil
        }
    }
}
