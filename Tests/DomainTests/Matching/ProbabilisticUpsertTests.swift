import Foundation
import Testing
import Domain

/// The probabilistic tier inside the upsert decider: the two thresholds, and the cases the seed
/// tiers' guards used to turn away.
@Suite("Probabilistic tier: thresholds in the upsert")
struct ProbabilisticUpsertTests {
    static func upsert(_ edit: (inout UpsertDraft) -> Void, on state: inout OrganizationState) throws -> Decision<UpsertResult> {
        let decision = try decideUpsertPatient(UpsertPatient(draft: UpsertFixture.draft(edit)), state: state.patients,
                                               reference: state.reference, context: Fixture.context(seed: UUIDv7.make()))
        for e in decision.events { state.apply(e) }
        return decision
    }

    static func margarethe(_ d: inout UpsertDraft) {
        d.firstName = "Margarethe"; d.lastName = "Oyelaran"; d.dateOfBirth = "1984-07-12"
        d.address = "42 Wattle Grove"; d.city = "Albany"; d.zip = "12207"; d.gender = "F"
    }

    @Test("above the automatic threshold: merged, tier probabilistic, the probability and weights version in the event")
    func automatic() throws {
        var state = Fixture.state
        let created = try Self.upsert(Self.margarethe, on: &state)
        let merged = try Self.upsert({ Self.margarethe(&$0); $0.lastName = "Oyelarnn"; $0.dateOfBirth = "1984-07-21" }, on: &state)
        #expect(!merged.reply.created && merged.reply.patientId == created.reply.patientId)
        #expect(merged.reply.tier == .probabilistic)
        guard case .patients(.patientUpdated(let u)) = merged.events.first else { throw TestFailure("no update: \(merged.events)") }
        #expect(u.matchTier == .probabilistic && u.matchWeightsVersion == "default-1")
        #expect((u.matchProbability ?? 0) >= MatchWeights.defaults.automaticThreshold)
    }

    @Test("between the thresholds: created, and PossibleDuplicateFound names the candidate with the evidence")
    func review() throws {
        var state = Fixture.state
        let first = try Self.upsert({ $0.firstName = "Ann"; $0.lastName = "Lee"; $0.dateOfBirth = "1984-07-12"; $0.city = "Albany" }, on: &state)
        let second = try Self.upsert({ $0.firstName = "Ann"; $0.lastName = "Lee"; $0.dateOfBirth = "1985-07-12"; $0.city = "Troy" }, on: &state)
        #expect(second.reply.created && second.reply.possibleDuplicateOf == first.reply.patientId)
        guard case .patients(.possibleDuplicateFound(let d)) = second.events.last else { throw TestFailure("\(second.events)") }
        #expect(d.patientId == second.reply.patientId && d.candidateId == first.reply.patientId)
        #expect(d.probability >= MatchWeights.defaults.reviewThreshold && d.probability < MatchWeights.defaults.automaticThreshold)
        #expect(d.weightsVersion == "default-1")
        #expect(d.evidence.map(\.field) == [.givenName, .familyName, .dateOfBirth, .city])
        #expect(d.evidence.first { $0.field == .dateOfBirth }?.level == .yearOffByOne)
    }

    @Test("below both: a different person is created with no possible duplicate")
    func neither() throws {
        var state = Fixture.state
        _ = try Self.upsert({ $0.firstName = "Ann"; $0.lastName = "Lee"; $0.dateOfBirth = "1984-07-12"; $0.city = "Albany" }, on: &state)
        let other = try Self.upsert({ $0.firstName = "Anne"; $0.lastName = "Leigh"; $0.dateOfBirth = "1962-01-30"; $0.city = "Troy" }, on: &state)
        #expect(other.reply.created && other.reply.possibleDuplicateOf == nil && other.events.count == 1)
    }

    @Test("Katherine / Katharine Hopper with one phone and no birth date: found, as a possible duplicate for review (docs/matching.md)")
    func katherine() throws {
        var state = Fixture.state
        let first = try Self.upsert({ $0.firstName = "Katherine"; $0.lastName = "Hopper"; $0.phoneNumber = "212-555-0123" }, on: &state)
        let second = try Self.upsert({ $0.firstName = "Katharine"; $0.lastName = "Hopper"; $0.phoneNumber = "(212) 555-0123" }, on: &state)
        #expect(second.reply.created && second.reply.possibleDuplicateOf == first.reply.patientId)
        // With the birth date on both sides the slip is believable: one patient.
        let born = try Self.upsert({ $0.firstName = "Katherine"; $0.lastName = "Hopper"; $0.phoneNumber = "212-555-0177"
                                     $0.dateOfBirth = "1971-05-09"; $0.city = "Albany" }, on: &state)
        let again = try Self.upsert({ $0.firstName = "Katharine"; $0.lastName = "Hopper"; $0.phoneNumber = "212-555-0177"
                                      $0.dateOfBirth = "1971-05-09" }, on: &state)
        #expect(!again.reply.created && again.reply.patientId == born.reply.patientId)
    }

    @Test("John and Jane Smith on one household phone are never merged automatically")
    func household() throws {
        var state = Fixture.state
        let john = try Self.upsert({ $0.firstName = "John"; $0.lastName = "Smith"; $0.phoneNumber = "212-555-0123"
                                     $0.address = "1 Elm St"; $0.city = "Albany" }, on: &state)
        let jane = try Self.upsert({ $0.firstName = "Jane"; $0.lastName = "Smith"; $0.phoneNumber = "212-555-0123"
                                     $0.address = "1 Elm St"; $0.city = "Albany" }, on: &state)
        #expect(jane.reply.created && jane.reply.patientId != john.reply.patientId)
    }
}
