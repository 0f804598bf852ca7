import Foundation
import Testing
import Domain

@Suite("Group appointments: create")
struct GroupAppointmentCreateTests {
    @Test("Defaults: ends_at from the type's duration, max_attendees from the type; the time is booked")
    func defaults() throws {
        let (state, reply, events) = try Group.accept(Group.create(notes: "Bring a mat", url: "https://meet.example.org/x"))
        guard events.count == 1, case .groupAppointmentCreated(let c) = events[0] else { Issue.record("\(events)"); return }
        #expect(reply == .groupAppointments(ids: [c.groupAppointmentId]))
        #expect(c.startsAt == Group.monday9 && c.endsAt == Group.monday9.addingTimeInterval(3600))
        #expect(c.maxAttendees == 8 && c.repeatRule == nil && c.repeatedFrom == nil && c.createdAt == Scheduling.now)
        #expect(c.notes == "Bring a mat" && c.telehealthUrl == "https://meet.example.org/x")
        #expect(c.locationId == Group.lakeside && c.practitionerId == Group.gus && c.appointmentTypeId == Group.pilates)
        #expect(state.calendar.overlapping(Group.gus, Group.monday9, Group.monday9.addingTimeInterval(60)).map(\.id) == [c.groupAppointmentId])
        #expect(state.groupAppointments.appointments[c.groupAppointmentId]?.slot == c.slot)
        #expect(state.groupAppointments.placesLeft(in: c.groupAppointmentId) == 8)
        #expect(state.version(of: c.groupAppointmentId) == 1)
    }

    @Test("Given ends_at and max_attendees are kept")
    func given() throws {
        let end = Group.monday9.addingTimeInterval(45 * 60)
        let (_, _, events) = try Group.accept(Group.create(end: end, max: 3))
        guard case .groupAppointmentCreated(let c) = events.first else { Issue.record("\(events)"); return }
        #expect(c.endsAt == end && c.maxAttendees == 3)
    }

    @Test("A repeat rule creates every occurrence in one decision; repeats point at the first")
    func series() throws {
        let (state, reply, events) = try Group.accept(Group.create(rule: Group.rule(.weekly, 3)))
        let created = events.compactMap { if case .groupAppointmentCreated(let c) = $0 { return c } else { return nil } }
        #expect(created.count == 4)
        let first = created[0].groupAppointmentId
        #expect(reply == .groupAppointments(ids: created.map(\.groupAppointmentId)))
        #expect(created[0].repeatedFrom == nil && created.dropFirst().allSatisfy { $0.repeatedFrom == first })
        #expect(created.allSatisfy { $0.repeatRule == Group.rule(.weekly, 3) })
        #expect(Set(created.map(\.groupAppointmentId)).count == 4)
        #expect(state.groupAppointments.occurrences(ofSeriesOf: created[2].groupAppointmentId) == created.map(\.groupAppointmentId))
        #expect(state.calendar.bookingCount == 4)
    }

    @Test("Each refusal names Cliniko's field")
    func refusals() {
        let unknown = Fixture.id(999)
        func field(_ command: GroupAppointmentCommand) -> (DomainError.Code, String?)? {
            Group.refusal(command).map { ($0.code, $0.field) }
        }
        #expect(field(Group.create(type: unknown))! == (.unknownReference, "appointment_type_id"))
        #expect(field(Group.create(location: unknown))! == (.unknownReference, "business_id"))
        #expect(field(Group.create(practitioner: unknown))! == (.unknownReference, "practitioner_id"))
        #expect(field(Group.create(type: Group.consult))! == (.invalidValue, "appointment_type_id"))
        #expect(Group.refusal(Group.create(type: Group.consult))?.message == "appointment_type_id is not a group appointment type")
        // Ada works at Lakeside only.
        #expect(field(Group.create(location: Group.bondi, practitioner: Group.ada))! == (.invalidValue, "practitioner_id"))
        #expect(field(Group.create(location: Group.annex))! == (.invalidValue, "business_id"))
        #expect(field(Group.create(max: 0))! == (.invalidValue, "max_attendees"))
        #expect(field(Group.create(max: 101))! == (.invalidValue, "max_attendees"))
        #expect(field(Group.create(type: Group.huge))! == (.invalidValue, "max_attendees"))  // the type's 500 is no default here
        #expect(Group.refusal(Group.create(type: Group.huge, max: 100)) == nil)
        #expect(field(Group.create(end: Group.monday9))! == (.invalidValue, "ends_at"))
        #expect(field(Group.create(end: Group.monday9.addingTimeInterval(-60)))! == (.invalidValue, "ends_at"))
        #expect(field(Group.create(end: Group.monday9.addingTimeInterval(86_400 + 60)))! == (.invalidValue, "ends_at"))
        #expect(Group.refusal(Group.create(end: Group.monday9.addingTimeInterval(86_400))) == nil)
        #expect(field(Group.create(start: Scheduling.now.addingTimeInterval(-31 * 86_400)))! == (.invalidValue, "starts_at"))
        #expect(Group.refusal(Group.create(start: Scheduling.now.addingTimeInterval(-29 * 86_400))) == nil)
        #expect(field(Group.create(start: Scheduling.now.addingTimeInterval(367 * 86_400)))! == (.invalidValue, "starts_at"))
        // 51 repeats every 100 months reach far past five years.
        #expect(field(Group.create(rule: Group.rule(.monthly, 51, every: 100)))! == (.invalidValue, "repeat_rule"))
        #expect(Group.refusal(Group.create(rule: Group.rule(.weekly, 51, every: 5))) == nil)  // ~4.9 years
        // Stateless limits.
        #expect(field(Group.create(rule: Group.rule(.daily, 0)))! == (.invalidValue, "repeat_rule.number_of_repeats"))
        #expect(field(Group.create(rule: Group.rule(.daily, 52)))! == (.invalidValue, "repeat_rule.number_of_repeats"))
        #expect(field(Group.create(rule: Group.rule(.daily, 1, every: 0)))! == (.invalidValue, "repeat_rule.repeating_interval"))
        #expect(field(Group.create(rule: Group.rule(.daily, 1, every: 101)))! == (.invalidValue, "repeat_rule.repeating_interval"))
        #expect(field(Group.create(url: "ftp://files.example.org/x"))! == (.invalidValue, "telehealth_url"))
        #expect(field(Group.create(url: "/relative/path"))! == (.invalidValue, "telehealth_url"))
        #expect(field(Group.create(url: "https://x.example/" + String(repeating: "a", count: 2048)))! == (.valueTooLong, "telehealth_url"))
        #expect(field(Group.create(notes: String(repeating: "n", count: 10_001)))! == (.valueTooLong, "notes"))
        #expect(field(Group.create(notes: "a\u{0}b"))! == (.invalidCharacter, "notes"))
    }

