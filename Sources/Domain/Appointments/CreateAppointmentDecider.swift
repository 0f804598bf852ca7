import Foundation

/// Create: the patient and task must exist, the phone be E.164, the address have line1 and
/// postcode; a plan range only for scheduled tasks, at least the task's min_plan_days wide; a
/// window must still be free (409 otherwise) and, with a plan range, fall inside it.
func decideCreateAppointment(_ c: CreateAppointment, patients: PatientsState, reference: ReferenceDataState, calendar: CalendarState,
                             context: DecisionContext) throws(DomainError) -> Decision<AppointmentReply> {
    guard patients.records[c.patientId] != nil else {
        throw DomainError(.unknownReference, "patientId names no patient of this organization", field: "patientId")
    }
    guard let task = reference.tasks[c.taskId], let type = reference.appointmentTypes[task.appointmentTypeId] else {
        throw DomainError(.unknownReference, "taskId names no task of this organization", field: "taskId")
    }
    let phone = try E164.validate(c.phone)
    let location = try c.location.validated()
    try checkPlan(c.planFrom, c.planTo, task: task, today: context.today)
    var ids = IdMinter(context)
    let appointmentId = ids.mint()
    let created = AppointmentCreated(
        appointmentId: appointmentId, patientId: c.patientId, taskId: task.id, appointmentTypeId: type.id, phone: phone, location: location,
        externalReference: c.externalReference, note: c.note, documentIds: c.documentIds, planFrom: c.planFrom, planTo: c.planTo,
        metadata: c.metadata, createdAt: context.now)
    var events: [DomainEvent] = [.appointments(.appointmentCreated(created))]
    var status = AppointmentStatus.scheduling
    if let window = c.window {
        let slot = try takeWindow(window, minutes: type.durationMinutes, planFrom: c.planFrom, planTo: c.planTo,
                                  reference: reference, calendar: calendar, context: context)
        events.append(.appointments(.appointmentScheduled(
            AppointmentScheduled(appointmentId: appointmentId, patientId: c.patientId, slot: slot, scheduledAt: context.now))))
        status = .scheduled
    }
    return Decision(events, reply: .appointment(appointmentId: appointmentId, status: status))
}

/// planFrom/planTo: only for scheduled tasks, both or neither, not ending in the past, and
/// planTo ≥ planFrom + min_plan_days.
func checkPlan(_ from: CalendarDate?, _ to: CalendarDate?, task: CareTask, today: CalendarDate) throws(DomainError) {
    guard from != nil || to != nil else { return }
    guard task.scheduled else {
        throw DomainError(.invalidValue, "planFrom and planTo are only for tasks of the scheduled type; this task is standard",
                          field: from != nil ? "planFrom" : "planTo")
    }
    guard let from else { throw DomainError(.missingField, "planFrom is required with planTo", field: "planFrom") }
    guard let to else { throw DomainError(.missingField, "planTo is required with planFrom", field: "planTo") }
    guard today.days(to: to) >= 0 else { throw DomainError(.invalidValue, "planTo must not be in the past", field: "planTo") }
    guard from.days(to: to) >= task.minPlanDays else {
        throw DomainError(.invalidValue, "planTo must be at least \(task.minPlanDays) days after planFrom for this task", field: "planTo")
    }
    guard from.days(to: to) <= InputLimits.planDays else {
        throw DomainError(.invalidValue, "planFrom…planTo may span at most \(InputLimits.planDays) days", field: "planTo")
    }
}

/// The slot a window takes, checked free and, with a plan range, inside it (on the location's clock).
func takeWindow(_ window: WindowRef, minutes: Int, planFrom: CalendarDate?, planTo: CalendarDate?, reference: ReferenceDataState,
                calendar: CalendarState, context: DecisionContext) throws(DomainError) -> TimeSlot {
    let slot = try Availability.take(window, minutes: minutes, reference: reference, calendar: calendar, now: context.now, field: "windowId")
    if let planFrom, let planTo, let zone = reference.locations[slot.locationId]?.timezone.flatMap(TimeZone.init(identifier:)) {
        let day = CalendarDate(dayOf: slot.start, in: zone)
        guard planFrom <= day, day <= planTo else {
            throw DomainError(.invalidValue, "the window falls on \(day), outside planFrom…planTo", field: "windowId")
        }
    }
    return slot
}
