import Foundation

/// Every fact ClinicLedger records, one case per aggregate; each slice owns its events. A
/// released event never changes shape (a new shape is a new versioned type, see EventStore's
/// registry).
public enum DomainEvent: Sendable, Equatable {
    case organization(OrganizationEvent)
    case patients(PatientEvent)
    case appointments(AppointmentEvent)
    case groupAppointments(GroupAppointmentEvent)
    case disclosures(DisclosureEvent)
    case waitlist(WaitlistEvent)

    /// The aggregate a fact belongs to, for `ce_subject` and `ce_aggregatetype`; nil for facts
    /// of the organization itself (see `subject(organizationId:)`).
    public var aggregate: (type: String, id: UUID)? {
        switch self {
        case .organization(let e): return e.aggregate
        case .patients(let e): return e.aggregate
        case .appointments(let e): return e.aggregate
        case .groupAppointments(let e): return e.aggregate
        case .disclosures(let e): return e.aggregate
        case .waitlist(let e): return e.aggregate
        }
    }

    /// Aggregate type and id, with organization-level facts belonging to the organization.
    public func subject(organizationId: UUID) -> (type: String, id: UUID) {
        aggregate ?? ("organization", organizationId)
    }
}
