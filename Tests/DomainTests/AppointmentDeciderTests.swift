import Foundation
import Testing
import Domain

@Suite("Appointments: booking a window")
struct AppointmentBookingTests {
    @Test("Creating with a window takes it: AppointmentCreated then AppointmentScheduled")
    func createWithWindow() throws {
        let window = Scheduling.adaMonday9
        let decision = try Scheduling.decideAppointment(Scheduling.create(window: window))
        try #require(decision.events.count == 2)
        guard case .appointments(.appointmentCreated(let created)) = decision.events[0],
              case .appointments(.appointmentScheduled(let scheduled)) = decision.events[1] else {
            Issue.record("unexpected events \(decision.events)")
            return
        }
        #expect(created.patientId == Fixture.existingPatientId)
        #expect(created.taskId == Scheduling.consult)
        #expect(created.phone == "+14155550123")
        #expect(created.createdAt == Scheduling.now)
        #expect(scheduled.appointmentId == created.appointmentId)
        #expect(scheduled.slot == TimeSlot(practitionerId: Scheduling.ada, locationId: Scheduling.lakeside,
                                           start: window.start, end: Scheduling.at("2026-10-26T15:00:00Z")))
        #expect(decision.reply == .appointments(.appointment(appointmentId: created.appointmentId, status: .scheduled)))
        let state = Scheduling.applying(decision.events, to: Scheduling.state)
        #expect(state.appointments.appointments[created.appointmentId]?.status == .scheduled)
        #expect(state.calendar.bookingCount == 1)
    }

    @Test("Without a window the appointment waits in scheduling and takes no time")
    func createWithoutWindow() throws {
        let decision = try Scheduling.decideAppointment(Scheduling.create())
        #expect(decision.events.count == 1)
        guard case .appointments(.appointment(let id, .scheduling)) = decision.reply else {
            Issue.record("unexpected reply \(decision.reply)")
            return
        }
        #expect(Scheduling.applying(decision.events, to: Scheduling.state).appointments.appointments[id]?.status == .scheduling)
    }

    @Test("The same window twice: the second is refused with slotUnavailable naming windowId")
    func sameWindowTwice() throws {
        let (state, _) = try Scheduling.accept(Scheduling.create(window: Scheduling.adaMonday9))
        let error = try #require(Scheduling.refusal(Scheduling.create(window: Scheduling.adaMonday9), state: state,
                                                    context: Scheduling.context(seed: 2)))
        #expect(error.code == .slotUnavailable)
        #expect(error.field == "windowId")
    }

    @Test("A different start overlapping a booking is refused too", arguments: [
        "2026-10-26T15:30:00Z",   // 10:30 Chicago: 30 minutes into the booked hour
        "2026-10-26T14:30:00Z",   // 09:30: would end 30 minutes into it
    ])
    func overlapping(start: String) throws {
        let ten = WindowRef(practitionerId: Scheduling.ada, start: Scheduling.at("2026-10-26T15:00:00Z"))
        let (state, _) = try Scheduling.accept(Scheduling.create(window: ten))
        let window = WindowRef(practitionerId: Scheduling.ada, start: Scheduling.at(start))
        let error = try #require(Scheduling.refusal(Scheduling.create(window: window), state: state, context: Scheduling.context(seed: 2)))
        #expect(error.code == .slotUnavailable)
        #expect(error.field == "windowId")
        // The hour before the booking is still free.
        #expect(Scheduling.refusal(Scheduling.create(window: Scheduling.adaMonday9), state: state, context: Scheduling.context(seed: 3)) == nil)
    }

    @Test("A window not free is refused naming windowId", arguments: [
        ("2026-10-26T13:00:00Z", "before working hours (08:00 Chicago)"),
        ("2026-10-26T16:30:00Z", "runs past 12:00"),
        ("2026-10-27T14:00:00Z", "a Tuesday"),
        ("2026-10-26T14:00:00Z", "inside the block"),
    ])
    func notFree(start: String, why: String) throws {
        let block = UnavailableBlockDeclaration(practitioner: "Ada Park", startsAt: "2026-10-26T08:30:00-05:00", endsAt: "2026-10-26T10:00:00-05:00")
        let blocked = Scheduling.applying(try decide(.organization(.applyReferenceData(ReferenceDataDeclaration(unavailableBlocks: [block]))),
                                                     state: Scheduling.state, context: Scheduling.context(seed: 60)).events, to: Scheduling.state)
        let window = WindowRef(practitionerId: Scheduling.ada, start: Scheduling.at(start))
        let error = try #require(Scheduling.refusal(Scheduling.create(window: window), state: blocked), "\(why)")
        #expect(error.code == .slotUnavailable, "\(why)")
        #expect(error.field == "windowId", "\(why)")
    }

    @Test("A window that has started is refused, though it is otherwise free")
    func started() throws {
        let ten = WindowRef(practitionerId: Scheduling.ada, start: Scheduling.at("2026-10-26T15:00:00Z"))
        let error = try #require(Scheduling.refusal(Scheduling.create(window: ten), context: Scheduling.context(now: Scheduling.at("2026-10-26T15:30:00Z"))))
        #expect(error.code == .slotUnavailable)
        #expect(error.field == "windowId")
        #expect(Scheduling.refusal(Scheduling.create(window: ten), context: Scheduling.context(now: Scheduling.at("2026-10-26T14:59:00Z"))) == nil)
    }

    @Test("A window of another organization's practitioner is unknown")
    func unknownPractitioner() throws {
        let error = try #require(Scheduling.refusal(Scheduling.create(window: WindowRef(practitionerId: Fixture.id(903), start: Scheduling.adaMonday9.start))))
        #expect(error.code == .unknownReference)
        #expect(error.field == "windowId")
    }

    @Test("Cancelling frees the window: availability lists it and it books again")
    func cancelFrees() throws {
        let (booked, id) = try Scheduling.accept(Scheduling.create(window: Scheduling.adaMonday9))
        #expect(try Scheduling.windows(from: "2026-10-26", to: "2026-10-26", practitioner: Scheduling.ada, state: booked)
            .map(\.window).contains(Scheduling.adaMonday9) == false)
        let cancel = try Scheduling.decideAppointment(.cancelAppointment(CancelAppointment(appointmentId: id, reason: CancellationReason(reasonCode: "patient"))),
                                                      state: booked)
        guard case .appointments(.appointmentCancelled(let cancelled)) = try #require(cancel.events.first) else {
            Issue.record("unexpected events \(cancel.events)")
            return
        }
        #expect(cancelled.freedSlot?.start == Scheduling.adaMonday9.start)
        let freed = Scheduling.applying(cancel.events, to: booked)
        #expect(freed.calendar.bookingCount == 0)
        #expect(try Scheduling.windows(from: "2026-10-26", to: "2026-10-26", practitioner: Scheduling.ada, state: freed)
            .map(\.window).contains(Scheduling.adaMonday9))
        let (again, _) = try Scheduling.accept(Scheduling.create(window: Scheduling.adaMonday9), state: freed, context: Scheduling.context(seed: 2))
        #expect(again.calendar.bookingCount == 1)
    }

    @Test("A completed appointment keeps its time")
    func completedKeepsTime() throws {
        let (booked, id) = try Scheduling.accept(Scheduling.create(window: Scheduling.adaMonday9))
        let done = Scheduling.applying(try Scheduling.decideAppointment(.completeAppointment(CompleteAppointment(appointmentId: id)),
                                                                        state: booked).events, to: booked)
        #expect(Scheduling.refusal(Scheduling.create(window: Scheduling.adaMonday9), state: done, context: Scheduling.context(seed: 2))?.code
                == .slotUnavailable)
    }
}

