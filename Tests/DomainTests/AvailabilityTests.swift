import Foundation
import Testing
import Domain

@Suite("Availability windows")
struct AvailabilityTests {
    static func starts(_ windows: [AvailableWindow]) -> [String] { windows.map { RFC3339.format($0.slot.start) } }

    @Test("Working hours stay 09:00 local across the fall-back: 14:00Z before, 15:00Z after")
    func fallBack() throws {
        let windows = try Scheduling.windows(from: "2026-10-26", to: "2026-11-02", practitioner: Scheduling.ada)
        #expect(Self.starts(windows) == [
            "2026-10-26T14:00:00.000Z", "2026-10-26T15:00:00.000Z", "2026-10-26T16:00:00.000Z",
            "2026-11-02T15:00:00.000Z", "2026-11-02T16:00:00.000Z", "2026-11-02T17:00:00.000Z",
        ])
        #expect(windows.map(\.localDate.description) == ["2026-10-26", "2026-10-26", "2026-10-26", "2026-11-02", "2026-11-02", "2026-11-02"])
        #expect(windows.allSatisfy { $0.slot.locationId == Scheduling.lakeside && $0.slot.end.timeIntervalSince($0.slot.start) == 3600 })
    }

    @Test("And across the spring-forward: 15:00Z before, 14:00Z after")
    func springForward() throws {
        let windows = try Scheduling.windows(from: "2027-03-08", to: "2027-03-15", practitioner: Scheduling.ada)
        #expect(Self.starts(windows).first == "2027-03-08T15:00:00.000Z")
        #expect(Self.starts(windows) == [
            "2027-03-08T15:00:00.000Z", "2027-03-08T16:00:00.000Z", "2027-03-08T17:00:00.000Z",
            "2027-03-15T14:00:00.000Z", "2027-03-15T15:00:00.000Z", "2027-03-15T16:00:00.000Z",
        ])
    }

    @Test("A window booked across a DST change is the one availability offered")
    func bookAfterFallBack() throws {
        let window = try #require(try Scheduling.windows(from: "2026-11-02", to: "2026-11-02", practitioner: Scheduling.ada).first)
        let decision = try Scheduling.decideAppointment(Scheduling.create(window: window.window))
        guard case .appointments(.appointmentScheduled(let scheduled)) = decision.events.last else {
            Issue.record("unexpected events \(decision.events)")
            return
        }
        #expect(scheduled.slot == window.slot)
        #expect(RFC3339.format(scheduled.slot.start) == "2026-11-02T15:00:00.000Z")
    }

    @Test("Windows follow each other at the task's duration from the start of each free stretch")
    func step() throws {
        let windows = try Scheduling.windows(task: Scheduling.check, from: "2026-10-26", to: "2026-10-26", practitioner: Scheduling.ada)
        // 09:00, 09:45, 10:30, 11:15 Chicago: 11:15 + 45 min ends at 12:00 exactly.
        #expect(Self.starts(windows) == ["2026-10-26T14:00:00.000Z", "2026-10-26T14:45:00.000Z",
                                         "2026-10-26T15:30:00.000Z", "2026-10-26T16:15:00.000Z"])
        #expect(windows.allSatisfy { $0.slot.end.timeIntervalSince($0.slot.start) == 45 * 60 })
    }

    @Test("A booking in the middle splits the day; windows restart after it")
    func bookingSplits() throws {
        // A 60-minute consult at 10:00 Chicago leaves 09:00-10:00 and 11:00-12:00.
        let ten = WindowRef(practitionerId: Scheduling.ada, start: Scheduling.at("2026-10-26T15:00:00Z"))
        let (state, _) = try Scheduling.accept(Scheduling.create(window: ten))
        #expect(Self.starts(try Scheduling.windows(from: "2026-10-26", to: "2026-10-26", practitioner: Scheduling.ada, state: state))
                == ["2026-10-26T14:00:00.000Z", "2026-10-26T16:00:00.000Z"])
        // 45-minute windows start again at 11:00, not on the 09:00 grid (11:15).
        #expect(Self.starts(try Scheduling.windows(task: Scheduling.check, from: "2026-10-26", to: "2026-10-26",
                                                   practitioner: Scheduling.ada, state: state))
                == ["2026-10-26T14:00:00.000Z", "2026-10-26T16:00:00.000Z"])
        // A booking at 10:30 leaves too little before it for a second hour: 09:00 only.
        let half = WindowRef(practitionerId: Scheduling.ada, start: Scheduling.at("2026-10-26T15:30:00Z"))
        let (other, _) = try Scheduling.accept(Scheduling.create(window: half))
        #expect(Self.starts(try Scheduling.windows(from: "2026-10-26", to: "2026-10-26", practitioner: Scheduling.ada, state: other))
                == ["2026-10-26T14:00:00.000Z"])
    }

    @Test("An unavailable block removes its time; lifting it gives the time back")
    func block() throws {
        let block = UnavailableBlockDeclaration(practitioner: "Ada Park", startsAt: "2026-10-26T09:00:00-05:00", endsAt: "2026-10-26T10:30:00-05:00")
        let added = try decide(.organization(.applyReferenceData(ReferenceDataDeclaration(unavailableBlocks: [block]))),
                               state: Scheduling.state, context: Scheduling.context(seed: 50)).events
        let blocked = Scheduling.applying(added, to: Scheduling.state)
        #expect(Self.starts(try Scheduling.windows(from: "2026-10-26", to: "2026-10-26", practitioner: Scheduling.ada, state: blocked))
                == ["2026-10-26T15:30:00.000Z"])
        var lift = block
        lift.removed = true
        let lifted = Scheduling.applying(try decide(.organization(.applyReferenceData(ReferenceDataDeclaration(unavailableBlocks: [lift]))),
                                                    state: blocked, context: Scheduling.context(seed: 51)).events, to: blocked)
        #expect(try Scheduling.windows(from: "2026-10-26", to: "2026-10-26", practitioner: Scheduling.ada, state: lifted).count == 3)
    }

    @Test("Windows that start before now are left out")
    func past() throws {
        // 10:30 Chicago on the Monday itself: 09:00 and 10:00 have started.
        let now = Scheduling.at("2026-10-26T15:30:00Z")
        #expect(Self.starts(try Scheduling.windows(from: "2026-10-26", to: "2026-10-26", practitioner: Scheduling.ada, now: now))
                == ["2026-10-26T16:00:00.000Z"])
        let exactly = Scheduling.at("2026-10-26T15:00:00Z")
        #expect(try Scheduling.windows(from: "2026-10-26", to: "2026-10-26", practitioner: Scheduling.ada, now: exactly).count == 2)
    }

    @Test("Filtered by practitioner and by location")
    func filters() throws {
        let all = try Scheduling.windows(from: "2026-10-26", to: "2026-10-26")
        // Bo works 09:00-10:00 New York (13:00Z), before Ada's first hour in Chicago.
        #expect(Self.starts(all) == ["2026-10-26T13:00:00.000Z", "2026-10-26T14:00:00.000Z", "2026-10-26T15:00:00.000Z",
                                     "2026-10-26T16:00:00.000Z"])
        let bo = try Scheduling.windows(from: "2026-10-26", to: "2026-10-26", practitioner: Scheduling.bo)
        #expect(bo.map(\.slot.practitionerId) == [Scheduling.bo])
        #expect(bo.map(\.slot.locationId) == [Fixture.locationId])
        let lakeside = try Scheduling.windows(from: "2026-10-26", to: "2026-10-26", location: Scheduling.lakeside)
        #expect(lakeside.count == 3)
        #expect(lakeside.allSatisfy { $0.slot.practitionerId == Scheduling.ada })
        #expect(try Scheduling.windows(from: "2026-10-26", to: "2026-10-26", practitioner: Scheduling.bo, location: Scheduling.lakeside).isEmpty)
        // No one works on Tuesdays.
        #expect(try Scheduling.windows(from: "2026-10-27", to: "2026-10-27").isEmpty)
    }

    @Test("Refusals name the parameter", arguments: [
        ("2026-10-26", "2026-11-16", "to", DomainError.Code.invalidValue),   // 22 days
        ("2026-10-27", "2026-10-26", "to", .invalidValue),                   // from after to
        ("2026-10-18", "2026-10-26", "from", .invalidValue),                 // from two days ago
        ("2027-10-15", "2027-10-25", "to", .invalidValue),                   // beyond the 366-day horizon
    ])
    func refusedRange(from: String, to: String, field: String, code: DomainError.Code) throws {
        let error = try #require(Scheduling.windowRefusal(from: from, to: to))
        #expect(error.code == code)
        #expect(error.field == field)
    }

    @Test("21 days is the widest range; yesterday (UTC) is still accepted")
    func rangeEdges() throws {
        #expect(Scheduling.windowRefusal(from: "2026-10-26", to: "2026-11-15") == nil)
        #expect(Scheduling.windowRefusal(from: "2026-10-19", to: "2026-10-26") == nil)
    }

    @Test("Unknown task, practitioner or location is refused, naming it")
    func unknownReferences() throws {
        let task = try #require(Scheduling.windowRefusal(task: Fixture.id(900), from: "2026-10-26", to: "2026-10-26"))
        #expect(task.code == .unknownReference)
        #expect(task.field == "taskId")
        let practitioner = try #require(Scheduling.windowRefusal(from: "2026-10-26", to: "2026-10-26", practitioner: Fixture.id(901)))
        #expect(practitioner.code == .unknownReference)
        #expect(practitioner.field == "practitionerId")
        let location = try #require(Scheduling.windowRefusal(from: "2026-10-26", to: "2026-10-26", location: Fixture.id(902)))
        #expect(location.code == .unknownReference)
        #expect(location.field == "location")
    }
}
