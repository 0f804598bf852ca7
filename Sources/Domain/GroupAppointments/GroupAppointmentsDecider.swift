import Foundation

/// The group appointment commands, each decided in its own file. Group appointments refer to the
/// organization's types, businesses and practitioners, take time from the same calendar as every
/// other booking, and hold places for patients. Capacity is checked against this state: the
/// partition's single writer decides one command at a time, so two adds cannot both take the last place.
public func decide(_ command: GroupAppointmentCommand, state: GroupAppointmentsState, patients: PatientsState, reference: ReferenceDataState,
                   calendar: CalendarState, heldPlaces: (UUID) -> Int = { _ in 0 },
                   context: DecisionContext) throws(DomainError) -> Decision<GroupAppointmentReply> {
    try command.checkLimits()
    switch command {
    case .create(let c):
        return try decideCreateGroupAppointment(c, reference: reference, calendar: calendar, context: context)
    case .update(let c):
        return try decideUpdateGroupAppointment(c, state: state, reference: reference, calendar: calendar, context: context)
    case .archive(let id):
        return try decideArchiveGroupAppointment(id, state: state, context: context)
    case .addAttendee(let c):
        return try decideAddAttendee(c, state: state, patients: patients, held: heldPlaces(c.groupAppointmentId), context: context)
    case .cancelAttendee(let c):
        return try decideCancelAttendee(c, state: state, context: context)
    }
}

func existingGroupAppointment(_ id: UUID, in state: GroupAppointmentsState) throws(DomainError) -> GroupAppointmentRecord {
    guard let record = state.appointments[id] else {
        throw DomainError(.groupAppointmentNotFound, "no group appointment with this id in the organization")
    }
    return record
}