@Suite("Appointments: plan range")
struct AppointmentPlanRangeTests {
    @Test("A plan range on a standard task is refused naming planFrom")
    func standardTask() throws {
        let error = try #require(Scheduling.refusal(Scheduling.create(task: Scheduling.consult, planFrom: "2026-10-26", planTo: "2026-11-09")))
        #expect(error.code == .invalidValue)
        #expect(error.field == "planFrom")
    }

    @Test("planTo closer than min_plan_days after planFrom is refused naming planTo")
    func tooNarrow() throws {
        let error = try #require(Scheduling.refusal(Scheduling.create(task: Scheduling.planned, planFrom: "2026-10-26", planTo: "2026-11-01")))
        #expect(error.code == .invalidValue)
        #expect(error.field == "planTo")
        #expect(Scheduling.refusal(Scheduling.create(task: Scheduling.planned, planFrom: "2026-10-26", planTo: "2026-11-02")) == nil)
    }

    @Test("One end alone is refused naming the other")
    func oneEnd() throws {
        let noTo = try #require(Scheduling.refusal(Scheduling.create(task: Scheduling.planned, planFrom: "2026-10-26")))
        #expect(noTo.code == .missingField)
        #expect(noTo.field == "planTo")
        let noFrom = try #require(Scheduling.refusal(Scheduling.create(task: Scheduling.planned, planTo: "2026-11-09")))
        #expect(noFrom.code == .missingField)
        #expect(noFrom.field == "planFrom")
    }

