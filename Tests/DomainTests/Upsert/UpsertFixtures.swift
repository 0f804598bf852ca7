import Foundation
import Domain

/// Fixtures for the forgiving upsert's normalisation tests: Fixture's organization A and a fixed today.
enum UpsertFixture {
    static let today = CalendarDate(year: 2025, month: 6, day: 15)!

    static func normalize(_ d: UpsertDraft) -> NormalizedUpsert {
        UpsertNormalizer.normalize(d, reference: Fixture.state.reference, today: today)
    }

    static func draft(_ edit: (inout UpsertDraft) -> Void) -> UpsertDraft {
        var d = UpsertDraft()
        edit(&d)
        return d
    }

    static func date(_ y: Int, _ m: Int, _ d: Int) -> CalendarDate { CalendarDate(year: y, month: m, day: d)! }
}
