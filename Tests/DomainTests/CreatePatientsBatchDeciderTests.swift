import Foundation
import Testing
import Domain

@Suite("Batch creation (seed 000): happy path")
struct CreatePatientsBatchDeciderTests {
    @Test("New tags first, then one PatientCreated per item in request order")
    func eventOrder() throws {
        var a = Fixture.draft("Ann", "A"); a.tags = ["Spanish"]
        var b = Fixture.draft("Ben", "B"); b.tags = ["Wheelchair"]
        let c = Fixture.draft("Cat", "C")
        let events = try Fixture.batch([a, b, c])
        #expect(events.count == 5)
        #expect(events.prefix(2).compactMap(\.createdTag).map(\.name) == ["Spanish", "Wheelchair"])
        #expect(events.dropFirst(2).compactMap(\.createdPatient).map(\.profile.firstName) == ["Ann", "Ben", "Cat"])
    }

    @Test("Every minted id is distinct, new, and the same for the same context")
    func ids() throws {
        var items = (0..<20).map { Fixture.draft("P\($0)", "Doe") }
        items[3] = Fixture.fullDraft()
        items[7].tags = ["Second"]
        var referral = ReferralDraft()
        referral.physicianName = "Dr. Who"
        items[7].referral = referral
        let events = try Fixture.batch(items)
        let patients = events.compactMap(\.createdPatient)
        let minted = patients.map(\.patientId) + patients.flatMap { $0.referrals.map(\.id) } + events.compactMap(\.createdTag).map(\.id)
        #expect(patients.count == 20)
        #expect(minted.count == 20 + 2 + 2)
        #expect(Set(minted).count == minted.count)
        #expect(!minted.contains(Fixture.seed))
        #expect(Set(minted).isDisjoint(with: [Fixture.existingPatientId, Fixture.vipTagId, Fixture.orgId]))

        #expect(try Fixture.batch(items) == events, "same command, state and context decide the same events")
        let other = try Fixture.batch(items, context: Fixture.context(seed: Fixture.otherSeed))
        #expect(Set(other.compactMap(\.createdPatient).map(\.patientId)).isDisjoint(with: patients.map(\.patientId)))
    }

    @Test("Every field is validated and normalised into the event")
    func normalisedProfile() throws {
        let events = try Fixture.batch([Fixture.fullDraft()], context: Fixture.context(channel: .bulk_import))
        let created = try #require(events.compactMap(\.createdPatient).first)
        let p = created.profile
        #expect(p.firstName == "Maria")
        #expect(p.lastName == "Garcia")
        #expect(p.middleName == "Luisa")
        #expect(p.phoneNumber == "+12125550123")
        #expect(p.additionalPhoneNumber == "+442079460958")
        #expect(p.email == "Maria.Garcia@example.com")
        #expect(p.dateOfBirth == CalendarDate(year: 1984, month: 2, day: 29))
        #expect(p.gender == .female)
        #expect(p.state == .new_york)
        #expect(p.zip == "10001-1234")
        #expect(p.city == "New York")
        #expect(p.address == "10 Elm St")
        #expect(p.address2 == "Apt 4")
        #expect(p.comments == "Prefers mornings")
        #expect(p.workflowStageId == Fixture.stageId)
        #expect(p.assignedUserId == Fixture.userId)
        #expect(created.createdFrom == .bulk_import)
    }

    @Test("The referral gets its own id and normalised fields")
    func referral() throws {
        let events = try Fixture.batch([Fixture.fullDraft()])
        let created = try #require(events.compactMap(\.createdPatient).first)
        let r = try #require(created.referrals.first)
        #expect(created.referrals.count == 1)
        #expect(r.id != UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)))
        #expect(r.id != created.patientId)
        #expect(r.physicianName == "Dr. House")
        #expect(r.physicianEmail == "house@ppth.org")
        #expect(r.physicianPhone == "+12125550199")
        #expect(r.physicianFax == "+12125550198")
        #expect(r.physicianNpi == "1234567893")
        #expect(r.icdCodes == ["M54.5", "M79.1"])
        #expect(r.serviceTypes == [.physical_therapy, .medical_care])
        #expect(r.startDate == CalendarDate(iso: "2025-01-01"))
        #expect(r.endDate == CalendarDate(iso: "2025-12-31"))
        #expect(r.locationId == Fixture.locationId)
    }

    @Test("Tags are matched case-insensitively; existing tags are reused, not re-created")
    func tags() throws {
        var a = Fixture.draft("Ann", "A"); a.tags = ["Spanish", "vip", " SPANISH "]
        var b = Fixture.draft("Ben", "B"); b.tags = ["spanish", "New", "VIP"]
        let events = try Fixture.batch([a, b])
        let newTags = events.compactMap(\.createdTag)
        #expect(newTags.map(\.name) == ["Spanish", "New"])
        let spanish = try #require(newTags.first).id
        let new = try #require(newTags.last).id
        let patients = events.compactMap(\.createdPatient)
        #expect(patients.map(\.tagIds) == [[spanish, Fixture.vipTagId], [spanish, new, Fixture.vipTagId]])
    }

    @Test("external_id is recorded under the organization's default external-id type")
    func externalId() throws {
        var a = Fixture.draft("Ann", "A"); a.externalId = " MRN-1 "
        var b = Fixture.draft("Ben", "B"); b.externalId = Fixture.heldUnderOtherType  // held only under another type
        let c = Fixture.draft("Cat", "C")
        let patients = try Fixture.batch([a, b, c]).compactMap(\.createdPatient)
        #expect(patients.map(\.externalIds) == [
            [ExternalIdValue(typeId: Fixture.defaultExternalIdTypeId, value: "MRN-1")],
            [ExternalIdValue(typeId: Fixture.defaultExternalIdTypeId, value: Fixture.heldUnderOtherType)],
            [],
        ])
    }

    @Test("created_from is the channel the command came through", arguments: SourceChannel.allCases)
    func createdFrom(channel: SourceChannel) throws {
        let events = try Fixture.batch([Fixture.draft()], context: Fixture.context(channel: channel))
        #expect(events.compactMap(\.createdPatient).map(\.createdFrom) == [channel])
    }

    @Test("Optional fields left empty are absent, and a date of birth may be 1900-01-01 or today", arguments: [
        "1900-01-01", Fixture.today,
    ])
    func boundaries(dob: String) throws {
        var d = Fixture.draft()
        d.dateOfBirth = dob
        d.email = "   "
        d.phoneNumber = ""
        let p = try #require(try Fixture.batch([d]).first?.createdPatient).profile
        #expect(p.dateOfBirth?.description == dob)
        #expect(p.email == nil)
        #expect(p.phoneNumber == nil)
    }

    @Test("500 items are accepted: 500 patients")
    func fiveHundred() throws {
        let items = (0..<500).map { i -> PatientDraft in
            var d = Fixture.draft("P\(i)", "Doe"); d.externalId = "E\(i)"; return d
        }
        let patients = try Fixture.batch(items).compactMap(\.createdPatient)
        #expect(patients.count == 500)
        #expect(patients.last?.profile.firstName == "P499")
    }
}