    @Test("A plan range ending in the past is refused naming planTo")
    func pastRange() throws {
        let error = try #require(Scheduling.refusal(Scheduling.create(task: Scheduling.planned, planFrom: "2026-10-01", planTo: "2026-10-19")))
        #expect(error.code == .invalidValue)
        #expect(error.field == "planTo")
    }

    @Test("A window outside the plan range is refused naming windowId, at create and at schedule")
    func windowOutside() throws {
        // Plan 2026-11-02 … 2026-11-09: the Monday 2026-10-26 window lies before it.
        let create = Scheduling.create(task: Scheduling.planned, window: Scheduling.adaMonday9, planFrom: "2026-11-02", planTo: "2026-11-09")
        let error = try #require(Scheduling.refusal(create))
        #expect(error.code == .invalidValue)
        #expect(error.field == "windowId")

        let (waiting, id) = try Scheduling.accept(Scheduling.create(task: Scheduling.planned, planFrom: "2026-11-02", planTo: "2026-11-09"))
        let schedule = AppointmentCommand.scheduleAppointment(ScheduleAppointment(appointmentId: id, window: Scheduling.adaMonday9))
        #expect(Scheduling.refusal(schedule, state: waiting)?.field == "windowId")
        // 09:00 Chicago on 2026-11-02 is inside: the plan's days are the location's days.
        let inside = WindowRef(practitionerId: Scheduling.ada, start: Scheduling.at("2026-11-02T15:00:00Z"))
        let scheduled = try Scheduling.decideAppointment(.scheduleAppointment(ScheduleAppointment(appointmentId: id, window: inside)), state: waiting)
        #expect(scheduled.reply == .appointments(.appointment(appointmentId: id, status: .scheduled)))
    }
}

@Suite("Appointments: lifecycle")
struct AppointmentLifecycleTests {
    static func run(_ command: AppointmentCommand, _ state: OrganizationState) throws -> OrganizationState {
        Scheduling.applying(try Scheduling.decideAppointment(command, state: state).events, to: state)
    }

    static func cancel(_ id: UUID) -> AppointmentCommand {
        .cancelAppointment(CancelAppointment(appointmentId: id, reason: CancellationReason(note: "moved away", causingEntity: "patient")))
    }

    static func complete(_ id: UUID) -> AppointmentCommand { .completeAppointment(CompleteAppointment(appointmentId: id)) }

    static func schedule(_ id: UUID, _ window: WindowRef = Scheduling.adaMonday9) -> AppointmentCommand {
        .scheduleAppointment(ScheduleAppointment(appointmentId: id, window: window))
    }

    static func status(_ id: UUID, _ state: OrganizationState) -> AppointmentStatus? { state.appointments.appointments[id]?.status }

    @Test("scheduling → schedule → scheduled → complete")
    func happyPath() throws {
        let (waiting, id) = try Scheduling.accept(Scheduling.create())
        #expect(Self.status(id, waiting) == .scheduling)
        let scheduled = try Self.run(Self.schedule(id), waiting)
        #expect(Self.status(id, scheduled) == .scheduled)
        #expect(scheduled.calendar.bookingCount == 1)
        let completed = try Self.run(Self.complete(id), scheduled)
        #expect(Self.status(id, completed) == .completed)
    }

    @Test("Refused transitions", arguments: [
        ("complete after cancel", [Step.schedule, .cancel], Step.complete),
        ("cancel twice", [Step.cancel], Step.cancel),
        ("cancel after complete", [Step.schedule, .complete], Step.cancel),
        ("complete while scheduling", [], Step.complete),
        ("complete twice", [Step.schedule, .complete], Step.complete),
        ("schedule when scheduled", [Step.schedule], Step.schedule),
        ("schedule when cancelled", [Step.cancel], Step.schedule),
        ("update when cancelled", [Step.cancel], Step.update),
    ])
    func refused(name: String, before: [Step], then: Step) throws {
        let (created, id) = try Scheduling.accept(Scheduling.create())
        var state = created
        for step in before { state = try Self.run(step.command(id), state) }
        let error = try #require(Scheduling.refusal(then.command(id), state: state), "\(name)")
        #expect(error.code == .invalidTransition, "\(name)")
    }

    enum Step: Sendable, CustomTestStringConvertible {
        case schedule, complete, cancel, update
        func command(_ id: UUID) -> AppointmentCommand {
            switch self {
            case .schedule: return AppointmentLifecycleTests.schedule(id, WindowRef(practitionerId: Scheduling.ada,
                                                                                    start: Scheduling.at("2026-10-26T16:00:00Z")))
            case .complete: return AppointmentLifecycleTests.complete(id)
            case .cancel: return AppointmentLifecycleTests.cancel(id)
            case .update: return .updateAppointment(UpdateAppointment(appointmentId: id, note: .set("new note")))
            }
        }
        var testDescription: String { "\(self)" }
    }

