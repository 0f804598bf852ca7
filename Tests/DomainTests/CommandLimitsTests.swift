import Foundation
import Testing
import Domain

/// Every decider refuses input over `InputLimits` or holding a forbidden character, naming the
/// field, before deciding anything — whatever route the command came by.
@Suite("Input limits and the character rule, in every decider")
struct CommandLimitsTests {
    static func upsertRefusal(_ edit: (inout UpsertDraft) -> Void, state: OrganizationState = Fixture.state) -> DomainError? {
        var d = UpsertDraft()
        d.firstName = "Ann"; d.lastName = "Lee"; d.phoneNumber = "212-555-0101"
        edit(&d)
        do { _ = try decideUpsertPatient(UpsertPatient(draft: d), state: state.patients, reference: state.reference, context: Fixture.context()); return nil } catch { return error }
    }

    static func kib(_ n: Int) -> JSONValue { .string(String(repeating: "x", count: n << 10)) }

    /// A field and how to spoil it.
    struct Spoil<Draft>: Sendable, CustomTestStringConvertible {
        let field: String
        let mutate: @Sendable (inout Draft) -> Void
        init(_ field: String, _ mutate: @escaping @Sendable (inout Draft) -> Void) { self.field = field; self.mutate = mutate }
        var testDescription: String { field }
    }

    // MARK: batch

    static let batchSpoils: [Spoil<PatientDraft>] = [
        Spoil("first_name") { $0.firstName = "a\u{0}b" },
        Spoil("city") { $0.city = "Bell\u{7}ville" },
        Spoil("comments") { $0.comments = "fine\u{1B}[2J" },
        Spoil("external_id") { $0.externalId = "MRN\u{0}" },
        Spoil("tags[1]") { $0.tags = ["ok", "v\u{0}ip"] },
        Spoil("referral.physician_name") { var r = ReferralDraft(); r.physicianName = "Dr\u{0}"; $0.referral = r },
        Spoil("referral.icd_codes[0]") { var r = ReferralDraft(); r.icdCodes = ["M54\u{0}"]; $0.referral = r },
    ]

    @Test("Batch: a forbidden character anywhere in an item is refused naming it", arguments: batchSpoils)
    func batchCharacters(_ spoil: Spoil<PatientDraft>) throws {
        var items = [Fixture.draft("Ben", "B"), Fixture.draft()]
        spoil.mutate(&items[1])
        let error = try #require(Fixture.batchRefusal(items))
        #expect(error.code == .invalidCharacter)
        #expect(error.field == "items[1].\(spoil.field)")
        #expect(error.message.contains("U+00"))
    }

    @Test("Batch: tags, ICD codes and service types are capped; the cap itself is accepted")
    func batchLists() throws {
        var d = Fixture.draft()
        d.tags = (0..<InputLimits.tags).map { "t\($0)" }
        #expect(Fixture.batchRefusal([d]) == nil)
        d.tags = (0..<10_000).map { "t\($0)" }
        let tags = try #require(Fixture.batchRefusal([d]))
        #expect(tags.code == .tooManyItems && tags.field == "items[0].tags")
        #expect(tags.message.contains("\(InputLimits.tags)"))

        var r = ReferralDraft()
        r.icdCodes = Array(repeating: "M54.5", count: InputLimits.icdCodes + 1)
        d = Fixture.draft(); d.referral = r
        #expect(Fixture.batchRefusal([d])?.field == "items[0].referral.icd_codes")
        r = ReferralDraft(); r.serviceTypes = Array(repeating: "medical_care", count: InputLimits.serviceTypes + 1)
        d.referral = r
        #expect(Fixture.batchRefusal([d])?.code == .tooManyItems)
    }

    @Test("Batch: more than 500 items is too_many_items, naming items")
    func batchItems() throws {
        let error = try #require(Fixture.batchRefusal(Array(repeating: Fixture.draft(), count: InputLimits.batchItems + 1)))
        #expect(error.code == .tooManyItems && error.field == "items")
    }

    @Test("Batch: over-long text is value_too_long; length counts code points")
    func batchLength() throws {
        var d = Fixture.draft()
        d.address = String(repeating: "a", count: InputLimits.addressLine + 1)
        let error = try #require(Fixture.batchRefusal([d]))
        #expect(error.code == .valueTooLong && error.field == "items[0].address")
        d = Fixture.draft("a" + String(repeating: "\u{301}", count: InputLimits.name), "Doe")
        #expect(Fixture.batchRefusal([d])?.field == "items[0].first_name")
    }

