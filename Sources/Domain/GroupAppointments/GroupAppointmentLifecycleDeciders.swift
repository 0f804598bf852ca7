import Foundation

/// Archive, once: the time is given back and the attendees still booked are named. Archiving an
/// archived appointment records nothing and answers the same.
func decideArchiveGroupAppointment(_ id: UUID, state: GroupAppointmentsState, context: DecisionContext) throws(DomainError) -> Decision<GroupAppointmentReply> {
    let a = try existingGroupAppointment(id, in: state)
    guard !a.archived else { return Decision([], reply: .archived(id: a.id)) }
    let patients = state.activeAttendees(of: a.id).map(\.patientId)
    return Decision([.groupAppointments(.appointmentArchived(AppointmentArchived(
        appointmentId: a.id, freedSlot: a.slot, patientIds: patients, archivedAt: context.now)))], reply: .archived(id: a.id))
}

/// A patient takes a place: the class must be open (not archived) and not full, the patient known
/// and not already holding a place in it. Field names are Cliniko's attendee fields.
func decideAddAttendee(_ c: AddAttendee, state: GroupAppointmentsState, patients: PatientsState, held: Int,
                       context: DecisionContext) throws(DomainError) -> Decision<GroupAppointmentReply> {
    let a = try existingGroupAppointment(c.groupAppointmentId, in: state)
    guard !a.archived else { throw DomainError(.invalidTransition, "the group appointment is archived", field: "booking_id") }
    guard patients.records[c.patientId] != nil else {
        throw DomainError(.unknownReference, "patient_id names no patient of this organization", field: "patient_id")
    }
    guard !state.activeAttendees(of: a.id).contains(where: { $0.patientId == c.patientId }) else {
        throw DomainError(.invalidValue, "the patient is already an attendee of this group appointment", field: "patient_id")
    }
    // Places a waitlist invite holds count as taken until the invite is answered or expires.
    guard a.activeAttendeeIds.count + held < a.maxAttendees else {
        throw DomainError(.slotUnavailable, held > 0
            ? "the group appointment is full (\(a.maxAttendees) places, \(held) held for waitlist invites)"
            : "the group appointment is full (\(a.maxAttendees) attendees)", field: "booking_id")
    }
    var ids = IdMinter(context)
    let attendeeId = ids.mint()
    return Decision([.groupAppointments(.attendeeAdded(AttendeeAdded(
        attendeeId: attendeeId, groupAppointmentId: a.id, patientId: c.patientId, notes: c.notes, addedAt: context.now)))],
        reply: .attendees(ids: [attendeeId]))
}

/// A place is given back; an attendee already cancelled records nothing. With `applyToRepeats`,
/// the same patient's places in the LATER occurrences of the series (by start; archived ones left
/// alone) are given back too, each event naming its own class and the places left there.
func decideCancelAttendee(_ c: CancelAttendee, state: GroupAppointmentsState, context: DecisionContext) throws(DomainError) -> Decision<GroupAppointmentReply> {
    guard let attendee = state.attendees[c.attendeeId] else {
        throw DomainError(.attendeeNotFound, "no attendee with this id in the organization")
    }
    guard !attendee.cancelled, let a = state.appointments[attendee.groupAppointmentId] else { return Decision([], reply: .attendees(ids: [])) }
    var cancelled = [(attendee, a)]
    if c.applyToRepeats {
        let later = state.occurrences(ofSeriesOf: a.id).compactMap { state.appointments[$0] }
            .filter { $0.startsAt > a.startsAt && !$0.archived }
            .sorted { $0.startsAt < $1.startsAt }
        for occurrence in later {
            guard let place = state.activeAttendees(of: occurrence.id).first(where: { $0.patientId == attendee.patientId }) else { continue }
            cancelled.append((place, occurrence))
        }
    }
    let events: [DomainEvent] = cancelled.map { place, occurrence in
        .groupAppointments(.attendeeCancelled(AttendeeCancelled(
            attendeeId: place.id, groupAppointmentId: occurrence.id, patientId: place.patientId, reason: c.reason, note: c.note,
            cancelledAt: context.now, freedPlace: FreedPlace(
                groupAppointmentId: occurrence.id, appointmentTypeId: occurrence.appointmentTypeId, locationId: occurrence.locationId,
                practitionerId: occurrence.practitionerId, startsAt: occurrence.startsAt, endsAt: occurrence.endsAt,
                placesLeft: max(0, occurrence.maxAttendees - (occurrence.activeAttendeeIds.count - 1))))))
    }
    return Decision(events, reply: .attendees(ids: cancelled.map(\.0.id)))
}
