import Foundation
import Testing
import Domain

@Suite("Group appointments: update")
struct GroupAppointmentUpdateTests {
    static func update(_ id: UUID, start: FieldUpdate<Date> = .keep, end: FieldUpdate<Date> = .keep, type: FieldUpdate<UUID> = .keep,
                       location: FieldUpdate<UUID> = .keep, practitioner: FieldUpdate<UUID> = .keep, max: FieldUpdate<Int> = .keep,
                       notes: FieldUpdate<String> = .keep, url: FieldUpdate<String> = .keep,
                       rule: FieldUpdate<RepeatRule> = .keep) -> GroupAppointmentCommand {
        .update(UpdateGroupAppointment(groupAppointmentId: id, appointmentTypeId: type, locationId: location, practitionerId: practitioner,
                                       startsAt: start, endsAt: end, maxAttendees: max, notes: notes, telehealthUrl: url, repeatRule: rule))
    }

    @Test("A new time is checked against the calendar without itself; the old slot is freed, the length kept")
    func timeChange() throws {
        let (one, _) = try Group.created(Group.create())
        let ten = Group.monday9.addingTimeInterval(3600)
        let (two, b) = try Group.created(Group.create(start: ten), state: one, seed: 2)
        // B onto A's time: refused, naming starts_at.
        let clash = Group.refusal(Self.update(b[0], start: .set(Group.monday9.addingTimeInterval(1800))), state: two)
        #expect(clash?.field == "starts_at" && clash?.code == .slotUnavailable)
        // B half an hour later overlaps only its own old time: allowed.
        let (after, reply, events) = try Group.accept(Self.update(b[0], start: .set(ten.addingTimeInterval(1800))), state: two, seed: 3)
        #expect(reply == .groupAppointment(id: b[0]))
        guard events.count == 1, case .groupAppointmentUpdated(let u) = events[0] else { Issue.record("\(events)"); return }
        #expect(u.changed == ["starts_at", "ends_at"])
        #expect(u.startsAt == ten.addingTimeInterval(1800) && u.endsAt == ten.addingTimeInterval(5400))
        #expect(u.freedSlot == TimeSlot(practitionerId: Group.gus, locationId: Group.lakeside, start: ten, end: ten.addingTimeInterval(3600)))
        #expect(u.maxAttendees == 8 && u.appointmentTypeId == Group.pilates && u.repeatRule == nil && u.updatedAt == Scheduling.now)
        #expect(after.calendar.overlapping(Group.gus, ten, ten.addingTimeInterval(1800)).isEmpty)
        #expect(after.calendar.overlapping(Group.gus, ten.addingTimeInterval(1800), ten.addingTimeInterval(1860)).map(\.id) == [b[0]])
        #expect(after.calendar.bookingCount == 2)
        // Moving it to another practitioner frees Gus's time and takes Ada's.
        let (moved, _, _) = try Group.accept(Self.update(b[0], practitioner: .set(Group.ada)), state: after, seed: 4)
        #expect(moved.calendar.overlapping(Group.gus, ten, ten.addingTimeInterval(7200)).isEmpty)
        #expect(moved.calendar.overlapping(Group.ada, ten, ten.addingTimeInterval(7200)).map(\.id) == [b[0]])
        // Far in the past or a reversed end: refused with the field.
        #expect(Group.refusal(Self.update(b[0], start: .set(Scheduling.now.addingTimeInterval(-40 * 86_400))), state: after)?.field == "starts_at")
        #expect(Group.refusal(Self.update(b[0], end: .set(ten)), state: after)?.field == "ends_at")
        #expect(Group.refusal(Self.update(b[0], start: .set(nil)), state: after)?.field == "starts_at")
    }

