import Foundation

/// PATCH: only what differs is recorded (a PATCH that changes nothing records nothing and answers
/// as one that does). An archived appointment is closed. A new time, practitioner or business is
/// checked again as on create, against the calendar without this appointment. Capacity never
/// drops below the places taken. Moving the start without an end keeps the length; changing the
/// type keeps the end unless `endsAt: .set(nil)` asks for the type's duration.
func decideUpdateGroupAppointment(_ c: UpdateGroupAppointment, state: GroupAppointmentsState, reference: ReferenceDataState,
                                  calendar: CalendarState, context: DecisionContext) throws(DomainError) -> Decision<GroupAppointmentReply> {
    let a = try existingGroupAppointment(c.groupAppointmentId, in: state)
    guard !a.archived else { throw DomainError(.invalidTransition, "archived group appointments cannot be changed", field: "base") }
    var after = a
    var changed: [String] = []

    if case .set(let v) = c.appointmentTypeId {
        let id = try required(v, "appointment_type_id")
        if id != a.appointmentTypeId { after.appointmentTypeId = try GroupAppointmentRules.type(id, reference).id; changed.append("appointment_type_id") }
    }
    if case .set(let v) = c.locationId {
        let id = try required(v, "business_id")
        if id != a.locationId { after.locationId = id; changed.append("business_id") }
    }
    if case .set(let v) = c.practitionerId {
        let id = try required(v, "practitioner_id")
        if id != a.practitionerId { after.practitionerId = id; changed.append("practitioner_id") }
    }
    if case .set(let v) = c.startsAt {
        let start = try required(v, "starts_at")
        if start != a.startsAt { after.startsAt = start; changed.append("starts_at") }
    }
    switch c.endsAt {
    case .keep:
        // The length travels with a moved start; an unmoved one keeps its end exactly (no float round trip).
        if after.startsAt != a.startsAt { after.endsAt = after.startsAt.addingTimeInterval(a.endsAt.timeIntervalSince(a.startsAt)) }
    case .set(let v?): after.endsAt = v
    case .set(nil):
        guard let type = reference.appointmentTypes[after.appointmentTypeId] else {
            throw DomainError(.unknownReference, "the appointment type is no longer known", field: "appointment_type_id")
        }
        after.endsAt = after.startsAt.addingTimeInterval(Double(type.durationMinutes) * 60)
    }
    if after.endsAt != a.endsAt { changed.append("ends_at") }
    if case .set(let v) = c.maxAttendees {
        let max = try required(v, "max_attendees")
        if max != a.maxAttendees {
            try GroupAppointmentRules.maxAttendees(max)
            guard max >= a.activeAttendeeIds.count else {
                throw DomainError(.invalidValue, "max_attendees cannot be below the \(a.activeAttendeeIds.count) attendees already booked",
                                  field: "max_attendees")
            }
            after.maxAttendees = max; changed.append("max_attendees")
        }
    }
    if case .set(let v) = c.notes, v != a.notes { after.notes = v; changed.append("notes") }
    if case .set(let v) = c.telehealthUrl, v != a.telehealthUrl { after.telehealthUrl = v; changed.append("telehealth_url") }
    var newRule: RepeatRule?
    if case .set(let v) = c.repeatRule, v != a.repeatRule {
        // A series is fixed once made: its repeats are records of their own (Cliniko).
        guard a.repeatRule == nil, a.repeatedFrom == nil, let v else {
            throw DomainError(.invalidValue, "repeat_rule cannot be changed once set", field: "repeat_rule")
        }
        newRule = v; after.repeatRule = v; changed.append("repeat_rule")
    }

    let reply = GroupAppointmentReply.groupAppointment(id: a.id)
    guard !changed.isEmpty else { return Decision([], reply: reply) }

    // A new business must be known and have a zone; the practitioner must work at the business
    // after the change, whichever of the two moved.
    if after.locationId != a.locationId { _ = try GroupAppointmentRules.business(after.locationId, reference) }
    if after.locationId != a.locationId || after.practitionerId != a.practitionerId {
        _ = try GroupAppointmentRules.practitioner(after.practitionerId, at: after.locationId, reference)
    }
    let moved = after.slot != a.slot
    if moved {
        try GroupAppointmentRules.end(after.endsAt, after: after.startsAt)
        if after.startsAt != a.startsAt { try GroupAppointmentRules.start(after.startsAt, now: context.now) }
    }
    // The repeats are made from the slot after the change, on the business's clock; the
    // appointment itself is checked only when it moved (it keeps its own time otherwise).
    var occurrences = [RepeatExpansion.Occurrence(start: after.startsAt, end: after.endsAt)]
    if let newRule {
        let (_, zone) = try GroupAppointmentRules.business(after.locationId, reference)
        occurrences = RepeatExpansion.occurrences(start: after.startsAt, end: after.endsAt, rule: newRule, in: zone)
    }
    if moved || newRule != nil {
        try GroupAppointmentRules.checkCalendar(occurrences, practitionerId: after.practitionerId, excluding: a.id,
                                                calendar: calendar, now: context.now)
    }

    var events: [DomainEvent] = [.groupAppointments(.groupAppointmentUpdated(GroupAppointmentUpdated(
        groupAppointmentId: a.id, appointmentTypeId: after.appointmentTypeId, locationId: after.locationId, practitionerId: after.practitionerId,
        startsAt: after.startsAt, endsAt: after.endsAt, maxAttendees: after.maxAttendees, notes: after.notes,
        telehealthUrl: after.telehealthUrl, repeatRule: newRule, changed: changed, freedSlot: moved ? a.slot : nil,
        updatedAt: context.now)))]
    var ids = IdMinter(context)
    for o in occurrences.dropFirst() {
        events.append(.groupAppointments(.groupAppointmentCreated(GroupAppointmentCreated(
            groupAppointmentId: ids.mint(), appointmentTypeId: after.appointmentTypeId, locationId: after.locationId,
            practitionerId: after.practitionerId, startsAt: o.start, endsAt: o.end, maxAttendees: after.maxAttendees, notes: after.notes,
            telehealthUrl: after.telehealthUrl, repeatRule: newRule, repeatedFrom: a.id, createdAt: context.now))))
    }
    return Decision(events, reply: reply)
}

/// A PATCH may not clear a required field.
private func required<T>(_ value: T?, _ field: String) throws(DomainError) -> T {
    guard let value else { throw DomainError(.missingField, "\(field) cannot be null", field: field) }
    return value
}
