import Foundation
import Testing
import Domain

@Suite("Scheduling reference data")
struct SchedulingReferenceDataTests {
    static func apply(_ d: ReferenceDataDeclaration, state: OrganizationState = Scheduling.state) throws(DomainError) -> [DomainEvent] {
        try decide(.organization(.applyReferenceData(d)), state: state, context: Fixture.context(seed: Fixture.otherSeed)).events
    }

    static func refusal(_ d: ReferenceDataDeclaration, state: OrganizationState = Fixture.state) -> DomainError? {
        Fixture.refusal(.organization(.applyReferenceData(d)), state: state)
    }

    static let block = UnavailableBlockDeclaration(practitioner: "ada park", startsAt: "2026-10-26T09:00:00-05:00",
                                                   endsAt: "2026-10-26T10:00:00-05:00")

    @Test("A declaration creates practitioners, appointment types, tasks and blocks")
    func creates() throws {
        let events = try decide(.organization(.applyReferenceData(Scheduling.declaration)), state: Fixture.state,
                                context: Fixture.context()).events
        let state = Scheduling.state.reference
        let lakeside = Scheduling.lakeside
        #expect(events.contains(.organization(.locationCreated(state.locations[lakeside]!))))
        let ada = try #require(state.practitioners[Scheduling.ada])
        #expect(ada.email == "ada@acme.test")
        #expect(ada.locationIds == [lakeside])
        #expect(ada.workingHours == [WorkingPeriod(weekday: .monday, start: LocalTime("09:00")!, end: LocalTime("12:00")!, locationId: lakeside)])
        #expect(events.contains(.organization(.practitionerCreated(ada))))
        let bo = try #require(state.practitioners[Scheduling.bo])
        #expect(bo.locationIds == [Fixture.locationId])
        let consult = try #require(state.appointmentTypes.values.first { $0.name == "Consult" })
        #expect(consult.durationMinutes == 60)
        #expect(consult.maxAttendees == 1)
        let planned = try #require(state.tasks[Scheduling.planned])
        #expect(planned.appointmentTypeId == consult.id)
        #expect(planned.scheduled && planned.minPlanDays == 7)
        #expect(state.tasks[Scheduling.consult]?.scheduled == false)
        #expect(events.count == 1 + 2 + 2 + 3)

        // A block names its practitioner by name (any case), in real time.
        let blockEvents = try Self.apply(ReferenceDataDeclaration(unavailableBlocks: [Self.block]))
        guard case .organization(.unavailableBlockAdded(let added)) = try #require(blockEvents.first), blockEvents.count == 1 else {
            Issue.record("unexpected events \(blockEvents)")
            return
        }
        #expect(added.practitionerId == ada.id)
        #expect(added.startsAt == Scheduling.at("2026-10-26T14:00:00Z"))
        #expect(added.endsAt == Scheduling.at("2026-10-26T15:00:00Z"))
    }

    @Test("Applying the same file again records nothing")
    func idempotent() throws {
        let withBlock = ReferenceDataDeclaration(
            locations: Scheduling.declaration.locations, practitioners: Scheduling.declaration.practitioners,
            appointmentTypes: Scheduling.declaration.appointmentTypes, tasks: Scheduling.declaration.tasks,
            unavailableBlocks: [Self.block])
        let state = Scheduling.applying(try Self.apply(withBlock), to: Scheduling.state)
        #expect(try Self.apply(withBlock, state: state) == [])
        #expect(try Self.apply(Scheduling.declaration) == [])
    }

    @Test("Changing working hours records practitionerUpdated under the same id")
    func workingHoursChanged() throws {
        var d = Scheduling.declaration
        d.practitioners[0].workingHours = ["monday": ["09:00-12:00"], "Tuesday": ["13:00-17:00"]]
        let events = try Self.apply(d)
        guard events.count == 1, case .organization(.practitionerUpdated(let p)) = events[0] else {
            Issue.record("unexpected events \(events)")
            return
        }
        #expect(p.id == Scheduling.ada)
        #expect(p.workingHours.map(\.weekday) == [.monday, .tuesday])
        #expect(p.workingHours[1].start == LocalTime("13:00"))
    }

    @Test("removed: true lifts a block; lifting one that is not there records nothing")
    func liftBlock() throws {
        let state = Scheduling.applying(try Self.apply(ReferenceDataDeclaration(unavailableBlocks: [Self.block])), to: Scheduling.state)
        let blockId = try #require(state.reference.unavailableBlocks.keys.first)
        var lift = Self.block
        lift.removed = true
        let events = try Self.apply(ReferenceDataDeclaration(unavailableBlocks: [lift]), state: state)
        let block = try #require(state.reference.unavailableBlocks[blockId])
        #expect(events == [.organization(.unavailableBlockRemoved(UnavailableBlockRemoved(
            blockId: blockId, practitionerId: Scheduling.ada, startsAt: block.startsAt, endsAt: block.endsAt)))])
        let lifted = Scheduling.applying(events, to: state)
        #expect(lifted.reference.unavailableBlocks.isEmpty)
        #expect(try Self.apply(ReferenceDataDeclaration(unavailableBlocks: [lift]), state: lifted) == [])
    }

    @Test("Refusals name the field", arguments: [
        (ReferenceDataDeclaration(practitioners: [PractitionerDeclaration(name: "Ada Park", email: "ada@acme.test", locations: ["Nowhere"])]),
         "practitioners[0].locations[0]", DomainError.Code.unknownReference),
        (declaring(["monday": ["8-12"]]), "practitioners[0].working_hours.monday[0]", .invalidValue),
        (declaring(["monday": ["09:00-12:00", "11:00-13:00"]]), "practitioners[0].working_hours.monday[1]", .invalidValue),
        (declaring(["monday": ["12:00-09:00"]]), "practitioners[0].working_hours.monday[0]", .invalidValue),
        (declaring(["monday": ["09:00-12:00"]], timezone: nil), "practitioners[0].working_hours.monday[0]", .missingField),
        (declaring(["mondy": ["09:00-12:00"]]), "practitioners[0].working_hours.mondy", .invalidValue),
        (declaring(["monday": ["09:00-12:00"]], locations: []), "practitioners[0].working_hours.monday[0]", .missingField),
        (declaring(["monday": ["09:00-12:00@Main Clinic"]]), "practitioners[0].working_hours.monday[0]", .unknownReference),
        (ReferenceDataDeclaration(tasks: [TaskDeclaration(name: "Visit", appointmentType: "Massage")]), "tasks[0].appointment_type", .unknownReference),
        (ReferenceDataDeclaration(appointmentTypes: [AppointmentTypeDeclaration(name: "Long", durationMinutes: 0)]),
         "appointment_types[0].duration_minutes", .invalidValue),
        (ReferenceDataDeclaration(unavailableBlocks: [UnavailableBlockDeclaration(practitioner: "Nobody", startsAt: "2026-10-26T09:00:00-05:00",
                                                                                  endsAt: "2026-10-26T10:00:00-05:00")]),
         "unavailable_blocks[0].practitioner", .unknownReference),
    ])
    func refused(declaration: ReferenceDataDeclaration, field: String, code: DomainError.Code) throws {
        let error = try #require(Self.refusal(declaration))
        #expect(error.code == code)
        #expect(error.field == field)
    }

    @Test("A block ending before it starts is refused, naming ends_at")
    func blockReversed() throws {
        let reversed = UnavailableBlockDeclaration(practitioner: "Ada Park", startsAt: "2026-10-26T10:00:00-05:00",
                                                   endsAt: "2026-10-26T09:00:00-05:00")
        let error = try #require(Self.refusal(ReferenceDataDeclaration(unavailableBlocks: [reversed]), state: Scheduling.state))
        #expect(error.code == .invalidValue)
        #expect(error.field == "unavailable_blocks[0].ends_at")
        let noOffset = UnavailableBlockDeclaration(practitioner: "Ada Park", startsAt: "2026-10-26T09:00:00", endsAt: "2026-10-26T10:00:00-05:00")
        #expect(Self.refusal(ReferenceDataDeclaration(unavailableBlocks: [noOffset]), state: Scheduling.state)?.field
                == "unavailable_blocks[0].starts_at")
    }

    @Test("An empty working-hours range is refused, not a crash")
    func emptyRange() throws {
        for text in ["", " ", "@Lakeside"] {
            let error = try #require(Self.refusal(declaring(["monday": [text]])))
            #expect(error.code == .invalidValue)
            #expect(error.field == "practitioners[0].working_hours.monday[0]")
        }
    }

    @Test("Ranges of one weekday may not overlap, however its key is spelt")
    func overlapAcrossSpellings() throws {
        let error = try #require(Self.refusal(declaring(["Monday": ["09:00-12:00"], "monday": ["11:00-13:00"]])))
        #expect(error.code == .invalidValue)
        #expect(error.field == "practitioners[0].working_hours.monday[0]")
    }

    @Test("An unknown key is a DecodingError at that key", arguments: [
        (#"{"practitioners":[{"name":"Ada","email":"ada@acme.test","workng_hours":{"monday":["09:00-12:00"]}}]}"#,
         ["practitioners", "0", "workng_hours"]),
        (#"{"locations":[],"practitioner":[]}"#, ["practitioner"]),
        (#"{"unavailable_blocks":[{"practitioner":"Ada","starts_at":"2026-10-26T09:00:00-05:00","ends_at":"2026-10-26T10:00:00-05:00","remove":true}]}"#,
         ["unavailable_blocks", "0", "remove"]),
    ])
    func strictKeys(json: String, path: [String]) throws {
        do {
            _ = try JSONDecoder().decode(ReferenceDataDeclaration.self, from: Data(json.utf8))
            Issue.record("decoded despite an unknown key")
        } catch DecodingError.dataCorrupted(let context) {
            #expect(context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue } == path)
            #expect(context.debugDescription.contains("unknown key"))
        }
    }

    @Test("The scheduling keys decode from the file form")
    func decoding() throws {
        let json = #"""
            {"practitioners":[{"name":"Ada","email":"ada@acme.test","locations":["Lakeside"],"working_hours":{"monday":["09:00-12:00"]}}],
             "appointment_types":[{"name":"Consult","duration_minutes":60,"max_attendees":2}],
             "tasks":[{"name":"Visit","appointment_type":"Consult","scheduled":true,"min_plan_days":7}],
             "unavailable_blocks":[{"practitioner":"Ada","starts_at":"2026-10-26T09:00:00-05:00","ends_at":"2026-10-26T10:00:00-05:00","removed":true}]}
            """#
        let d = try JSONDecoder().decode(ReferenceDataDeclaration.self, from: Data(json.utf8))
        #expect(d == ReferenceDataDeclaration(
            practitioners: [PractitionerDeclaration(name: "Ada", email: "ada@acme.test", locations: ["Lakeside"], workingHours: ["monday": ["09:00-12:00"]])],
            appointmentTypes: [AppointmentTypeDeclaration(name: "Consult", durationMinutes: 60, maxAttendees: 2)],
            tasks: [TaskDeclaration(name: "Visit", appointmentType: "Consult", scheduled: true, minPlanDays: 7)],
            unavailableBlocks: [UnavailableBlockDeclaration(practitioner: "Ada", startsAt: "2026-10-26T09:00:00-05:00",
                                                            endsAt: "2026-10-26T10:00:00-05:00", removed: true)]))
    }
}

/// One practitioner at Lakeside (declared in the same file) with `hours`.
private func declaring(_ hours: [String: [String]], timezone: String? = "America/Chicago",
                       locations: [String] = ["Lakeside"]) -> ReferenceDataDeclaration {
    ReferenceDataDeclaration(locations: [LocationDeclaration(name: "Lakeside", timezone: timezone)],
                             practitioners: [PractitionerDeclaration(name: "Ada Park", email: "ada@acme.test", locations: locations,
                                                                     workingHours: hours)])
}
