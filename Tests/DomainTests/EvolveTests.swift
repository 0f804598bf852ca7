import Foundation
import Testing
import Domain

@Suite("Evolve")
struct EvolveTests {
    @Test("After a batch is applied, its external_id is held: a second batch with it is refused")
    func externalIdHeldAfterEvolve() throws {
        var d = Fixture.draft(); d.externalId = "MRN-42"
        let first = try Fixture.batch([d])
        let state = first.reduce(Fixture.state, OrganizationState.evolve)
        let patientId = try #require(first.compactMap(\.createdPatient).first).patientId
        #expect(state.patients.externalIdHolders[ExternalIdValue(typeId: Fixture.defaultExternalIdTypeId, value: "MRN-42")] == patientId)

        var again = Fixture.draft("John", "Roe"); again.externalId = "MRN-42"
        let error = try #require(Fixture.batchRefusal([Fixture.draft("Ann", "A"), again], state: state))
        #expect(error.code == .externalIdConflict)
        #expect(error.field == "items[1].external_id")
    }

    @Test("Tags created by one batch are reused by the next, whatever their case")
    func tagsPersist() throws {
        var d = Fixture.draft(); d.tags = ["Diabetic"]
        let first = try Fixture.batch([d])
        let tag = try #require(first.compactMap(\.createdTag).first)
        let state = first.reduce(Fixture.state, OrganizationState.evolve)

        var next = Fixture.draft("Ann", "A"); next.tags = ["DIABETIC"]
        let events = try Fixture.batch([next], state: state, context: Fixture.context(seed: Fixture.otherSeed))
        #expect(events.compactMap(\.createdTag).isEmpty)
        #expect(events.compactMap(\.createdPatient).first?.tagIds == [tag.id])
    }

    @Test("evolve returns a new state and leaves the old one unchanged")
    func pure() {
        let before = Fixture.state
        let tag = Domain.Tag(id: Fixture.id(77), name: "Fresh")
        let after = OrganizationState.evolve(before, .organization(.tagCreated(tag)))
        #expect(after.reference.tags["fresh"] == tag)
        #expect(before.reference.tags["fresh"] == nil)
    }

    @Test("Aggregate versions count the events applied to each aggregate")
    func aggregateVersions() throws {
        let location = Location(id: Fixture.id(60), name: "North")
        var state = Fixture.state
        #expect(state.version(of: location.id) == 0)
        state.apply(.organization(.locationCreated(location)))
        #expect(state.version(of: location.id) == 1)
        state.apply(.organization(.locationUpdated(Location(id: location.id, name: "North", address: "5 Pole Rd"))))
        #expect(state.version(of: location.id) == 2)
        #expect(state.reference.locations[location.id]?.address == "5 Pole Rd")

        let events = try Fixture.batch([Fixture.draft()])
        let patientId = try #require(events.compactMap(\.createdPatient).first).patientId
        #expect(state.version(of: patientId) == 0)
        state = events.reduce(state, OrganizationState.evolve)
        #expect(state.version(of: patientId) == 1)
        #expect(state.version(of: Fixture.existingPatientId) == 1)
        #expect(state.version(of: Fixture.stageId) == 1)
    }

    @Test("Organization-level events (OrganizationCreated, ApiKeyIssued) count toward the organization's version")
    func organizationVersion() {
        // The writer stamps each event with `version(of: subject) + 1`, and `subject(organizationId:)`
        // makes the organization the subject of these two events, so after them the next
        // organization event must get version 3, not 1 again.
        let state = Fixture.build(Fixture.orgId, Array(Fixture.orgEvents.prefix(2)))
        #expect(state.version(of: Fixture.orgId) == 2)
    }
}
