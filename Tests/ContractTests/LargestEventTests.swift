import Domain
import EventStore
import Foundation
import Testing

/// The largest patient `InputLimits` allows must encode to events that fit a Kafka message
/// (librdkafka's `message.max.bytes` is 1,000,000 by default, headers included). The patient here
/// is built through the real upsert decider with every text at its length limit in 4-byte
/// characters, every list at its cap, payors and custom fields at their byte limits and 20
/// referrals; then one more upsert changes every field at once, so `patient.updated.v1` carries
/// each change old → new *and* the resulting state.
@Suite("The largest allowed patient fits a Kafka message")
struct LargestEventTests {
    /// What a record may use besides its payload: CloudEvents headers and the key (~1 KB), kept generous.
    static let messageBudget = 1_000_000 - (64 << 10)

    /// `count` copies of a character taking 4 bytes in UTF-8, varied per field and per version.
    static func text(_ count: Int, _ variant: Int) -> String {
        String(repeating: String(Unicode.Scalar(0x1D400 + UInt32(variant % 50))!), count: count)
    }

    static func referral(_ n: Int, locationId: UUID) -> UpsertReferralDraft {
        var r = UpsertReferralDraft()
        r.physicianName = text(InputLimits.physicianText - 4, n) + String(format: "%04d", n)
        r.physicianEmail = "dr\(n)@clinic.example"
        r.physicianPhone = "212-555-01\(String(format: "%02d", n % 100))"
        r.physicianFax = "212-555-0299"
        r.physicianGroup = text(InputLimits.physicianText, n)
        r.physicianNpi = "1234567893"
        r.physicianAddress = text(InputLimits.addressLine, n)
        r.physicianAddress2 = text(InputLimits.addressLine, n + 1)
        r.physicianCity = text(InputLimits.city, n)
        r.physicianZip = String(repeating: "9", count: InputLimits.physicianZip)
        r.icdCodes = (0..<InputLimits.icdCodes).map { "M\(10 + $0).\(n % 10)" }
        r.serviceTypes = ServiceType.allCases.map(\.rawValue)
        r.startDate = "2025-01-01"
        r.endDate = "2025-12-31"
        r.locationId = locationId.uuidString
        r.fileId = text(InputLimits.physicianText, n + 2)
        return r
    }

    static func draft(_ v: Int, state: OrganizationState) throws -> UpsertDraft {
        let mrn = try require(state.reference.externalIdTypes.values.first { $0.name == "mrn" })
        var d = UpsertDraft()
        d.externalId = ExternalIdDraft(typeId: mrn.id.uuidString, value: text(InputLimits.externalId, 0))
        d.firstName = text(InputLimits.name, v)
        d.lastName = text(InputLimits.name, v + 1)
        d.middleName = text(InputLimits.name, v + 2)
        d.dateOfBirth = "1970-01-01"
        d.gender = v == 0 ? "female" : "male"
        d.phoneNumber = "212-555-01\(10 + v)"
        d.additionalPhoneNumber = "212-555-02\(10 + v)"
        d.email = String(repeating: "a", count: 63) + "\(v)@" + String(repeating: "b", count: 63) + "." + String(repeating: "c", count: 63)
            + "." + String(repeating: "d", count: 57) + ".com"
        d.address = text(InputLimits.addressLine, v + 3)
        d.address2 = text(InputLimits.addressLine, v + 4)
        d.city = text(InputLimits.city, v + 5)
        d.state = v == 0 ? "new_york" : "texas"
        d.zip = v == 0 ? "10001-1234" : "73301-0001"
        d.comments = text(InputLimits.comments, v + 6)
        d.workflowStageId = state.reference.workflowStages.keys.first?.uuidString
        d.assignedUserId = state.reference.users.keys.first?.uuidString
        d.locationId = state.reference.locations.keys.first?.uuidString
        d.tags = (0..<InputLimits.tags).map { text(InputLimits.tagName - 8, v) + String(format: "%04d-%03d", v, $0) }
        // Payors at their byte limit together: 20 of 3,200 bytes.
        d.payors = (0..<InputLimits.payors).map { i in
            .object([("plan_name", .string(text(790, v + i))), ("insured_member_id", .string("M\(v)-\(i)"))])
        }
        // Custom fields at their key count, key length and (almost) their byte limit together.
        d.customFields = .object((0..<InputLimits.customFieldKeys).map { i in
            (text(InputLimits.customFieldKey - 3, 7) + String(format: "%03d", i), .string(text(60, v + i)))
        })
        return d
    }

