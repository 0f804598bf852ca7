import Foundation
import Testing
import Domain

@Suite("Apply reference data")
struct ApplyReferenceDataDeciderTests {
    static func apply(_ d: ReferenceDataDeclaration, state: OrganizationState = Fixture.state) throws(DomainError) -> [DomainEvent] {
        try decide(.organization(.applyReferenceData(d)), state: state, context: Fixture.context()).events
    }

    static func refusal(_ d: ReferenceDataDeclaration, state: OrganizationState = Fixture.state) -> DomainError? {
        Fixture.refusal(.organization(.applyReferenceData(d)), state: state)
    }

    static let full = ReferenceDataDeclaration(
        locations: [LocationDeclaration(name: "Uptown", address: "99 High St", timezone: "America/Chicago")],
        workflowStages: [WorkflowStageDeclaration(title: "Screening"), WorkflowStageDeclaration(title: "Scheduled", order: 7, actions: ["call"])],
        users: [UserDeclaration(name: "Cy Moe", email: "Cy.Moe@Acme.TEST")],
        externalIdTypes: [ExternalIdTypeDeclaration(name: "billing_id")])

    @Test("New entries are created with fresh ids")
    func creates() throws {
        let events = try Self.apply(Self.full)
        try #require(events.count == 5)
        guard case .organization(.locationCreated(let location)) = events[0], case .organization(.workflowStageCreated(let s1)) = events[1],
              case .organization(.workflowStageCreated(let s2)) = events[2], case .organization(.userCreated(let user)) = events[3],
              case .organization(.externalIdTypeCreated(let type)) = events[4] else {
            Issue.record("unexpected events \(events)")
            return
        }
        #expect(location.name == "Uptown")
        #expect(location.address == "99 High St")
        #expect(location.timezone == "America/Chicago")
        #expect([s1.title, s2.title] == ["Screening", "Scheduled"])
        #expect(s2.actions == ["call"])
        #expect(user.email == "Cy.Moe@acme.test")
        #expect(type.name == "billing_id")
        let ids = [location.id, s1.id, s2.id, user.id, type.id]
        #expect(Set(ids).count == 5)
        #expect(Set(ids).isDisjoint(with: [Fixture.locationId, Fixture.stageId, Fixture.userId, Fixture.defaultExternalIdTypeId]))
    }

    @Test("A stage's order defaults to its position in the declaration (1-based)")
    func stageOrder() throws {
        let d = ReferenceDataDeclaration(workflowStages: [
            WorkflowStageDeclaration(title: "First"), WorkflowStageDeclaration(title: "Second", order: 10),
            WorkflowStageDeclaration(title: "Third"),
        ])
        let orders = try Self.apply(d, state: Fixture.otherState).compactMap { event -> Int? in
            if case .organization(.workflowStageCreated(let s)) = event { return s.order }
            return nil
        }
        #expect(orders == [1, 10, 3])
    }

    @Test("Changed entries are updated under the same id, matched by natural key ignoring case")
    func updates() throws {
        let d = ReferenceDataDeclaration(
            locations: [LocationDeclaration(name: "main clinic", address: "2 Main St", timezone: "America/New_York")],
            workflowStages: [WorkflowStageDeclaration(title: "Intake", order: 3)],
            users: [UserDeclaration(name: "Ann Lee-Smith", email: "ANN@acme.test")])
        let events = try Self.apply(d)
        #expect(events == [
            .organization(.locationUpdated(Location(id: Fixture.locationId, name: "main clinic", address: "2 Main St", timezone: "America/New_York"))),
            .organization(.workflowStageUpdated(WorkflowStage(id: Fixture.stageId, title: "Intake", order: 3))),
            .organization(.userUpdated(StaffUser(id: Fixture.userId, name: "Ann Lee-Smith", email: "ANN@acme.test"))),
        ])
    }

    @Test("Applying a declaration again emits nothing")
    func idempotent() throws {
        let first = try Self.apply(Self.full)
        let state = first.reduce(Fixture.state, OrganizationState.evolve)
        #expect(try Self.apply(Self.full, state: state) == [])
        let unchanged = ReferenceDataDeclaration(
            locations: [LocationDeclaration(name: "Main Clinic", address: "1 Main St", timezone: "America/New_York")],
            workflowStages: [WorkflowStageDeclaration(title: "Intake", order: 1)],
            users: [UserDeclaration(name: "Ann Lee", email: "ann@acme.test")],
            externalIdTypes: [ExternalIdTypeDeclaration(name: "external_id"), ExternalIdTypeDeclaration(name: "MRN")])
        #expect(try Self.apply(unchanged) == [])
    }

    @Test("Entries declared twice are refused", arguments: [
        (ReferenceDataDeclaration(locations: [LocationDeclaration(name: "A"), LocationDeclaration(name: " a ")]), "locations[1].name"),
        (ReferenceDataDeclaration(workflowStages: [WorkflowStageDeclaration(title: "X"), WorkflowStageDeclaration(title: "Y"),
                                                   WorkflowStageDeclaration(title: "x")]), "workflow_stages[2].title"),
        (ReferenceDataDeclaration(users: [UserDeclaration(name: "A", email: "a@x.io"), UserDeclaration(name: "B", email: "A@X.IO")]), "users[1].email"),
        (ReferenceDataDeclaration(externalIdTypes: [ExternalIdTypeDeclaration(name: "mrn"), ExternalIdTypeDeclaration(name: "MRN")]), "external_id_types[1].name"),
    ])
    func duplicates(declaration: ReferenceDataDeclaration, field: String) throws {
        let error = try #require(Self.refusal(declaration))
        #expect(error.code == .duplicateDeclaration)
        #expect(error.field == field)
    }

    @Test("Invalid entries are refused, naming the field", arguments: [
        (ReferenceDataDeclaration(users: [UserDeclaration(name: "A", email: "not-an-email")]), "users[0].email", DomainError.Code.invalidValue),
        (ReferenceDataDeclaration(users: [UserDeclaration(name: " ", email: "a@x.io")]), "users[0].name", .missingField),
        (ReferenceDataDeclaration(locations: [LocationDeclaration(name: "")]), "locations[0].name", .missingField),
        (ReferenceDataDeclaration(locations: [LocationDeclaration(name: "B", timezone: "Mars/Olympus")]), "locations[0].timezone", .invalidValue),
        (ReferenceDataDeclaration(workflowStages: [WorkflowStageDeclaration(title: String(repeating: "t", count: 201))]), "workflow_stages[0].title", .valueTooLong),
    ])
    func invalid(declaration: ReferenceDataDeclaration, field: String, code: DomainError.Code) throws {
        let error = try #require(Self.refusal(declaration))
        #expect(error.code == code)
        #expect(error.field == field)
    }

    @Test("An organization that does not exist")
    func unknownOrganization() throws {
        let error = try #require(Self.refusal(Self.full, state: OrganizationState(organizationId: Fixture.id(999))))
        #expect(error.code == .organizationNotFound)
    }

    @Test("Decodes the snake_case file form; omitted sections are empty")
    func decoding() throws {
        let json = #"{"workflow_stages":[{"title":"Intake","order":2,"actions":["call"]}],"external_id_types":[{"name":"mrn"}]}"#
        let d = try JSONDecoder().decode(ReferenceDataDeclaration.self, from: Data(json.utf8))
        #expect(d == ReferenceDataDeclaration(workflowStages: [WorkflowStageDeclaration(title: "Intake", order: 2, actions: ["call"])],
                                              externalIdTypes: [ExternalIdTypeDeclaration(name: "mrn")]))
    }
}
