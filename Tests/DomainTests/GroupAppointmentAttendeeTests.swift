import Foundation
import Testing
import Domain

@Suite("Group appointments: attendees and capacity")
struct GroupAppointmentAttendeeTests {
    static func add(_ groupAppointment: UUID, _ patient: UUID) -> GroupAppointmentCommand {
        .addAttendee(AddAttendee(groupAppointmentId: groupAppointment, patientId: patient))
    }

    @Test("With 8 places, 9 patients: 8 are added, the 9th is refused as full")
    func capacity() throws {
        let (start, ids) = try Group.created(Group.create())
        let (state, attendees) = try Group.attended(ids[0], by: Array(Group.patients.prefix(8)), state: start)
        #expect(attendees.count == 8 && Set(attendees).count == 8)
        #expect(state.groupAppointments.activeAttendees(of: ids[0]).map(\.patientId) == Array(Group.patients.prefix(8)))
        #expect(state.groupAppointments.placesLeft(in: ids[0]) == 0)
        let full = Group.refusal(Self.add(ids[0], Group.patients[8]), state: state)
        #expect(full?.field == "booking_id" && full?.message.contains("is full") == true)
    }

    @Test("An attendee event belongs to the group appointment's aggregate")
    func aggregate() throws {
        let (start, ids) = try Group.created(Group.create())
        let (_, _, events) = try Group.accept(.addAttendee(AddAttendee(groupAppointmentId: ids[0], patientId: Group.patients[0], notes: "wheelchair")),
                                              state: start, seed: 9)
        guard case .attendeeAdded(let added) = events.first else { Issue.record("\(events)"); return }
        #expect(added.notes == "wheelchair" && added.addedAt == Scheduling.now)
        let aggregate = DomainEvent.groupAppointments(events[0]).aggregate
        #expect(aggregate?.type == "group_appointment" && aggregate?.id == ids[0])
    }

    @Test("Refusals: the same patient twice, an unknown patient, an unknown or archived group appointment")
    func refusals() throws {
        let (start, ids) = try Group.created(Group.create())
        let (state, _) = try Group.attended(ids[0], by: [Group.patients[0]], state: start)
        #expect(Group.refusal(Self.add(ids[0], Group.patients[0]), state: state)?.field == "patient_id")
        #expect(Group.refusal(Self.add(ids[0], Fixture.id(999)), state: state)?.field == "patient_id")
        #expect(Group.refusal(Self.add(Fixture.id(999), Group.patients[1]), state: state)?.code == .groupAppointmentNotFound)
        let (archived, _, _) = try Group.accept(.archive(groupAppointmentId: ids[0]), state: state, seed: 5)
        #expect(Group.refusal(Self.add(ids[0], Group.patients[1]), state: archived)?.field == "booking_id")
    }