    @Test("References: an unknown practitioner, one not working at the new business, a non-group type")
    func references() throws {
        let (state, a) = try Group.created(Group.create())
        #expect(Group.refusal(Self.update(a[0], practitioner: .set(Fixture.id(999))), state: state)?.field == "practitioner_id")
        #expect(Group.refusal(Self.update(a[0], location: .set(Group.bondi), practitioner: .set(Group.ada)), state: state)?.field == "practitioner_id")
        #expect(Group.refusal(Self.update(a[0], location: .set(Fixture.id(999))), state: state)?.field == "business_id")
        #expect(Group.refusal(Self.update(a[0], type: .set(Group.consult)), state: state)?.field == "appointment_type_id")
        #expect(Group.refusal(Self.update(a[0], location: .set(Group.bondi)), state: state) == nil)
    }

    @Test("A type change keeps ends_at; ends_at null recomputes it from the type's duration")
    func typeAndEnd() throws {
        let (state, a) = try Group.created(Group.create())
        let (_, _, kept) = try Group.accept(Self.update(a[0], type: .set(Group.yoga)), state: state, seed: 2)
        guard case .groupAppointmentUpdated(let u) = kept.first else { Issue.record("\(kept)"); return }
        #expect(u.changed == ["appointment_type_id"] && u.endsAt == Group.monday9.addingTimeInterval(3600) && u.freedSlot == nil)
        let (_, _, recomputed) = try Group.accept(Self.update(a[0], end: .set(nil), type: .set(Group.yoga)), state: state, seed: 3)
        guard case .groupAppointmentUpdated(let r) = recomputed.first else { Issue.record("\(recomputed)"); return }
        #expect(r.changed == ["appointment_type_id", "ends_at"] && r.endsAt == Group.monday9.addingTimeInterval(5400) && r.freedSlot != nil)
    }

    @Test("max_attendees may not drop below the attendees booked")
    func maxBelowAttendees() throws {
        let (start, a) = try Group.created(Group.create())
        let (state, _) = try Group.attended(a[0], by: Array(Group.patients.prefix(3)), state: start)
        let refusal = Group.refusal(Self.update(a[0], max: .set(2)), state: state)
        #expect(refusal?.field == "max_attendees")
        #expect(Group.refusal(Self.update(a[0], max: .set(3)), state: state) == nil)
        #expect(Group.refusal(Self.update(a[0], max: .set(101)), state: state)?.field == "max_attendees")
        #expect(Group.refusal(Self.update(a[0], max: .set(nil)), state: state)?.field == "max_attendees")
    }

    @Test("A PATCH that changes nothing writes nothing and answers as a change")
    func noOp() throws {
        let (state, a) = try Group.created(Group.create(notes: "n", rule: Group.rule(.daily, 1)))
        let same = try Group.decideGroup(Self.update(a[0], start: .set(Group.monday9), type: .set(Group.pilates), location: .set(Group.lakeside),
                                                     practitioner: .set(Group.gus), max: .set(8), notes: .set("n"), url: .set(nil),
                                                     rule: .set(Group.rule(.daily, 1))), state: state)
        #expect(same.events.isEmpty && same.reply == .groupAppointments(.groupAppointment(id: a[0])))
        #expect(try Group.decideGroup(Self.update(a[0]), state: state).events.isEmpty)
        // Notes cleared: one change.
        let cleared = try Group.decideGroup(Self.update(a[0], notes: .set(nil)), state: state)
        guard case .groupAppointments(.groupAppointmentUpdated(let u)) = cleared.events.first else { Issue.record("\(cleared.events)"); return }
        #expect(u.changed == ["notes"] && u.notes == nil)
    }

    @Test("An archived group appointment cannot be changed (field base); an unknown one is not found")
    func archived() throws {
        let (state, a) = try Group.created(Group.create())
        let (archived, _, _) = try Group.accept(.archive(groupAppointmentId: a[0]), state: state, seed: 2)
        let refusal = Group.refusal(Self.update(a[0], notes: .set("x")), state: archived)
        #expect(refusal?.field == "base" && refusal?.message == "archived group appointments cannot be changed")
        #expect(Group.refusal(Self.update(Fixture.id(999), notes: .set("x")), state: state)?.code == .groupAppointmentNotFound)
    }