    @Test("The second cancel writes nothing and keeps the first cancel's reason")
    func cancelOnce() throws {
        let (waiting, id) = try Scheduling.accept(Scheduling.create())
        let cancelled = try Self.run(Self.cancel(id), waiting)
        #expect(Scheduling.refusal(Self.cancel(id), state: cancelled)?.code == .invalidTransition)
        #expect(cancelled.version(of: id) == 2)
    }

    @Test("An update equal to the current values writes nothing; a change writes only what changed")
    func updates() throws {
        var create = CreateAppointment(patientId: Fixture.existingPatientId, taskId: Scheduling.consult, phone: "+14155550123",
                                       location: AppointmentAddress(line1: "1 Elm St", postcode: "60601"), note: "bring scans",
                                       documentIds: ["doc-1"], metadata: .object([("source", .string("portal"))]))
        create.externalReference = "ext-1"
        let (state, id) = try Scheduling.accept(.createAppointment(create))
        let same = UpdateAppointment(appointmentId: id, note: .set("bring scans"), metadata: .set(.object([("source", .string("portal"))])),
                                     externalReference: .set("ext-1"), documentIds: .set(["doc-1"]))
        let unchanged = try Scheduling.decideAppointment(.updateAppointment(same), state: state)
        #expect(unchanged.events.isEmpty)
        #expect(unchanged.reply == .appointments(.appointment(appointmentId: id, status: .scheduling)))

        let change = UpdateAppointment(appointmentId: id, note: .set(nil), externalReference: .set("ext-1"))
        let changed = try Scheduling.decideAppointment(.updateAppointment(change), state: state)
        guard changed.events.count == 1, case .appointments(.appointmentUpdated(let updated)) = changed.events[0] else {
            Issue.record("unexpected events \(changed.events)")
            return
        }
        #expect(updated.changed == ["note"])
        #expect(updated.note == nil)
        #expect(updated.externalReference == "ext-1")
        #expect(updated.documentIds == ["doc-1"])
    }

    @Test("An unknown appointment id is appointmentNotFound", arguments: [Step.schedule, .complete, .cancel, .update])
    func unknown(step: Step) throws {
        let error = try #require(Scheduling.refusal(step.command(Fixture.id(904))))
        #expect(error.code == .appointmentNotFound)
    }
}

@Suite("Appointments: calendar pruning")
struct CalendarPruningTests {
    static func scheduled(_ n: Int, start: String, at time: String) -> DomainEvent {
        let start = Scheduling.at(start)
        return .appointments(.appointmentScheduled(AppointmentScheduled(
            appointmentId: Fixture.id(700 + n), patientId: Fixture.existingPatientId,
            slot: TimeSlot(practitionerId: Scheduling.ada, locationId: Scheduling.lakeside, start: start, end: start.addingTimeInterval(3600)),
            scheduledAt: Scheduling.at(time))))
    }

    @Test("Bookings that ended more than a day before the newest event fall away")
    func prunes() {
        var state = Scheduling.state
        state.apply(Self.scheduled(1, start: "2026-10-26T14:00:00Z", at: "2026-10-20T12:00:00Z"))
        state.apply(Self.scheduled(2, start: "2026-11-02T15:00:00Z", at: "2026-10-21T12:00:00Z"))
        #expect(state.calendar.bookingCount == 2)
        // Less than a day after the first ended (15:00Z): kept.
        state.apply(Self.scheduled(3, start: "2026-11-09T15:00:00Z", at: "2026-10-27T14:00:00Z"))
        #expect(state.calendar.bookingCount == 3)
        // More than a day after: gone; the future ones stay.
        state.apply(Self.scheduled(4, start: "2026-11-16T15:00:00Z", at: "2026-10-28T16:00:00Z"))
        #expect(state.calendar.bookingCount == 3)
        #expect(state.calendar.bookings[Scheduling.ada]?.map(\.id) == [Fixture.id(702), Fixture.id(703), Fixture.id(704)])
        // Long after all of them: only what has not ended a day ago remains.
        state.apply(Self.scheduled(5, start: "2026-12-07T15:00:00Z", at: "2026-12-01T12:00:00Z"))
        #expect(state.calendar.bookingCount == 1)
    }

