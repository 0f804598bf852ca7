/// decide(command, state) -> Decision: pure, no I/O. Each slice decides its own commands.
public func decide(_ command: Command, state: OrganizationState, context: DecisionContext) throws(DomainError) -> Decision<CommandReply> {
    switch command {
    case .organization(let c):
        return try decide(c, state: state.reference, context: context).map(CommandReply.organization)
    case .patients(let c):
        guard state.exists else { throw DomainError(.organizationNotFound, "organization does not exist") }
        return try decide(c, state: state.patients, reference: state.reference, context: context).map(CommandReply.patients)
    case .appointments(let c):
        guard state.exists else { throw DomainError(.organizationNotFound, "organization does not exist") }
        return try decide(c, state: state.appointments, patients: state.patients, reference: state.reference,
                          calendar: state.calendar, context: context).map(CommandReply.appointments)
    case .groupAppointments(let c):
        guard state.exists else { throw DomainError(.organizationNotFound, "organization does not exist") }
        return try decide(c, state: state.groupAppointments, patients: state.patients, reference: state.reference,
                          calendar: state.calendar, heldPlaces: { state.waitlist.heldPlaces(in: $0).count },
                          context: context).map(CommandReply.groupAppointments)
    case .disclosures(let c):
        guard state.exists else { throw DomainError(.organizationNotFound, "organization does not exist") }
        return try decide(c, context: context).map(CommandReply.disclosures)
    case .waitlist(let c):
        guard state.exists else { throw DomainError(.organizationNotFound, "organization does not exist") }
        return try decide(c, state: state, context: context).map(CommandReply.waitlist)
    }
}
