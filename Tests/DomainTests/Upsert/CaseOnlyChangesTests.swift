import Domain
import Foundation
import Testing

/// An upsert that differs from the record only in letter case changes nothing: source systems
/// print names upper-cased, and the clinic's spelling must not flip back and forth in History.
@Suite("Upsert: letter case alone is not a change")
struct CaseOnlyChangesTests {
    static func upsert(_ edit: (inout UpsertDraft) -> Void, on state: OrganizationState) throws -> Decision<UpsertResult> {
        try decideUpsertPatient(UpsertPatient(draft: UpsertFixture.draft(edit)), state: state.patients, reference: state.reference,
                                context: Fixture.context(seed: UUIDv7.make()))
    }

    @Test("ANN LEE / 12 MAIN ST matches Ann Lee / 12 Main St and writes nothing; a real change still updates")
    func caseOnly() throws {
        var state = Fixture.state
        let created = try Self.upsert({ $0.firstName = "Ann"; $0.lastName = "Lee"; $0.dateOfBirth = "1980-02-03"
                                        $0.address = "12 Main St"; $0.city = "Springfield" }, on: state)
        for e in created.events { state.apply(e) }

        let shouted = try Self.upsert({ $0.firstName = "ANN"; $0.lastName = "lee"; $0.dateOfBirth = "1980-02-03"
                                        $0.address = "12 MAIN ST"; $0.city = "SPRINGFIELD" }, on: state)
        #expect(shouted.events.isEmpty, "\(shouted.events)")
        #expect(shouted.reply.patientId == created.reply.patientId && !shouted.reply.created)

        let moved = try Self.upsert({ $0.firstName = "ANN"; $0.lastName = "Lee"; $0.dateOfBirth = "1980-02-03"; $0.city = "Shelbyville" }, on: state)
        guard case .patients(.patientUpdated(let update)) = moved.events.first else { throw TestFailure("no update: \(moved.events)") }
        #expect(update.changes.map(\.field) == ["city"])
        #expect(update.profile.firstName == "Ann")
    }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
