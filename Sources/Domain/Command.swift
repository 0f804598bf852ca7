/// What a caller asks for, one case per aggregate; each slice owns its commands and their rules.
/// The organization is never part of a command's body: it comes from the credential, through
/// `DecisionContext`.
public enum Command: Sendable, Equatable {
    case organization(OrganizationCommand)
    case patients(PatientCommand)
    case appointments(AppointmentCommand)
    case groupAppointments(GroupAppointmentCommand)
    case disclosures(DisclosureCommand)
    case waitlist(WaitlistCommand)

    /// Input limits that need no state (`InputLimits`, `InputScreen`): the command router checks
    /// them before it queues a command, and every decider checks them again first.
    public func checkLimits() throws(DomainError) {
        switch self {
        case .organization(let c): try c.checkLimits()
        case .patients(let c): try c.checkLimits()
        case .appointments(let c): try c.checkLimits()
        case .groupAppointments(let c): try c.checkLimits()
        case .disclosures(let c): try c.checkLimits()
        case .waitlist(let c): try c.checkLimits()
        }
    }
}