    @Test("A repeat rule set on a lone appointment creates its repeats; it cannot be changed once set, nor set on a repeat")
    func repeatRule() throws {
        let (state, a) = try Group.created(Group.create())
        let (after, reply, events) = try Group.accept(Self.update(a[0], rule: .set(Group.rule(.weekly, 2))), state: state, seed: 2)
        #expect(reply == .groupAppointment(id: a[0]))
        guard events.count == 3, case .groupAppointmentUpdated(let u) = events[0] else { Issue.record("\(events)"); return }
        #expect(u.changed == ["repeat_rule"] && u.repeatRule == Group.rule(.weekly, 2) && u.freedSlot == nil)
        let repeats = events.dropFirst().compactMap { if case .groupAppointmentCreated(let c) = $0 { return c } else { return nil } }
        #expect(repeats.map(\.repeatedFrom) == [a[0], a[0]])
        #expect(repeats.map(\.startsAt) == [Scheduling.at("2026-11-02T15:00:00Z"), Scheduling.at("2026-11-09T15:00:00Z")])
        #expect(after.groupAppointments.occurrences(ofSeriesOf: a[0]) == [a[0]] + repeats.map(\.groupAppointmentId))
        #expect(after.groupAppointments.appointments[a[0]]?.repeatRule == Group.rule(.weekly, 2))
        // Once set: refused on the first and on a repeat.
        #expect(Group.refusal(Self.update(a[0], rule: .set(Group.rule(.weekly, 3))), state: after)?.field == "repeat_rule")
        #expect(Group.refusal(Self.update(a[0], rule: .set(nil)), state: after)?.field == "repeat_rule")
        #expect(Group.refusal(Self.update(repeats[0].groupAppointmentId, rule: .set(Group.rule(.daily, 1))), state: after)?.field == "repeat_rule")
        // A repeat that would clash is refused as on create, with nothing written.
        let (busy, _) = try Group.created(Group.create(start: Scheduling.at("2026-11-09T15:30:00Z")), state: state, seed: 3)
        #expect(Group.refusal(Self.update(a[0], rule: .set(Group.rule(.weekly, 2))), state: busy)?.field == "starts_at")
    }
}

@Suite("Group appointments: archive")
struct GroupAppointmentArchiveTests {
    @Test("Archive once: the time is freed (a Heim window there is free again) and the booked patients named; again writes nothing")
    func archive() throws {
        let (start, a) = try Group.created(Group.create(practitioner: Group.ada))
        let (state, _) = try Group.attended(a[0], by: [Group.patients[0], Group.patients[1]], state: start)
        let (afterCancel, _, _) = try Group.accept(.cancelAttendee(CancelAttendee(attendeeId: state.groupAppointments.activeAttendees(of: a[0])[0].id,
                                                                                 reason: 10)), state: state, seed: 3)
        let occupancy = { (s: OrganizationState) in Occupancy(reference: s.reference, calendar: s.calendar).freeSlot(Group.ada, start: Group.monday9, minutes: 60) }
        #expect(occupancy(afterCancel) == nil)
        #expect(Scheduling.refusal(Scheduling.create(window: Scheduling.adaMonday9), state: afterCancel)?.code == .slotUnavailable)

        let (archived, reply, events) = try Group.accept(.archive(groupAppointmentId: a[0]), state: afterCancel, seed: 4)
        #expect(reply == .archived(id: a[0]))
        guard events.count == 1, case .appointmentArchived(let e) = events[0] else { Issue.record("\(events)"); return }
        #expect(e.appointmentId == a[0] && e.patientIds == [Group.patients[1]] && e.archivedAt == Scheduling.now)
        #expect(e.freedSlot == TimeSlot(practitionerId: Group.ada, locationId: Group.lakeside, start: Group.monday9,
                                        end: Group.monday9.addingTimeInterval(3600)))
        #expect(occupancy(archived) != nil)
        #expect(Scheduling.refusal(Scheduling.create(window: Scheduling.adaMonday9), state: archived) == nil)
        #expect(archived.groupAppointments.appointments[a[0]]?.archived == true)

        let again = try Group.decideGroup(.archive(groupAppointmentId: a[0]), state: archived)
        #expect(again.events.isEmpty && again.reply == .groupAppointments(.archived(id: a[0])))
        #expect(Group.refusal(.archive(groupAppointmentId: Fixture.id(999)), state: archived)?.code == .groupAppointmentNotFound)
    }
}