    @Test("However events fall, a booking is gone once they are two days past its end")
    func bound() {
        var state = Scheduling.state
        state.apply(Self.scheduled(1, start: "2026-10-26T14:00:00Z", at: "2026-10-20T12:00:00Z"))
        // Events an hour after it ended (a sweep that must keep it), then a day and a half after.
        state.apply(Self.scheduled(2, start: "2026-11-02T15:00:00Z", at: "2026-10-26T16:00:00Z"))
        state.apply(Self.scheduled(3, start: "2026-11-09T15:00:00Z", at: "2026-10-28T03:00:00Z"))
        // Two days after its end it is gone.
        state.apply(Self.scheduled(4, start: "2026-11-16T15:00:00Z", at: "2026-10-28T15:00:00Z"))
        #expect(state.calendar.bookingCount == 3)
        #expect(state.calendar.bookings[Scheduling.ada]?.contains { $0.id == Fixture.id(701) } == false)
    }

    @Test("A pruned booking's cancel is harmless")
    func cancelAfterPrune() {
        var state = Scheduling.state
        state.apply(Self.scheduled(1, start: "2026-10-26T14:00:00Z", at: "2026-10-20T12:00:00Z"))
        state.apply(Self.scheduled(2, start: "2026-11-30T15:00:00Z", at: "2026-11-28T12:00:00Z"))
        #expect(state.calendar.bookingCount == 1)
        state.apply(.appointments(.appointmentCancelled(AppointmentCancelled(
            appointmentId: Fixture.id(701), patientId: Fixture.existingPatientId, reason: CancellationReason(), freedSlot: nil,
            cancelledAt: Scheduling.at("2026-11-28T13:00:00Z")))))
        #expect(state.calendar.bookingCount == 1)
    }
}

@Suite("Appointments: validation")
struct AppointmentValidationTests {
    @Test("A phone that is not E.164 is refused naming phone", arguments: [
        "4155550123", "+0123456", "+1234567890123456", "+1 415 555 0123", "+1415", "",
    ])
    func phone(_ phone: String) throws {
        let error = try #require(Scheduling.refusal(Scheduling.create(phone: phone)))
        #expect(error.code == .invalidValue)
        #expect(error.field == "phone")
    }

    @Test("E.164 numbers are accepted, trimmed", arguments: ["+14155550123", " +442079460958 ", "+123456"])
    func goodPhone(_ phone: String) throws {
        let decision = try Scheduling.decideAppointment(Scheduling.create(phone: phone))
        guard case .appointments(.appointmentCreated(let created)) = decision.events[0] else { Issue.record("no AppointmentCreated"); return }
        #expect(created.phone == phone.trimmingCharacters(in: .whitespaces))
    }

    @Test("The address needs line1 and postcode", arguments: [
        (AppointmentAddress(line1: "  ", postcode: "60601"), "location.line1"),
        (AppointmentAddress(line1: "1 Elm St", postcode: ""), "location.postcode"),
    ])
    func address(_ address: AppointmentAddress, field: String) throws {
        let error = try #require(Scheduling.refusal(Scheduling.create(address: address)))
        #expect(error.code == .missingField)
        #expect(error.field == field)
    }

    @Test("Unknown patient or task is refused naming it")
    func unknownReferences() throws {
        let patient = try #require(Scheduling.refusal(Scheduling.create(patient: Fixture.id(905))))
        #expect(patient.code == .unknownReference)
        #expect(patient.field == "patientId")
        let task = try #require(Scheduling.refusal(Scheduling.create(task: Fixture.id(906))))
        #expect(task.code == .unknownReference)
        #expect(task.field == "taskId")
    }

    @Test("metadata must be a JSON object within the size limit", arguments: [
        (JSONValue.string("note"), DomainError.Code.invalidValue),
        (.array([.int(1)]), .invalidValue),
        (.object([("blob", .string(String(repeating: "x", count: InputLimits.metadataBytes)))]), .valueTooLong),
    ])
    func metadata(_ value: JSONValue, code: DomainError.Code) throws {
        let error = try #require(Scheduling.refusal(Scheduling.create(metadata: value)))
        #expect(error.code == code)
        #expect(error.field == "metadata")
        let update = AppointmentCommand.updateAppointment(UpdateAppointment(appointmentId: Fixture.id(907), metadata: .set(value)))
        #expect(Scheduling.refusal(update)?.field == "metadata")
    }

    @Test("Commands need an existing organization")
    func noOrganization() throws {
        let error = try #require(Scheduling.refusal(Scheduling.create(), state: OrganizationState(organizationId: Fixture.id(908))))
        #expect(error.code == .organizationNotFound)
    }
}
