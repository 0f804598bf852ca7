import Foundation
import Testing
import Domain

@Suite("Batch creation (seed 000): refusals")
struct CreatePatientsBatchRefusalTests {
    @Test("0 or 501 items are refused, naming items", arguments: [(0, DomainError.Code.invalidValue), (501, .tooManyItems)])
    func size(count: Int, code: DomainError.Code) throws {
        let error = try #require(Fixture.batchRefusal(Array(repeating: Fixture.draft(), count: count)))
        #expect(error.code == code)
        #expect(error.field == "items")
    }

    @Test("An organization that does not exist")
    func unknownOrganization() throws {
        let error = try #require(Fixture.batchRefusal([Fixture.draft()], state: OrganizationState(organizationId: Fixture.id(999))))
        #expect(error.code == .organizationNotFound)
    }

    struct BadItem: Sendable, CustomTestStringConvertible {
        let field: String
        let code: DomainError.Code
        let note: String
        let mutate: @Sendable (inout PatientDraft) -> Void
        init(_ field: String, _ code: DomainError.Code, _ note: String,
             _ mutate: @escaping @Sendable (inout PatientDraft) -> Void) {
            self.field = field; self.code = code; self.note = note; self.mutate = mutate
        }
        init(_ field: String, _ note: String, _ mutate: @escaping @Sendable (inout PatientDraft) -> Void) {
            self.init(field, .invalidValue, note, mutate)
        }
        var testDescription: String { "\(field): \(note)" }
    }

    static func referral(_ change: @escaping @Sendable (inout ReferralDraft) -> Void) -> @Sendable (inout PatientDraft) -> Void {
        { d in var r = d.referral ?? ReferralDraft(); change(&r); d.referral = r }
    }

    static let badItems: [BadItem] = [
        BadItem("first_name", .missingField, "absent") { $0.firstName = nil },
        BadItem("first_name", .missingField, "blank") { $0.firstName = "  " },
        BadItem("last_name", .missingField, "absent") { $0.lastName = nil },
        BadItem("phone_number", "seven digits") { $0.phoneNumber = "555-0123" },
        BadItem("phone_number", "area code starts with 1") { $0.phoneNumber = "123-456-7890" },
        BadItem("additional_phone_number", "vanity") { $0.additionalPhoneNumber = "1-800-FLOWERS" },
        BadItem("email", "no @") { $0.email = "jane.example.com" },
        BadItem("email", "no TLD") { $0.email = "jane@example" },
        BadItem("date_of_birth", "not ISO") { $0.dateOfBirth = "12/25/1990" },
        BadItem("date_of_birth", "not a real date") { $0.dateOfBirth = "2023-02-30" },
        BadItem("date_of_birth", "before 1900-01-01") { $0.dateOfBirth = "1899-12-31" },
        BadItem("date_of_birth", "after today") { $0.dateOfBirth = Fixture.tomorrow },
        BadItem("gender", "not in enum") { $0.gender = "M" },
        BadItem("gender", "not the seed's spelling") { $0.gender = "Female" },
        BadItem("state", "postal abbreviation") { $0.state = "NY" },
        BadItem("state", "display name") { $0.state = "New York" },
        BadItem("state", "not a state") { $0.state = "ontario" },
        BadItem("zip", "four digits") { $0.zip = "1234" },
        BadItem("zip", "short +4") { $0.zip = "12345-67" },
        BadItem("zip", "letters") { $0.zip = "SW1A 1AA" },
        BadItem("workflow_stage_id", .unknownReference, "unknown id") { $0.workflowStageId = Fixture.id(555).uuidString },
        BadItem("workflow_stage_id", .unknownReference, "not a UUID") { $0.workflowStageId = "intake" },
        BadItem("workflow_stage_id", .unknownReference, "another organization's stage") { $0.workflowStageId = Fixture.otherStageId.uuidString },
        BadItem("workflow_stage_id", .unknownReference, "a location's id") { $0.workflowStageId = Fixture.locationId.uuidString },
        BadItem("assigned_user_id", .unknownReference, "another organization's user") { $0.assignedUserId = Fixture.otherUserId.uuidString },
        BadItem("assigned_user_id", .unknownReference, "unknown id") { $0.assignedUserId = Fixture.id(556).uuidString },
        BadItem("tags[1]", .missingField, "blank tag") { $0.tags = ["ok", " "] },
        BadItem("referral.location_id", .unknownReference, "another organization's location",
                referral { $0.locationId = Fixture.otherLocationId.uuidString }),
        BadItem("referral.location_id", .unknownReference, "unknown id",
                referral { $0.locationId = Fixture.id(557).uuidString }),
        BadItem("referral.service_types[1]", "not in enum",
                referral { $0.serviceTypes = ["medical_care", "massage"] }),
        BadItem("referral.end_date", "before start_date",
                referral { $0.startDate = "2025-03-01"; $0.endDate = "2025-02-28" }),
        BadItem("referral.start_date", "not a real date",
                referral { $0.startDate = "2025-13-01" }),
        BadItem("referral.physician_npi", "bad check digit",
                referral { $0.physicianNpi = "1234567890" }),
        BadItem("referral.physician_email", "double dot",
                referral { $0.physicianEmail = "dr..who@example.com" }),
        BadItem("referral.physician_phone", "too short",
                referral { $0.physicianPhone = "555-0123" }),
        BadItem("referral.icd_codes[1]", "not an ICD-10 code",
                referral { $0.icdCodes = ["M54.5", "54"] }),
    ]