@Suite("Group appointments: conflicts")
struct GroupAppointmentConflictsTests {
    static func conflicts(_ id: UUID, _ state: OrganizationState) -> Bool {
        GroupAppointmentConflicts.exist(id: id, state: state.groupAppointments, reference: state.reference, calendar: state.calendar)
    }

    @Test("None inside working hours at its business, clear of blocks and other bookings")
    func clean() throws {
        let (state, a) = try Group.created(Group.create())
        #expect(!Self.conflicts(a[0], state))
        #expect(!Self.conflicts(Fixture.id(999), state))
    }

    @Test("Outside working hours: partly past the period's end, on another day, or at another business than the period's")
    func outsideHours() throws {
        let (one, late) = try Group.created(Group.create(start: Group.monday9.addingTimeInterval(2.5 * 3600)))  // 11:30-12:30
        #expect(Self.conflicts(late[0], one))
        let (two, sunday) = try Group.created(Group.create(start: Scheduling.at("2026-10-25T14:00:00Z")), state: one, seed: 2)
        #expect(Self.conflicts(sunday[0], two))
        // Monday 10:00 Chicago at Main Clinic: Gus's Monday hours are at Lakeside.
        let (three, elsewhere) = try Group.created(Group.create(location: Group.mainClinic, start: Group.monday9.addingTimeInterval(3600)),
                                                   state: two, seed: 3)
        #expect(Self.conflicts(elsewhere[0], three))
        // Tuesday 09:00 New York at Main Clinic is inside.
        let (four, tuesday) = try Group.created(Group.create(location: Group.mainClinic, start: Scheduling.at("2026-10-27T13:00:00Z")),
                                                state: three, seed: 4)
        #expect(!Self.conflicts(tuesday[0], four))
    }

    @Test("An unavailable block overlapping it")
    func block() throws {
        let (state, a) = try Group.created(Group.create())
        let block = ReferenceDataDeclaration(unavailableBlocks: [UnavailableBlockDeclaration(
            practitioner: "Gus Hale", startsAt: "2026-10-26T09:30:00-05:00", endsAt: "2026-10-26T09:45:00-05:00")])
        let events = try decide(.organization(.applyReferenceData(block)), state: state, context: Scheduling.context(seed: 8)).events
        #expect(Self.conflicts(a[0], Scheduling.applying(events, to: state)))
    }

    @Test("Another booking overlapping it (a Heim appointment recorded for the same time)")
    func anotherBooking() throws {
        let (state, a) = try Group.created(Group.create())
        let overlapping = DomainEvent.appointments(.appointmentScheduled(AppointmentScheduled(
            appointmentId: Fixture.id(700), patientId: Fixture.existingPatientId,
            slot: TimeSlot(practitionerId: Group.gus, locationId: Group.lakeside, start: Group.monday9.addingTimeInterval(1800),
                           end: Group.monday9.addingTimeInterval(5400)), scheduledAt: Scheduling.now)))
        #expect(Self.conflicts(a[0], Scheduling.applying([overlapping], to: state)))
    }

    @Test("An archived one has none")
    func archived() throws {
        let (one, sunday) = try Group.created(Group.create(start: Scheduling.at("2026-10-25T14:00:00Z")))
        #expect(Self.conflicts(sunday[0], one))
        let (archived, _, _) = try Group.accept(.archive(groupAppointmentId: sunday[0]), state: one, seed: 2)
        #expect(!Self.conflicts(sunday[0], archived))
    }
}
