import Foundation
import Domain

/// A small patient index for matcher tests, built with `PatientIndex.put` only.
enum MatchFixture {
    static func date(_ y: Int, _ m: Int, _ d: Int) -> CalendarDate { CalendarDate(year: y, month: m, day: d)! }

    static func record(_ n: Int, _ first: String?, _ last: String?, dob: CalendarDate? = nil,
                       phones: [String] = [], email: String? = nil) -> MatchableRecord {
        MatchableRecord(id: Fixture.id(1000 + n), firstName: first, lastName: last, dateOfBirth: dob, phones: phones, email: email)
    }

    static func index(_ records: [MatchableRecord]) -> PatientIndex {
        var index = PatientIndex()
        for r in records { index.put(r) }
        return index
    }

    static func match(_ probe: MatchProbe, _ records: [MatchableRecord], holders: [ExternalIdValue: UUID] = [:]) -> MatchOutcome {
        PatientMatcher.match(probe, externalIdHolders: holders, index: index(records))
    }

    static func pid(_ n: Int) -> UUID { Fixture.id(1000 + n) }
}