    @Test("A cancel frees a place (freed_place says how many are left), and the place can be taken again")
    func cancelFreesAPlace() throws {
        let (start, ids) = try Group.created(Group.create())
        let (full, attendees) = try Group.attended(ids[0], by: Array(Group.patients.prefix(8)), state: start)
        let (after, reply, events) = try Group.accept(.cancelAttendee(CancelAttendee(attendeeId: attendees[3], reason: 50, note: "sick")),
                                                      state: full, seed: 50)
        #expect(reply == .attendees(ids: [attendees[3]]))
        guard events.count == 1, case .attendeeCancelled(let c) = events[0] else { Issue.record("\(events)"); return }
        #expect(c.patientId == Group.patients[3] && c.reason == 50 && c.note == "sick" && c.groupAppointmentId == ids[0])
        #expect(c.freedPlace == FreedPlace(groupAppointmentId: ids[0], appointmentTypeId: Group.pilates, locationId: Group.lakeside,
                                           practitionerId: Group.gus, startsAt: Group.monday9, endsAt: Group.monday9.addingTimeInterval(3600),
                                           placesLeft: 1))
        #expect(after.groupAppointments.placesLeft(in: ids[0]) == 1)
        #expect(after.groupAppointments.attendees[attendees[3]]?.cancelled == true)
        // The freed place is taken by the 9th patient; then it is full again.
        let (refilled, _) = try Group.attended(ids[0], by: [Group.patients[8]], state: after, seed: 60)
        #expect(Group.refusal(Self.add(ids[0], Group.patients[9]), state: refilled)?.field == "booking_id")
        // Another cancel answers that attendee alone.
        let (_, reply2, _) = try Group.accept(.cancelAttendee(CancelAttendee(attendeeId: attendees[0], reason: 10)), state: refilled, seed: 61)
        #expect(reply2 == .attendees(ids: [attendees[0]]))
    }

    @Test("Cancelling a cancelled attendee writes nothing; an unknown attendee is not found")
    func cancelTwice() throws {
        let (start, ids) = try Group.created(Group.create())
        let (state, attendees) = try Group.attended(ids[0], by: [Group.patients[0]], state: start)
        let cancel = GroupAppointmentCommand.cancelAttendee(CancelAttendee(attendeeId: attendees[0], reason: 30))
        let (after, _, _) = try Group.accept(cancel, state: state, seed: 7)
        let again = try Group.decideGroup(cancel, state: after)
        #expect(again.events.isEmpty && again.reply == .groupAppointments(.attendees(ids: [])))
        #expect(Group.refusal(.cancelAttendee(CancelAttendee(attendeeId: Fixture.id(999), reason: 30)), state: after)?.code == .attendeeNotFound)
        #expect(Group.refusal(.cancelAttendee(CancelAttendee(attendeeId: attendees[0], reason: 11)), state: after)?.field == "cancellation_reason")
        // Re-adding the patient is allowed once cancelled.
        #expect(Group.refusal(Self.add(ids[0], Group.patients[0]), state: after) == nil)
    }

    @Test("apply_to_repeats cancels the patient's places in LATER occurrences only, one event each")
    func applyToRepeats() throws {
        let (start, ids) = try Group.created(Group.create(rule: Group.rule(.weekly, 3)))
        var state = start
        var places: [UUID] = []
        for (i, occurrence) in ids.enumerated() {
            let (after, attendees) = try Group.attended(occurrence, by: [Group.patients[0], Group.patients[1]], state: state, seed: 100 + 10 * i)
            state = after
            places.append(attendees[0])  // patient 0's place in each occurrence
        }
        let (after, reply, events) = try Group.accept(.cancelAttendee(CancelAttendee(attendeeId: places[1], reason: 40, applyToRepeats: true)),
                                                      state: state, seed: 200)
        #expect(reply == .attendees(ids: Array(places[1...])))
        let cancelled = events.compactMap { if case .attendeeCancelled(let c) = $0 { return c } else { return nil } }
        #expect(cancelled.map(\.groupAppointmentId) == Array(ids[1...]))
        #expect(cancelled.allSatisfy { $0.patientId == Group.patients[0] && $0.reason == 40 && $0.freedPlace.placesLeft == 7 })
        #expect(cancelled.map(\.freedPlace.groupAppointmentId) == Array(ids[1...]))
        #expect(events.map { DomainEvent.groupAppointments($0).aggregate!.id } == Array(ids[1...]))
        // The earlier occurrence and the other patient keep their places.
        #expect(after.groupAppointments.activeAttendees(of: ids[0]).map(\.patientId) == [Group.patients[0], Group.patients[1]])
        for id in ids[1...] { #expect(after.groupAppointments.activeAttendees(of: id).map(\.patientId) == [Group.patients[1]]) }
        // Without apply_to_repeats only the one place.
        let single = try Group.decideGroup(.cancelAttendee(CancelAttendee(attendeeId: places[1], reason: 40)), state: state)
        #expect(single.events.count == 1)
    }
}
