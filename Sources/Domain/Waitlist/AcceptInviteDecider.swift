import Foundation

/// Accept: the live invite's slot is booked for its patient in the same decision that fulfils the
/// request — a place in the class (`AttendeeAdded`, as Cliniko shows it), or an appointment in
/// the practitioner's calendar (`AppointmentCreated` + `AppointmentScheduled`, as Heim shows it).
/// Only the invited request can accept its slot (one live invite per slot), and a second accept
/// finds the invite no longer SENT: two accepts of one slot never both win.
func decideAcceptInvite(_ a: InviteAnswer, world: WaitlistWorld, context: DecisionContext) throws(DomainError) -> Decision<WaitlistReply> {
    let (record, invite) = try liveInvite(a, world: world, now: context.now)
    let request = record.request
    guard world.stillFree(invite.open, until: invite.bookingEnd, ended: [invite.inviteId]) else {
        throw DomainError(.slotUnavailable, "the slot is no longer available")
    }
    var ids = IdMinter(context)
    let booking = ids.mint()
    // A patient merged since the request was made is booked as the survivor.
    let patientId = world.patients.survivor(of: request.patientId)
    var events: [DomainEvent] = []
    let fulfilled: WaitlistFulfilled
    if let classId = invite.open.groupAppointmentId {
        events.append(.groupAppointments(.attendeeAdded(AttendeeAdded(
            attendeeId: booking, groupAppointmentId: classId, patientId: patientId, notes: nil, addedAt: context.now))))
        fulfilled = WaitlistFulfilled(requestId: request.requestId, inviteId: invite.inviteId, patientId: request.patientId, appointmentId: nil,
                                      groupAppointmentId: classId, attendeeId: booking, fulfilledAt: context.now, fulfilledBy: a.actor.userId)
    } else {
        let (task, phone, address) = try appointmentParticulars(request, patientId: patientId, world: world)
        events.append(.appointments(.appointmentCreated(AppointmentCreated(
            appointmentId: booking, patientId: patientId, taskId: task.id, appointmentTypeId: request.appointmentTypeId, phone: phone,
            location: address, externalReference: nil, note: request.notes, documentIds: [], planFrom: nil, planTo: nil, metadata: nil,
            createdAt: context.now))))
        events.append(.appointments(.appointmentScheduled(AppointmentScheduled(
            appointmentId: booking, patientId: patientId, slot: invite.heldSlot, scheduledAt: context.now))))
        fulfilled = WaitlistFulfilled(requestId: request.requestId, inviteId: invite.inviteId, patientId: request.patientId, appointmentId: booking,
                                      groupAppointmentId: nil, attendeeId: nil, fulfilledAt: context.now, fulfilledBy: a.actor.userId)
    }
    events.append(.waitlist(.fulfilled(fulfilled)))
    return Decision(events, reply: .fulfilled(requestId: request.requestId, appointmentId: fulfilled.appointmentId, attendeeId: fulfilled.attendeeId))
}

/// What an appointment needs that a waitlist request does not carry: the task that books the
/// category's type (the first standard one by name), the patient's phone (Heim requires one), and
/// where the visit is — the clinic: its address, whose postcode is its last word of digits.
private func appointmentParticulars(_ r: WaitlistRequest, patientId: UUID, world: WaitlistWorld) throws(DomainError) -> (CareTask, String, AppointmentAddress) {
    guard let task = world.reference.tasks.values.filter({ $0.appointmentTypeId == r.appointmentTypeId && !$0.scheduled })
        .min(by: { $0.name < $1.name }) else {
        throw DomainError(.invalidValue, "no task books this category's appointment type: declare one under tasks", field: "appointment_category_id")
    }
    guard let raw = world.patients.records[patientId]?.profile.phoneNumber, let phone = try? E164.validate(raw) else {
        throw DomainError(.missingField, "the patient has no phone number on record, which an appointment needs: add one, then accept",
                          field: "patient.phone_number")
    }
    guard let clinic = world.reference.locations[r.clinicId], let text = clinic.address,
          let postcode = text.split(whereSeparator: { $0 == " " || $0 == "," }).last.map(String.init),
          postcode.contains(where: \.isNumber) else {
        throw DomainError(.missingField, "the clinic's address has no postcode, which an appointment needs: declare its address with one",
                          field: "clinic_id")
    }
    return (task, phone, AppointmentAddress(line1: String(text.prefix(InputLimits.addressLine)), city: nil, postcode: String(postcode.prefix(20))))
}