    @Test("patient.created.v1 and an every-field patient.updated.v1 fit, with room to spare")
    func largestPatient() throws {
        let org = ContractSamples.organizationId
        var state = OrganizationState(organizationId: org)
        var seed = 0
        func context() -> DecisionContext {
            seed += 1
            return DecisionContext(organizationId: org, now: ContractSamples.now, channel: .api,
                                   idSeed: UUID(uuidString: String(format: "0197722c-a3d0-7c41-9e0b-%012d", seed))!)
        }
        func apply(_ events: [DomainEvent]) { for e in events { state.apply(e) } }
        apply(try decide(.organization(.createOrganization(CreateOrganization(name: "Largest", apiKeyHash: "h", apiKeyPrefix: "p"))), state: state, context: context()).events)
        apply(try decide(.organization(.applyReferenceData(ReferenceDataDeclaration(
            locations: [LocationDeclaration(name: "Main")], workflowStages: [WorkflowStageDeclaration(title: "Intake")],
            users: [UserDeclaration(name: "Dana", email: "dana@clinic.example")], externalIdTypes: [ExternalIdTypeDeclaration(name: "mrn")]))),
            state: state, context: context()).events)
        let location = try require(state.reference.locations.keys.first)

        // Sanity: the request really is at the limits (a check that passes nothing proves nothing).
        var first = try Self.draft(0, state: state)
        first.referral = Self.referral(0, locationId: location)
        try first.checkLimits()
        #expect(try require(first.customFields).encodedSize() > InputLimits.customFieldsBytes - 2048)
        #expect(JSONValue.array(try require(first.payors)).encodedSize() > InputLimits.payorsBytes - 2048)

        let created = try decideUpsertPatient(UpsertPatient(draft: first), state: state.patients, reference: state.reference, context: context())
        #expect(created.reply.created && created.reply.droppedFields.isEmpty, "\(created.reply.droppedFields)")
        apply(created.events)
        for n in 1..<InputLimits.referralsPerPatient {
            var more = try Self.draft(0, state: state)
            more.referral = Self.referral(n, locationId: location)
            apply(try decideUpsertPatient(UpsertPatient(draft: more), state: state.patients, reference: state.reference, context: context()).events)
        }
        let patient = try require(state.patients.records.values.first)
        #expect(patient.referrals.count == InputLimits.referralsPerPatient)

        let everything = try decideUpsertPatient(UpsertPatient(draft: try Self.draft(1, state: state)), state: state.patients, reference: state.reference, context: context())
        let update = try require(everything.events.lazy.compactMap { event -> PatientUpdated? in
            if case .patients(.patientUpdated(let u)) = event { return u } else { return nil }
        }.first)
        #expect(update.changes.count > InputLimits.customFieldKeys + 10, "every field changes")

        let createdBytes = try EventTypes.encodePayload(try require(created.events.first { event in
            if case .patients(.patientCreated) = event { return true } else { return false }
        })).count
        let updatedBytes = try EventTypes.encodePayload(.patients(.patientUpdated(update))).count
        #expect(createdBytes < Self.messageBudget / 2, "patient.created.v1: \(createdBytes) bytes")
        #expect(updatedBytes < Self.messageBudget, "patient.updated.v1: \(updatedBytes) bytes")
        print("largest patient.created.v1: \(createdBytes) bytes; largest patient.updated.v1: \(updatedBytes) bytes")
    }
}
