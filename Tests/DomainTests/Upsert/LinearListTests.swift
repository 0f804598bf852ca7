import Foundation
import Testing
import Domain

/// The forgiving normaliser removes repeats from lists with a set, not by comparing each item with
/// every earlier one: 100,000 items are normalised as fast as the sum of their parts. (The request
/// caps — `InputLimits.tags` and friends — keep such lists out of the writer; these tests call the
/// normaliser directly so the dedup itself is exercised at scale. A pairwise dedup needs billions
/// of comparisons here and would not finish inside the time limit.)
@Suite("List normalisation is linear", .timeLimit(.minutes(1)))
struct LinearListTests {
    @Test("100,000 tags, each sent in two spellings, normalise to the distinct names in request order")
    func tags() {
        let names = (0..<50_000).map { "Tag \($0)" }
        let raw = names.flatMap { [$0, " \($0.uppercased()) "] }
        let n = UpsertFixture.normalize(UpsertFixture.draft { $0.tags = raw })
        #expect(n.tags == names)
        #expect(n.droppedFields.isEmpty)
    }

    @Test("100,000 ICD codes and service types keep one of each, first seen first")
    func referralLists() {
        var r = UpsertReferralDraft()
        r.icdCodes = (0..<100_000).map { ["m545", "M54.5", "R51", "r51"][$0 % 4] }
        r.serviceTypes = (0..<100_000).map { ["Physical Therapy", "medical_care"][$0 % 2] }
        let n = UpsertFixture.normalize(UpsertFixture.draft { $0.referral = r; $0.phoneNumber = "212-555-0101" })
        #expect(n.referral?.icdCodes == ["M54.5", "R51"])
        #expect(n.referral?.serviceTypes == [.physical_therapy, .medical_care])
    }

    @Test("An upsert of 100 new tags (the cap) announces each tag once and links each once")
    func tagResolution() throws {
        var d = UpsertDraft()
        d.phoneNumber = "212-555-0101"
        d.tags = (0..<InputLimits.tags).map { "new \($0 % 50)" }
        let decision = try decideUpsertPatient(UpsertPatient(draft: d), state: Fixture.state.patients, reference: Fixture.state.reference, context: Fixture.context())
        let created = decision.events.compactMap(\.createdTag)
        #expect(created.map(\.name) == (0..<50).map { "new \($0)" })
        #expect(decision.events.compactMap(\.createdPatient).first?.tagIds == created.map(\.id))
    }
}
