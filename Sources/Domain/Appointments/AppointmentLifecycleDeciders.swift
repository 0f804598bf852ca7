import Foundation

/// scheduling → scheduled (the patient picked a window). Any other status: 409.
func decideScheduleAppointment(_ c: ScheduleAppointment, state: AppointmentsState, reference: ReferenceDataState,
                               calendar: CalendarState, context: DecisionContext) throws(DomainError) -> Decision<AppointmentReply> {
    let a = try existing(c.appointmentId, in: state)
    guard a.status == .scheduling else {
        throw DomainError(.invalidTransition, "the appointment is \(a.status.rawValue); only an appointment in scheduling takes a window")
    }
    // The task's current type, as availability cut the window the patient picked.
    guard let task = reference.tasks[a.taskId], let type = reference.appointmentTypes[task.appointmentTypeId] else {
        throw DomainError(.unknownReference, "the appointment's task is no longer known")
    }
    let slot = try takeWindow(c.window, minutes: type.durationMinutes, planFrom: a.planFrom, planTo: a.planTo,
                              reference: reference, calendar: calendar, context: context)
    return Decision([.appointments(.appointmentScheduled(
        AppointmentScheduled(appointmentId: a.id, patientId: a.patientId, slot: slot, scheduledAt: context.now)))],
        reply: .appointment(appointmentId: a.id, status: .scheduled))
}

/// PATCH: only what differs is recorded; an equal PATCH records nothing. A cancelled
/// appointment is closed (409).
func decideUpdateAppointment(_ c: UpdateAppointment, state: AppointmentsState, context: DecisionContext) throws(DomainError) -> Decision<AppointmentReply> {
    let a = try existing(c.appointmentId, in: state)
    guard a.status != .cancelled else { throw DomainError(.invalidTransition, "the appointment is cancelled; it can no longer change") }
    var after = a
    var changed: [String] = []
    if case .set(let v) = c.note, v != a.note { after.note = v; changed.append("note") }
    if case .set(let v) = c.metadata, v != a.metadata { after.metadata = v; changed.append("metadata") }
    if case .set(let v) = c.externalReference, v != a.externalReference { after.externalReference = v; changed.append("externalReference") }
    if case .set(let v) = c.documentIds, (v ?? []) != a.documentIds { after.documentIds = v ?? []; changed.append("documentIds") }
    let reply = AppointmentReply.appointment(appointmentId: a.id, status: a.status)
    guard !changed.isEmpty else { return Decision([], reply: reply) }
    return Decision([.appointments(.appointmentUpdated(AppointmentUpdated(
        appointmentId: a.id, patientId: a.patientId, changed: changed, note: after.note, metadata: after.metadata,
        externalReference: after.externalReference, documentIds: after.documentIds, updatedAt: context.now)))], reply: reply)
}

/// scheduled → completed. Without a window there was no visit; cancelled or completed is final.
func decideCompleteAppointment(_ c: CompleteAppointment, state: AppointmentsState, context: DecisionContext) throws(DomainError) -> Decision<AppointmentReply> {
    let a = try existing(c.appointmentId, in: state)
    switch a.status {
    case .scheduled: break
    case .scheduling: throw DomainError(.invalidTransition, "the appointment has no window yet; it cannot be completed")
    case .completed: throw DomainError(.invalidTransition, "the appointment is already completed")
    case .cancelled: throw DomainError(.invalidTransition, "the appointment is cancelled; it cannot be completed")
    }
    return Decision([.appointments(.appointmentCompleted(AppointmentCompleted(appointmentId: a.id, patientId: a.patientId, completedAt: context.now)))],
                    reply: .appointment(appointmentId: a.id, status: .completed))
}

/// scheduling or scheduled → cancelled, only once; the practitioner's time is given back.
func decideCancelAppointment(_ c: CancelAppointment, state: AppointmentsState, context: DecisionContext) throws(DomainError) -> Decision<AppointmentReply> {
    let a = try existing(c.appointmentId, in: state)
    switch a.status {
    case .scheduling, .scheduled: break
    case .cancelled: throw DomainError(.invalidTransition, "the appointment is already cancelled; an appointment is cancelled only once")
    case .completed: throw DomainError(.invalidTransition, "the appointment is completed; it cannot be cancelled")
    }
    return Decision([.appointments(.appointmentCancelled(AppointmentCancelled(
        appointmentId: a.id, patientId: a.patientId, reason: c.reason, freedSlot: a.slot, cancelledAt: context.now)))],
        reply: .appointment(appointmentId: a.id, status: .cancelled))
}
