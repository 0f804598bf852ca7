import Foundation
import Testing
import Domain

/// Writer snapshots store decision state with `Codable` (docs/architecture.md, "Writer
/// snapshots"). A stored property added to a state without its coding, or without a new
/// `OrganizationState.snapshotFormat`, would restore a writer that decides differently from one
/// that read the whole log: these tests pin each state's stored properties and check that a
/// coded state decides like the state it was coded from.
@Suite("Decision state snapshot coding")
struct DecisionStateShapeTests {
    static func stored(_ value: Any) -> [String] { Mirror(reflecting: value).children.compactMap(\.label) }

    @Test("Each state's stored properties are the ones its snapshot coding knows (a change needs a new snapshotFormat)")
    func shapesArePinned() {
        // On a failure here: code the new property (or rebuild it on decoding when it is derived),
        // bump `OrganizationState.snapshotFormat`, then update this list.
        #expect(OrganizationState.snapshotFormat == 2)
        #expect(Self.stored(OrganizationState(organizationId: Fixture.orgId)) ==
                ["organizationId", "reference", "patients", "appointments", "groupAppointments", "waitlist", "calendar", "aggregateVersions"])
        #expect(Self.stored(ReferenceDataState()) ==
                ["name", "apiKeyHashes", "locations", "workflowStages", "users", "externalIdTypes", "tags", "practitioners",
                 "appointmentTypes", "tasks", "unavailableBlocks", "waitlists", "matchWeights"])
        #expect(Self.stored(PatientsState()) == ["records", "index", "externalIdHolders", "mergedInto", "notDuplicates"])
        #expect(Self.stored(PatientRecord(id: Fixture.id(1), profile: PatientProfile(firstName: "A", lastName: "B"))) ==
                ["id", "profile", "tagIds", "referrals", "payors", "customFields", "externalIds", "firstCommunicationAt"])
        #expect(Self.stored(AppointmentsState()) == ["appointments"])
        #expect(Self.stored(GroupAppointmentsState()) == ["appointments", "attendees", "series"])
        #expect(Self.stored(WaitlistState()) == ["requests", "active", "invites", "liveInvites", "offeredCauses", "passedOver", "placeHolds"])
        #expect(Self.stored(CalendarState()) == ["bookings", "holders", "nextPrune"])
    }

    @Test("A coded organization decides like the one it was coded from: external ids, matching, versions")
    func roundTripDecides() throws {
        var events = Fixture.orgEvents
        let created = try Fixture.batch((0..<50).map { i in
            var d = Fixture.draft("Given\(i)", "Family\(i % 7)")
            d.dateOfBirth = "1980-01-\(String(format: "%02d", i % 28 + 1))"
            d.externalId = "X-\(i)"
            return d
        })
        events += created
        // The review queue's verdicts: patient 1 merged into 0, 2 and 3 not duplicates.
        let ids = created.compactMap { e -> UUID? in if case .patients(.patientCreated(let p)) = e { p.patientId } else { nil } }
        events.append(.patients(.patientsMerged(PatientsMerged(patientId: ids[0], mergedPatientId: ids[1],
                                                               externalIds: [ExternalIdValue(typeId: Fixture.defaultExternalIdTypeId, value: "X-1")]))))
        events.append(.patients(.patientsMarkedNotDuplicate(PatientsMarkedNotDuplicate(patientId: ids[2], otherPatientId: ids[3]))))
        let state = Fixture.build(Fixture.orgId, events)
        let coded = try JSONDecoder().decode(OrganizationState.self, from: JSONEncoder().encode(state))

        #expect(coded.patients.records == state.patients.records)
        #expect(coded.patients.externalIdHolders == state.patients.externalIdHolders)
        #expect(coded.patients.mergedInto == [ids[1]: ids[0]] && state.patients.mergedInto == coded.patients.mergedInto)
        #expect(coded.patients.notDuplicates == [PatientPair(ids[3], ids[2])])
        #expect(coded.patients.records[ids[1]] == nil)
        // The match index (being reworked elsewhere) is compared by what it answers, below.
        #expect(coded.aggregateVersions == state.aggregateVersions)
        #expect(coded.reference.apiKeyHashes == state.reference.apiKeyHashes)

        // The same commands get the same answers from both.
        var repeated = Fixture.draft("Someone", "Else")
        repeated.externalId = "X-7"
        #expect(Fixture.refusal(.patients(.createPatientsBatch(CreatePatientsBatch(items: [repeated]))), state: coded) != nil)
        #expect(Fixture.refusal(.patients(.createPatientsBatch(CreatePatientsBatch(items: [repeated]))), state: state) != nil)
        var probe = UpsertDraft()
        probe.firstName = "Given12"
        probe.lastName = "Family5"
        probe.dateOfBirth = "1980-01-13"
        let today = CalendarDate(year: 2025, month: 6, day: 15)!
        let fromCoded = suggestMatch(probe, state: coded.patients, reference: coded.reference, today: today).outcome
        #expect(fromCoded == suggestMatch(probe, state: state.patients, reference: state.reference, today: today).outcome)
        if case .none = fromCoded { Issue.record("the probe should match a patient") }
    }
}