    @Test("A bad item refuses the whole batch, naming items[i].field", arguments: badItems)
    func badItem(_ bad: BadItem) throws {
        var items = [Fixture.fullDraft(), Fixture.draft("Ben", "B"), Fixture.draft("Cat", "C")]
        items[0].externalId = nil
        bad.mutate(&items[2])
        let error = try #require(Fixture.batchRefusal(items))
        #expect(error.field == "items[2].\(bad.field)")
        #expect(error.code == bad.code)
    }

    @Test("The same item is accepted without the fault (the cases above differ only in the named field)")
    func controlItem() throws {
        var items = [Fixture.fullDraft(), Fixture.draft("Ben", "B"), Fixture.fullDraft()]
        items[0].externalId = nil
        items[2].externalId = nil
        #expect(try Fixture.batch(items).compactMap(\.createdPatient).count == 3)
    }

    @Test("An external_id repeated inside the batch names the later item")
    func duplicateInBatch() throws {
        var items = (0..<5).map { Fixture.draft("P\($0)", "Doe") }
        items[1].externalId = "MRN-7"
        items[3].externalId = " MRN-7"
        let error = try #require(Fixture.batchRefusal(items))
        #expect(error.code == .duplicateExternalId)
        #expect(error.field == "items[3].external_id")
    }

    @Test("An external_id already held by a patient of the organization")
    func alreadyHeld() throws {
        var items = [Fixture.draft("Ann", "A"), Fixture.draft("Ben", "B")]
        items[0].externalId = "MRN-NEW"
        items[1].externalId = Fixture.heldExternalId
        let error = try #require(Fixture.batchRefusal(items))
        #expect(error.code == .externalIdConflict)
        #expect(error.field == "items[1].external_id")
    }

    @Test("The same external_id in another organization is no conflict")
    func otherOrganizationsIdsAreIndependent() throws {
        var d = Fixture.draft(); d.externalId = Fixture.heldExternalId
        let events = try Fixture.batch([d], state: Fixture.otherState, context: Fixture.context(org: Fixture.otherOrgId))
        #expect(events.compactMap(\.createdPatient).count == 1)
    }

    @Test("A bad 500th item of a 500-item batch is named items[499]")
    func lastOfFiveHundred() throws {
        var items = (0..<500).map { Fixture.draft("P\($0)", "Doe") }
        items[499].dateOfBirth = "2023-02-29"
        let error = try #require(Fixture.batchRefusal(items))
        #expect(error.field == "items[499].date_of_birth")
        #expect(error.code == .invalidValue)
    }
}
