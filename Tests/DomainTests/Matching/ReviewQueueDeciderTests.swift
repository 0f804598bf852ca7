import Domain
import Foundation
import Testing

/// The review queue's verdicts: merge folds one patient into another (its external ids answer for
/// the survivor, it matches no more, commands naming it are refused naming the survivor);
/// not-duplicate is remembered per pair. Both are idempotent.
@Suite("Review queue: merge and not-duplicate")
struct ReviewQueueDeciderTests {
    static func upsert(_ edit: (inout UpsertDraft) -> Void, on state: OrganizationState) throws -> Decision<UpsertResult> {
        try decideUpsertPatient(UpsertPatient(draft: UpsertFixture.draft(edit)), state: state.patients, reference: state.reference,
                                context: Fixture.context(seed: UUIDv7.make()))
    }

    static func decide(_ c: PatientCommand, _ state: OrganizationState) throws(DomainError) -> Decision<CommandReply> {
        try Domain.decide(.patients(c), state: state, context: Fixture.context(seed: UUIDv7.make()))
    }

    /// Two patients: Ann Lee (with an external id) and Anne Leigh, and the state after both.
    static func twoPatients() throws -> (OrganizationState, ann: UUID, anne: UUID) {
        var state = Fixture.state
        let ann = try upsert({ $0.firstName = "Ann"; $0.lastName = "Lee"; $0.dateOfBirth = "1980-02-03"; $0.externalId = ExternalIdDraft(typeId: Fixture.mrnTypeId.uuidString, value: "EXT-ANN") }, on: state)
        for e in ann.events { state.apply(e) }
        let anne = try upsert({ $0.firstName = "Anne"; $0.lastName = "Leigh"; $0.dateOfBirth = "1981-07-09"; $0.phoneNumber = "+12025550143" },
                              on: state)
        for e in anne.events { state.apply(e) }
        return (state, ann.reply.patientId, anne.reply.patientId)
    }

    @Test("merge: the survivor takes the external ids; the merged one stops matching and is refused by name")
    func merge() throws {
        var (state, ann, anne) = try Self.twoPatients()
        // Anne (survivor) takes Ann's EXT-ANN.
        let merged = try Self.decide(.mergePatients(MergePatients(survivorId: anne, mergedId: ann)), state)
        guard case .patients(.patientsMerged(let m)) = merged.events.first, merged.events.count == 1 else {
            throw TestFailure("expected one PatientsMerged: \(merged.events)")
        }
        #expect(m.patientId == anne && m.mergedPatientId == ann)
        #expect(m.externalIds.map(\.value) == ["EXT-ANN"])
        for e in merged.events { state.apply(e) }

        #expect(state.patients.records[ann] == nil && state.patients.mergedInto[ann] == anne)
        #expect(state.patients.records[anne]?.externalIds.values.contains("EXT-ANN") == true)

        // An upsert with the merged patient's external id reaches the survivor.
        let byExternalId = try Self.upsert({ $0.externalId = ExternalIdDraft(typeId: Fixture.mrnTypeId.uuidString, value: "EXT-ANN"); $0.phoneNumber = "+12025550143"; $0.city = "Springfield" }, on: state)
        #expect(byExternalId.reply.patientId == anne && !byExternalId.reply.created)
        // The merged patient's demographics match no one now (it left the index; the survivor keeps its own record).
        let byName = try Self.upsert({ $0.firstName = "Ann"; $0.lastName = "Lee"; $0.dateOfBirth = "1980-02-03" }, on: state)
        #expect(byName.reply.created && byName.reply.patientId != ann)

        // Sent again: the same answer, nothing written.
        let again = try Self.decide(.mergePatients(MergePatients(survivorId: anne, mergedId: ann)), state)
        #expect(again.events.isEmpty)
        // The merged patient as a survivor, or a communication for it: refused, naming the survivor.
        let refusal = #expect(throws: DomainError.self) {
            try Self.decide(.mergePatients(MergePatients(survivorId: ann, mergedId: anne)), state)
        }
        #expect(refusal?.code == .patientMerged && refusal?.field == "id")
        #expect(refusal?.message.contains(anne.lowercased) == true)
        let communication = #expect(throws: DomainError.self) {
            try Self.decide(.recordCommunication(RecordCommunication(patientId: ann, channel: .call, direction: .outbound,
                                                                     occurredAt: nil, summary: nil)), state)
        }
        #expect(communication?.code == .patientMerged && communication?.field == "patient_id")
    }

    @Test("merge refuses a patient into itself, an unknown duplicate, an unknown survivor")
    func mergeRefusals() throws {
        let (state, ann, _) = try Self.twoPatients()
        let own = #expect(throws: DomainError.self) { try Self.decide(.mergePatients(MergePatients(survivorId: ann, mergedId: ann)), state) }
        #expect(own?.code == .invalidValue && own?.field == "duplicate_id")
        let unknown = #expect(throws: DomainError.self) {
            try Self.decide(.mergePatients(MergePatients(survivorId: ann, mergedId: Fixture.id(999))), state)
        }
        #expect(unknown?.code == .unknownReference && unknown?.field == "duplicate_id")
        let noSurvivor = #expect(throws: DomainError.self) {
            try Self.decide(.mergePatients(MergePatients(survivorId: Fixture.id(999), mergedId: ann)), state)
        }
        #expect(noSurvivor?.code == .patientNotFound && noSurvivor?.field == "id")
    }

    @Test("a survivor merged onward carries what was merged into it; the external id follows to the last survivor")
    func chain() throws {
        var (state, ann, anne) = try Self.twoPatients()
        for e in try Self.decide(.mergePatients(MergePatients(survivorId: anne, mergedId: ann)), state).events { state.apply(e) }
        let third = Fixture.existingPatientId
        for e in try Self.decide(.mergePatients(MergePatients(survivorId: third, mergedId: anne)), state).events { state.apply(e) }
        #expect(state.patients.mergedInto[ann] == third && state.patients.mergedInto[anne] == third)
        let byExternalId = try Self.upsert({ $0.externalId = ExternalIdDraft(typeId: Fixture.mrnTypeId.uuidString, value: "EXT-ANN"); $0.phoneNumber = "+12025550143" }, on: state)
        #expect(byExternalId.reply.patientId == third)
    }

    @Test("not-duplicate: remembered for the pair either way round, written once")
    func notDuplicate() throws {
        var (state, ann, anne) = try Self.twoPatients()
        let first = try Self.decide(.markNotDuplicate(MarkNotDuplicate(patientId: ann, otherPatientId: anne)), state)
        #expect(first.events.count == 1)
        for e in first.events { state.apply(e) }
        #expect(state.patients.notDuplicates.contains(PatientPair(anne, ann)))
        let reversed = try Self.decide(.markNotDuplicate(MarkNotDuplicate(patientId: anne, otherPatientId: ann)), state)
        #expect(reversed.events.isEmpty)
        let own = #expect(throws: DomainError.self) {
            try Self.decide(.markNotDuplicate(MarkNotDuplicate(patientId: ann, otherPatientId: ann)), state)
        }
        #expect(own?.field == "duplicate_id")
    }
}
