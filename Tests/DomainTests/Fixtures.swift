import Foundation
import Testing
import Domain

/// Shared fixtures: two organizations' decision states, built only through `evolve`, and a
/// decision context with a fixed clock (2025-06-15T15:06:40Z) and id seed.
enum Fixture {
    static func id(_ n: Int) -> UUID { UUID(uuidString: String(format: "00000000-0000-4000-8000-%012d", n))! }

    // Organization A: the caller.
    static let orgId = id(1)
    static let defaultExternalIdTypeId = id(2)
    static let mrnTypeId = id(3)
    static let locationId = id(4)
    static let stageId = id(5)
    static let userId = id(6)
    static let vipTagId = id(7)
    static let existingPatientId = id(8)
    static let heldExternalId = "MRN-HELD"
    /// Held by the existing patient under the *other* ("mrn") type, not the default one.
    static let heldUnderOtherType = "MRN-OTHER-TYPE"

    // Organization B: someone else's reference data.
    static let otherOrgId = id(101)
    static let otherLocationId = id(104)
    static let otherStageId = id(105)
    static let otherUserId = id(106)

    static let now = Date(timeIntervalSince1970: 1_750_000_000)  // 2025-06-15T15:06:40Z
    static let today = "2025-06-15"
    static let tomorrow = "2025-06-16"
    static let seed = UUID(uuidString: "0197abcd-1234-7abc-8def-0123456789ab")!
    static let otherSeed = UUID(uuidString: "0197abcd-9999-7abc-8def-fedcba987654")!

    static func context(seed: UUID = seed, channel: SourceChannel = .api, org: UUID = orgId) -> DecisionContext {
        DecisionContext(organizationId: org, now: now, channel: channel, idSeed: seed)
    }

    static func build(_ orgId: UUID, _ events: [DomainEvent]) -> OrganizationState {
        events.reduce(OrganizationState(organizationId: orgId), OrganizationState.evolve)
    }

    static let orgEvents: [DomainEvent] = [
        .organization(.organizationCreated(OrganizationCreated(organizationId: orgId, name: "Acme Clinic"))),
        .organization(.apiKeyIssued(ApiKeyIssued(keyId: id(9), keyHash: "hash-a", keyPrefix: "cl_a"))),
        .organization(.externalIdTypeCreated(ExternalIdType(id: defaultExternalIdTypeId, name: ExternalIdType.defaultName))),
        .organization(.externalIdTypeCreated(ExternalIdType(id: mrnTypeId, name: "mrn"))),
        .organization(.locationCreated(Location(id: locationId, name: "Main Clinic", address: "1 Main St", timezone: "America/New_York"))),
        .organization(.workflowStageCreated(WorkflowStage(id: stageId, title: "Intake", order: 1))),
        .organization(.userCreated(StaffUser(id: userId, name: "Ann Lee", email: "ann@acme.test"))),
        .organization(.tagCreated(Domain.Tag(id: vipTagId, name: "VIP"))),
        .patients(.patientCreated(PatientCreated(
            patientId: existingPatientId, profile: PatientProfile(firstName: "Old", lastName: "Patient"),
            tagIds: [], referrals: [],
            externalIds: [ExternalIdValue(typeId: defaultExternalIdTypeId, value: heldExternalId),
                          ExternalIdValue(typeId: mrnTypeId, value: heldUnderOtherType)],
            createdFrom: .api))),
    ]

    static var state: OrganizationState { build(orgId, orgEvents) }

    static var otherState: OrganizationState {
        build(otherOrgId, [
            .organization(.organizationCreated(OrganizationCreated(organizationId: otherOrgId, name: "Other Clinic"))),
            .organization(.externalIdTypeCreated(ExternalIdType(id: id(102), name: ExternalIdType.defaultName))),
            .organization(.locationCreated(Location(id: otherLocationId, name: "Elsewhere"))),
            .organization(.workflowStageCreated(WorkflowStage(id: otherStageId, title: "Intake", order: 1))),
            .organization(.userCreated(StaffUser(id: otherUserId, name: "Bob Roe", email: "bob@other.test"))),
        ])
    }

    /// A valid item with only the required fields.
    static func draft(_ first: String = "Jane", _ last: String = "Doe") -> PatientDraft {
        PatientDraft(firstName: first, lastName: last)
    }

    /// A valid item with every field filled, in the shapes integrators send.
    static func fullDraft() -> PatientDraft {
        var d = PatientDraft(firstName: "  Maria ", lastName: "Garcia")
        d.middleName = "Luisa"
        d.phoneNumber = "(212) 555-0123"
        d.additionalPhoneNumber = "+44 20 7946 0958"
        d.email = " Maria.Garcia@Example.COM "
        d.dateOfBirth = "1984-02-29"
        d.gender = "female"
        d.address = "10 Elm St"
        d.address2 = "Apt 4"
        d.city = "New York"
        d.state = "new_york"
        d.zip = "10001-1234"
        d.externalId = "MRN-1"
        d.comments = "Prefers mornings"
        d.workflowStageId = stageId.uuidString
        d.assignedUserId = userId.uuidString.lowercased()
        d.tags = ["Spanish", "vip"]
        var r = ReferralDraft()
        r.physicianName = "Dr. House"
        r.physicianEmail = "house@PPTH.org"
        r.physicianPhone = "212.555.0199"
        r.physicianFax = "1-212-555-0198"
        r.physicianGroup = "PPTH"
        r.physicianNpi = "1234567893"
        r.icdCodes = ["m545", "M79.1"]
        r.serviceTypes = ["physical_therapy", "medical_care"]
        r.startDate = "2025-01-01"
        r.endDate = "2025-12-31"
        r.locationId = locationId.uuidString
        d.referral = r
        return d
    }

    static func batch(_ items: [PatientDraft], state: OrganizationState = state,
                      context: DecisionContext = context()) throws(DomainError) -> [DomainEvent] {
        try decide(.patients(.createPatientsBatch(CreatePatientsBatch(items: items))), state: state, context: context).events
    }

    /// The error a command is refused with, or nil when it is accepted.
    static func refusal(_ command: Command, state: OrganizationState = state,
                        context: DecisionContext = context()) -> DomainError? {
        do {
            _ = try decide(command, state: state, context: context)
            return nil
        } catch {
            return error
        }
    }

    static func batchRefusal(_ items: [PatientDraft], state: OrganizationState = state) -> DomainError? {
        refusal(.patients(.createPatientsBatch(CreatePatientsBatch(items: items))), state: state)
    }
}

extension DomainEvent {
    var createdPatient: PatientCreated? {
        if case .patients(.patientCreated(let p)) = self { return p }
        return nil
    }
    var createdTag: Domain.Tag? {
        if case .organization(.tagCreated(let t)) = self { return t }
        return nil
    }
}
