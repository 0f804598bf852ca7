import Foundation
import Testing
import Domain

/// The accounting of disclosures' decider: one small event per patient per batch, the batch its aggregate.
@Suite("Recording reads of patients' records")
struct DisclosureDeciderTests {
    static func read(_ patient: UUID, _ route: String, _ secondsAgo: Double = 1) -> PatientRecordAccess {
        PatientRecordAccess(patientId: patient, access: RecordAccess(
            accessedAt: Fixture.now.addingTimeInterval(-secondsAgo), actor: "api_key:\(Fixture.id(900).lowercased)",
            credential: "x-api-key", channel: .api, route: route))
    }

    @Test("one event per patient, in the order each was first read, every read of it kept in order; the batch is the aggregate")
    func groupsByPatient() throws {
        let (a, b) = (Fixture.id(50), Fixture.id(51))
        let command = Command.disclosures(.recordAccesses(RecordAccesses(accesses: [
            Self.read(a, "solum.patients.get", 3), Self.read(b, "solum.patients.list", 2), Self.read(a, "solum.patients.history", 1),
        ])))
        let decision = try decide(command, state: Fixture.state, context: Fixture.context())
        let events = decision.events.compactMap { if case .disclosures(.patientRecordAccessed(let e)) = $0 { e } else { nil } }
        #expect(events.map(\.patientId) == [a, b])
        #expect(events[0].accesses.map(\.route) == ["solum.patients.get", "solum.patients.history"])
        #expect(Set(events.map(\.batchId)).count == 1)
        #expect(decision.events.allSatisfy { $0.aggregate?.type == "disclosure_batch" && $0.aggregate?.id == events[0].batchId })
        #expect(decision.reply == .disclosures(.accessesRecorded(batchId: events[0].batchId, count: 3)))
        // Reads change no decision state, and leave the patient's version alone.
        var state = Fixture.state
        let before = state.version(of: a)
        for e in decision.events { state.apply(e) }
        #expect(state.version(of: a) == before && state.version(of: events[0].batchId) == 0)
    }

    @Test("an empty batch, a read in the future or an overlong route is refused")
    func refusals() {
        #expect(Fixture.refusal(.disclosures(.recordAccesses(RecordAccesses(accesses: []))))?.code == .missingField)
        #expect(Fixture.refusal(.disclosures(.recordAccesses(RecordAccesses(accesses: [Self.read(Fixture.id(50), "r", -3600)]))))?.code == .invalidValue)
        #expect(Fixture.refusal(.disclosures(.recordAccesses(RecordAccesses(accesses: [
            Self.read(Fixture.id(50), String(repeating: "r", count: 101))]))))?.code == .valueTooLong)
    }
}
