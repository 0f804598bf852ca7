import Foundation

/// The appointment commands, each decided in its own file. Appointments refer to patients, to
/// the organization's tasks and practitioners, and take time from the calendar.
public func decide(_ command: AppointmentCommand, state: AppointmentsState, patients: PatientsState, reference: ReferenceDataState,
                   calendar: CalendarState, context: DecisionContext) throws(DomainError) -> Decision<AppointmentReply> {
    try command.checkLimits()
    switch command {
    case .createAppointment(let c):
        return try decideCreateAppointment(c, patients: patients, reference: reference, calendar: calendar, context: context)
    case .scheduleAppointment(let c):
        return try decideScheduleAppointment(c, state: state, reference: reference, calendar: calendar, context: context)
    case .updateAppointment(let c):
        return try decideUpdateAppointment(c, state: state, context: context)
    case .completeAppointment(let c):
        return try decideCompleteAppointment(c, state: state, context: context)
    case .cancelAppointment(let c):
        return try decideCancelAppointment(c, state: state, context: context)
    }
}

func existing(_ id: UUID, in state: AppointmentsState) throws(DomainError) -> AppointmentRecord {
    guard let record = state.appointments[id] else {
        throw DomainError(.appointmentNotFound, "no appointment with this id in the organization")
    }
    return record
}
