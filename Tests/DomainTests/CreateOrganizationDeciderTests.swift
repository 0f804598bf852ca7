import Foundation
import Testing
import Domain

@Suite("Create organization")
struct CreateOrganizationDeciderTests {
    static let command = CreateOrganization(name: "  Acme Clinic ", apiKeyHash: "sha256:abc", apiKeyPrefix: "cl_live_ab")
    static let newOrg = UUID(uuidString: "0197abcd-0000-7000-8000-00000000beef")!

    static func create(_ command: CreateOrganization = command,
                       state: OrganizationState = OrganizationState(organizationId: newOrg)) throws(DomainError) -> [DomainEvent] {
        try decide(.organization(.createOrganization(command)), state: state, context: Fixture.context(org: newOrg)).events
    }

    @Test("Emits OrganizationCreated, ApiKeyIssued and the default ExternalIdTypeCreated")
    func emits() throws {
        let events = try Self.create()
        try #require(events.count == 3)
        #expect(events[0] == .organization(.organizationCreated(OrganizationCreated(organizationId: Self.newOrg, name: "Acme Clinic"))))
        guard case .organization(.apiKeyIssued(let key)) = events[1], case .organization(.externalIdTypeCreated(let type)) = events[2] else {
            Issue.record("unexpected events \(events)")
            return
        }
        #expect(key.keyHash == "sha256:abc")
        #expect(key.keyPrefix == "cl_live_ab")
        #expect(type.name == "external_id")
        #expect(key.keyId != type.id)
        #expect(try Self.create() == events, "deterministic for the same context")
    }

    @Test("The new organization can take a batch at once")
    func usable() throws {
        let state = Fixture.build(Self.newOrg, try Self.create())
        #expect(state.exists)
        #expect(state.reference.name == "Acme Clinic")
        #expect(state.reference.apiKeyHashes == ["sha256:abc"])
        var d = Fixture.draft(); d.externalId = "X1"
        let events = try decide(.patients(.createPatientsBatch(CreatePatientsBatch(items: [d]))), state: state,
                                context: Fixture.context(seed: Fixture.otherSeed, org: Self.newOrg)).events
        let typeId = try #require(state.reference.defaultExternalIdType).id
        #expect(events.compactMap(\.createdPatient).first?.externalIds == [ExternalIdValue(typeId: typeId, value: "X1")])
    }

    @Test("An organization that already exists is refused")
    func existing() throws {
        let error = try #require(Fixture.refusal(.organization(.createOrganization(Self.command))))
        #expect(error.code == .organizationExists)
    }

    @Test("A missing or overlong name is refused", arguments: [
        ("", DomainError.Code.missingField), ("   ", .missingField), (String(repeating: "a", count: 201), .valueTooLong),
    ])
    func badName(name: String, code: DomainError.Code) throws {
        let command = CreateOrganization(name: name, apiKeyHash: "h", apiKeyPrefix: "p")
        let error = try #require(Fixture.refusal(.organization(.createOrganization(command)), state: OrganizationState(organizationId: Self.newOrg)))
        #expect(error.code == code)
        #expect(error.field == "name")
    }
}
