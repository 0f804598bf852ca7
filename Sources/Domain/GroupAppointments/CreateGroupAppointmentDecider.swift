import Foundation

/// Create: the type (a group type), the business (with a time zone) and the practitioner (working
/// there) must exist; defaults from the type; every occurrence of the repeat rule must be free in
/// the practitioner's calendar. All occurrences are created in one decision, or none.
func decideCreateGroupAppointment(_ c: CreateGroupAppointment, reference: ReferenceDataState, calendar: CalendarState,
                                  context: DecisionContext) throws(DomainError) -> Decision<GroupAppointmentReply> {
    let type = try GroupAppointmentRules.type(c.appointmentTypeId, reference)
    let (location, zone) = try GroupAppointmentRules.business(c.locationId, reference)
    let practitioner = try GroupAppointmentRules.practitioner(c.practitionerId, at: location.id, reference)
    let maxAttendees = c.maxAttendees ?? type.maxAttendees
    try GroupAppointmentRules.maxAttendees(maxAttendees)
    let endsAt = c.endsAt ?? c.startsAt.addingTimeInterval(Double(type.durationMinutes) * 60)
    try GroupAppointmentRules.end(endsAt, after: c.startsAt)
    try GroupAppointmentRules.start(c.startsAt, now: context.now)
    let occurrences = RepeatExpansion.occurrences(start: c.startsAt, end: endsAt, rule: c.repeatRule, in: zone)
    try GroupAppointmentRules.checkCalendar(occurrences, practitionerId: practitioner.id, excluding: nil, calendar: calendar, now: context.now)

    var minter = IdMinter(context)
    let ids = occurrences.map { _ in minter.mint() }
    let events: [DomainEvent] = zip(ids, occurrences).map { id, o in
        .groupAppointments(.groupAppointmentCreated(GroupAppointmentCreated(
            groupAppointmentId: id, appointmentTypeId: type.id, locationId: location.id, practitionerId: practitioner.id,
            startsAt: o.start, endsAt: o.end, maxAttendees: maxAttendees, notes: c.notes, telehealthUrl: c.telehealthUrl,
            repeatRule: c.repeatRule, repeatedFrom: id == ids[0] ? nil : ids[0], createdAt: context.now)))
    }
    return Decision(events, reply: .groupAppointments(ids: ids))
}