    // MARK: upsert

    static let upsertSpoils: [Spoil<UpsertDraft>] = [
        Spoil("first_name") { $0.firstName = "a\u{0}b" },
        Spoil("tags[0]") { $0.tags = ["\u{0}"] },
        Spoil("external_id.value") { $0.externalId = ExternalIdDraft(typeId: nil, value: "x\u{0}") },
        Spoil("referral.physician_address") { var r = UpsertReferralDraft(); r.physicianAddress = "\u{0}"; $0.referral = r },
        Spoil("payors[0].subscriber.first_name") { $0.payors = [.object([("subscriber", .object([("first_name", .string("a\u{0}"))]))])] },
        Spoil("custom_fields.a\u{0}b") { $0.customFields = .object([("a\u{0}b", .int(1))]) },
        Spoil("custom_fields.note[0]") { $0.customFields = .object([("note", .array([.string("\u{0}")]))]) },
    ]

    @Test("Upsert: a forbidden character is refused, not dropped", arguments: upsertSpoils)
    func upsertCharacters(_ spoil: Spoil<UpsertDraft>) throws {
        let refusal = Self.upsertRefusal(spoil.mutate)
        let error = try #require(refusal)
        #expect(error.code == .invalidCharacter)
        #expect(error.field == spoil.field)
    }

    @Test("Upsert: lists over their caps are refused, not shortened")
    func upsertLists() throws {
        #expect(Self.upsertRefusal { $0.tags = (0..<InputLimits.tags).map { "t\($0)" } } == nil)
        #expect(Self.upsertRefusal { $0.tags = (0..<10_000).map { "t\($0)" } }?.field == "tags")
        #expect(Self.upsertRefusal { $0.payors = Array(repeating: .object([]), count: InputLimits.payors + 1) }?.field == "payors")
        let icd = Self.upsertRefusal { var r = UpsertReferralDraft(); r.icdCodes = Array(repeating: "M54.5", count: 51); $0.referral = r }
        #expect(icd?.code == .tooManyItems && icd?.field == "referral.icd_codes")
        let keys = Self.upsertRefusal { $0.customFields = .object((0...InputLimits.customFieldKeys).map { ("k\($0)", .int($0)) }) }
        #expect(keys?.code == .tooManyItems && keys?.field == "custom_fields")
    }

    @Test("Upsert: payors and custom fields are bounded in size and nesting")
    func upsertDocuments() throws {
        let bigValue = try #require(Self.upsertRefusal { $0.customFields = .object([("big", Self.kib(2048))]) })
        #expect(bigValue.code == .valueTooLong && bigValue.field == "custom_fields.big")
        #expect(bigValue.message.contains("16384"))
        // Every value under its own limit, the whole object over its limit.
        let whole = try #require(Self.upsertRefusal { $0.customFields = .object((0..<5).map { ("k\($0)", Self.kib(15)) }) })
        #expect(whole.code == .valueTooLong && whole.field == "custom_fields")
        let key = try #require(Self.upsertRefusal { $0.customFields = .object([(String(repeating: "k", count: 101), .int(1))]) })
        #expect(key.code == .valueTooLong)
        var deep = JSONValue.int(1)
        for _ in 0..<(InputLimits.jsonDepth + 1) { deep = .array([deep]) }
        let tooDeep = Self.upsertRefusal { $0.customFields = .object([("deep", deep)]) }
        #expect(tooDeep?.code == .nestingTooDeep && tooDeep?.field == "custom_fields.deep")
        #expect(Self.upsertRefusal { $0.payors = [.object([("notes", Self.kib(17))])] }?.field == "payors[0]")
        #expect(Self.upsertRefusal { $0.payors = (0..<5).map { _ in .object([("notes", Self.kib(15))]) } }?.field == "payors")
        #expect(Self.upsertRefusal { $0.customFields = .object([("fine", Self.kib(15))]) } == nil)
    }