    @Test("Outside working hours and over an unavailable block is allowed (the conflicts query reports it)")
    func outsideHoursAllowed() throws {
        // Sunday 2026-10-25 18:00 Chicago.
        #expect(Group.refusal(Group.create(start: Scheduling.at("2026-10-25T23:00:00Z"))) == nil)
    }

    @Test("All or nothing: the 3rd occurrence overlapping a Heim appointment refuses the series; nothing is written")
    func allOrNothing() throws {
        // Ada's Heim appointment on Monday 2026-11-09 09:00 CST (15:00Z).
        let heim = WindowRef(practitionerId: Group.ada, start: Scheduling.at("2026-11-09T15:00:00Z"))
        let (state, _) = try Scheduling.accept(Scheduling.create(window: heim), state: Group.state)
        let series = Group.create(practitioner: Group.ada, rule: Group.rule(.weekly, 3))  // Oct 26, Nov 2, Nov 9, Nov 16
        let refusal = Group.refusal(series, state: state)
        #expect(refusal?.field == "starts_at" && refusal?.code == .slotUnavailable)
        #expect(refusal?.message == "the practitioner is already booked at 2026-11-09T15:00:00.000Z")
        #expect(state.groupAppointments.appointments.isEmpty)
        // Without that week it goes through.
        #expect(Group.refusal(Group.create(practitioner: Group.ada, rule: Group.rule(.weekly, 1)), state: state) == nil)
    }

    @Test("A booking of another group appointment refuses the same time")
    func overlapsAnotherGroup() throws {
        let (state, _) = try Group.created(Group.create())
        let half = Group.create(type: Group.yoga, start: Group.monday9.addingTimeInterval(30 * 60))
        #expect(Group.refusal(half, state: state)?.field == "starts_at")
        // Back to back is fine.
        #expect(Group.refusal(Group.create(start: Group.monday9.addingTimeInterval(3600)), state: state) == nil)
        // Another practitioner's time is not his.
        #expect(Group.refusal(Group.create(practitioner: Group.ada), state: state) == nil)
    }

    @Test("Occurrences overlapping each other are refused: a day-long daily class across spring-forward (a 23-hour day)")
    func overlapWithinSeries() {
        // Saturday 2027-03-13 09:00 EST at Main Clinic, 24 hours long; Sunday's 09:00 EDT starts 23 hours later.
        let start = Scheduling.at("2027-03-13T14:00:00Z")
        let command = Group.create(location: Group.mainClinic, start: start, end: start.addingTimeInterval(86_400), rule: Group.rule(.daily, 1))
        let refusal = Group.refusal(command)
        #expect(refusal?.field == "starts_at")
        #expect(refusal?.message == "the practitioner is already booked at 2027-03-14T13:00:00.000Z")
        // The same in autumn (a 25-hour day) does not overlap.
        let autumn = Scheduling.at("2026-10-31T13:00:00Z")
        #expect(Group.refusal(Group.create(location: Group.mainClinic, start: autumn, end: autumn.addingTimeInterval(86_400),
                                           rule: Group.rule(.daily, 1))) == nil)
    }

    @Test("The organization must exist")
    func organizationMustExist() {
        let empty = OrganizationState(organizationId: Fixture.orgId)
        #expect(Group.refusal(Group.create(), state: empty)?.code == .organizationNotFound)
    }
}