    @Test("Upsert: a patient holds at most 20 referrals and 100 custom fields after merging")
    func upsertMergedCaps() throws {
        var state = Fixture.state
        let id = Fixture.id(900)
        let referrals = (0..<InputLimits.referralsPerPatient).map { i -> Referral in
            var r = Referral(id: Fixture.id(1000 + i)); r.physicianName = "Dr \(i)"; return r
        }
        var profile = PatientProfile(firstName: "Ann", lastName: "Lee")
        profile.phoneNumber = "+12125550101"
        state = OrganizationState.evolve(state, .patients(.patientCreated(PatientCreated(
            patientId: id, profile: profile, tagIds: [], referrals: referrals, externalIds: [], createdFrom: .api,
            payors: [], customFields: .object((0..<InputLimits.customFieldKeys).map { ("k\($0)", .int($0)) }), droppedFields: []))))

        let referral = try #require(Self.upsertRefusal({ var r = UpsertReferralDraft(); r.physicianName = "Dr New"; $0.referral = r }, state: state))
        #expect(referral.code == .tooManyItems && referral.field == "referral")
        // An equal referral adds nothing, so it is no refusal.
        #expect(Self.upsertRefusal({ var r = UpsertReferralDraft(); r.physicianName = "Dr 3"; $0.referral = r }, state: state) == nil)

        let fields = try #require(Self.upsertRefusal({ $0.customFields = .object([("one_more", .int(1))]) }, state: state))
        #expect(fields.code == .tooManyItems && fields.field == "custom_fields")
        #expect(fields.message.contains("merged"))
        #expect(Self.upsertRefusal({ $0.customFields = .object([("k1", .string("changed"))]) }, state: state) == nil)
    }

    // MARK: the other commands

    @Test("Communication: a forbidden character in the summary; occurred_at before 1900")
    func communication() throws {
        let patient = Fixture.existingPatientId
        let nul = Fixture.refusal(.patients(.recordCommunication(RecordCommunication(patientId: patient, channel: .call, direction: .inbound,
                                                                           occurredAt: nil, summary: "hi\u{0}"))))
        #expect(nul?.code == .invalidCharacter && nul?.field == "summary")
        let yearZero = Date(timeIntervalSince1970: -62_167_219_200)  // 0000-01-01T00:00:00Z
        let old = Fixture.refusal(.patients(.recordCommunication(RecordCommunication(patientId: patient, channel: .call, direction: .inbound,
                                                                           occurredAt: yearZero, summary: nil))))
        #expect(old?.code == .invalidValue && old?.field == "occurred_at")
        #expect(Fixture.refusal(.patients(.recordCommunication(RecordCommunication(patientId: patient, channel: .call, direction: .inbound,
                                                                         occurredAt: InputLimits.earliestInstant, summary: nil)))) == nil)
    }

    @Test("Organization and reference data: characters, lengths and list sizes")
    func referenceData() throws {
        let name = Fixture.refusal(.organization(.createOrganization(CreateOrganization(name: "Acme\u{0}", apiKeyHash: "h", apiKeyPrefix: "p"))),
                                   state: OrganizationState(organizationId: Fixture.id(77)))
        #expect(name?.code == .invalidCharacter && name?.field == "name")

        func refusal(_ d: ReferenceDataDeclaration) -> DomainError? { Fixture.refusal(.organization(.applyReferenceData(d))) }
        #expect(refusal(ReferenceDataDeclaration(locations: [LocationDeclaration(name: "Main\u{0}")]))?.field == "locations[0].name")
        #expect(refusal(ReferenceDataDeclaration(workflowStages: [WorkflowStageDeclaration(title: "T", actions: ["ok", "\u{0}"])]))?.field
                == "workflow_stages[0].actions[1]")
        let address = refusal(ReferenceDataDeclaration(locations: [LocationDeclaration(name: "Main", address: String(repeating: "a", count: 501))]))
        #expect(address?.code == .valueTooLong && address?.field == "locations[0].address")
        let many = refusal(ReferenceDataDeclaration(users: (0...InputLimits.referenceDataEntries).map {
            UserDeclaration(name: "U", email: "u\($0)@x.test")
        }))
        #expect(many?.code == .tooManyItems && many?.field == "users")
        // The fixture organization holds 2 types; 48 more reach the cap, 49 pass it.
        let types = (0..<(InputLimits.externalIdTypes - 1)).map { ExternalIdTypeDeclaration(name: "type \($0)") }
        let tooMany = refusal(ReferenceDataDeclaration(externalIdTypes: types))
        #expect(tooMany?.code == .tooManyItems && tooMany?.field == "external_id_types[48].name")
        #expect(refusal(ReferenceDataDeclaration(externalIdTypes: Array(types.dropLast()))) == nil)
    }
}
