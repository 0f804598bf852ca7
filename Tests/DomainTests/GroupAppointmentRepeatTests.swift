import Foundation
import Testing
import Domain

@Suite("Group appointments: repeat expansion")
struct GroupAppointmentRepeatTests {
    static let chicago = TimeZone(identifier: "America/Chicago")!
    static let newYork = TimeZone(identifier: "America/New_York")!
    static let sydney = TimeZone(identifier: "Australia/Sydney")!

    static func starts(_ start: String, minutes: Int = 60, _ rule: RepeatRule, in zone: TimeZone) -> [String] {
        let s = Scheduling.at(start)
        let all = RepeatExpansion.occurrences(start: s, end: s.addingTimeInterval(Double(minutes) * 60), rule: rule, in: zone)
        for o in all { #expect(o.end.timeIntervalSince(o.start) == Double(minutes) * 60, "the duration is kept") }
        return all.map { RFC3339.format($0.start) }
    }

    /// Local wall-clock `yyyy-MM-dd HH:mm` of each start.
    static func local(_ starts: [String], in zone: TimeZone) -> [String] {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return starts.map { text in
            let p = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: Scheduling.at(text))
            return String(format: "%04d-%02d-%02d %02d:%02d", p.year!, p.month!, p.day!, p.hour!, p.minute!)
        }
    }

    @Test("No rule: the one occurrence as given")
    func noRule() {
        let s = Scheduling.at("2026-10-26T14:00:00.250Z")
        #expect(RepeatExpansion.occurrences(start: s, end: s.addingTimeInterval(60), rule: nil, in: Self.chicago)
            == [RepeatExpansion.Occurrence(start: s, end: s.addingTimeInterval(60))])
    }

    @Test("number_of_repeats does not count the first: 3 repeats make 4")
    func repeatsExcludeTheFirst() {
        #expect(Self.starts("2026-10-26T14:00:00Z", Group.rule(.daily, 3), in: Self.chicago).count == 4)
    }

    @Test("Daily every 2 days, across Chicago's fall-back (Nov 1): 09:00 local stays 09:00, UTC moves an hour")
    func dailyInterval() {
        let starts = Self.starts("2026-10-26T14:00:00Z", Group.rule(.daily, 3, every: 2), in: Self.chicago)
        #expect(starts == ["2026-10-26T14:00:00.000Z", "2026-10-28T14:00:00.000Z", "2026-10-30T14:00:00.000Z", "2026-11-01T15:00:00.000Z"])
        #expect(Self.local(starts, in: Self.chicago).allSatisfy { $0.hasSuffix(" 09:00") })
    }

    @Test("Weekly in New York across fall-back: 09:00 EDT then 09:00 EST")
    func weeklyNewYorkFallBack() {
        let starts = Self.starts("2026-10-26T13:00:00Z", Group.rule(.weekly, 2), in: Self.newYork)
        #expect(starts == ["2026-10-26T13:00:00.000Z", "2026-11-02T14:00:00.000Z", "2026-11-09T14:00:00.000Z"])
    }

    @Test("Weekly every 2 weeks in New York across spring-forward: 09:00 EST then 09:00 EDT")
    func weeklyNewYorkSpringForward() {
        let starts = Self.starts("2027-03-01T14:00:00Z", Group.rule(.weekly, 2, every: 2), in: Self.newYork)
        #expect(starts == ["2027-03-01T14:00:00.000Z", "2027-03-15T13:00:00.000Z", "2027-03-29T13:00:00.000Z"])
        #expect(Self.local(starts, in: Self.newYork) == ["2027-03-01 09:00", "2027-03-15 09:00", "2027-03-29 09:00"])
    }

    @Test("New York's spring-forward gap: 02:30 does not exist on Mar 14 and moves forward to 03:30")
    func newYorkGap() {
        let starts = Self.starts("2027-03-13T07:30:00Z", Group.rule(.daily, 2), in: Self.newYork)
        #expect(Self.local(starts, in: Self.newYork) == ["2027-03-13 02:30", "2027-03-14 03:30", "2027-03-15 02:30"])
        #expect(starts == ["2027-03-13T07:30:00.000Z", "2027-03-14T07:30:00.000Z", "2027-03-15T06:30:00.000Z"])
    }

    @Test("New York's fall-back: the repeated 01:30 takes its first (EDT) instant")
    func newYorkAmbiguous() {
        let starts = Self.starts("2026-10-31T05:30:00Z", Group.rule(.daily, 1), in: Self.newYork)
        #expect(starts == ["2026-10-31T05:30:00.000Z", "2026-11-01T05:30:00.000Z"])
    }

    @Test("Weekly in Sydney across its spring-forward (Oct 4): 09:00 AEST then 09:00 AEDT")
    func weeklySydney() {
        // Monday 2026-09-28 09:00 AEST (UTC+10) is 23:00Z the day before.
        let starts = Self.starts("2026-09-27T23:00:00Z", Group.rule(.weekly, 2), in: Self.sydney)
        #expect(starts == ["2026-09-27T23:00:00.000Z", "2026-10-04T22:00:00.000Z", "2026-10-11T22:00:00.000Z"])
        #expect(Self.local(starts, in: Self.sydney) == ["2026-09-28 09:00", "2026-10-05 09:00", "2026-10-12 09:00"])
    }

    @Test("Sydney across its fall-back (Apr 4 2027): 18:00 AEDT then 18:00 AEST")
    func dailySydneyFallBack() {
        let starts = Self.starts("2027-04-03T07:00:00Z", Group.rule(.daily, 1), in: Self.sydney)
        #expect(Self.local(starts, in: Self.sydney) == ["2027-04-03 18:00", "2027-04-04 18:00"])
        #expect(starts == ["2027-04-03T07:00:00.000Z", "2027-04-04T08:00:00.000Z"])
    }

    @Test("Sydney's gap (02:30 on Oct 4 2026) moves to 03:30; its repeated 02:30 (Apr 4 2027) takes the first")
    func sydneyGapAndAmbiguity() {
        let gap = Self.starts("2026-10-02T16:30:00Z", Group.rule(.daily, 2), in: Self.sydney)
        #expect(Self.local(gap, in: Self.sydney) == ["2026-10-03 02:30", "2026-10-04 03:30", "2026-10-05 02:30"])
        let repeated = Self.starts("2027-04-02T15:30:00Z", Group.rule(.daily, 1), in: Self.sydney)
        #expect(repeated == ["2027-04-02T15:30:00.000Z", "2027-04-03T15:30:00.000Z"])  // 02:30 AEDT (UTC+11), the first
    }

    @Test("Monthly from Jan 31 in a leap year: Feb 29, Mar 31, Apr 30, May 31 (counted from the first day)")
    func monthlyMonthEnds() {
        // 2028-01-31 10:00 CST = 16:00Z.
        let starts = Self.starts("2028-01-31T16:00:00Z", Group.rule(.monthly, 4), in: Self.chicago)
        #expect(Self.local(starts, in: Self.chicago) == ["2028-01-31 10:00", "2028-02-29 10:00", "2028-03-31 10:00", "2028-04-30 10:00", "2028-05-31 10:00"])
    }

    @Test("Monthly every 3 months from Nov 30: Feb 28 in a common year, then the 30th again")
    func monthlyInterval() {
        let starts = Self.starts("2026-11-30T16:00:00Z", Group.rule(.monthly, 3, every: 3), in: Self.chicago)
        #expect(Self.local(starts, in: Self.chicago) == ["2026-11-30 10:00", "2027-02-28 10:00", "2027-05-30 10:00", "2027-08-30 10:00"])
    }

    @Test("51 weekly repeats: 52 occurrences a week apart, all 09:00 local through both DST changes")
    func fiftyOneRepeats() {
        let starts = Self.starts("2026-10-26T14:00:00Z", Group.rule(.weekly, 51), in: Self.chicago)
        #expect(starts.count == 52)
        let local = Self.local(starts, in: Self.chicago)
        #expect(local.allSatisfy { $0.hasSuffix(" 09:00") })
        #expect(local.first == "2026-10-26 09:00" && local.last == "2027-10-18 09:00")
        let dates = local.map { CalendarDate(iso: String($0.prefix(10)))! }
        #expect(zip(dates, dates.dropFirst()).allSatisfy { $0.days(to: $1) == 7 })
    }

    @Test("Seconds past the minute are kept")
    func seconds() {
        let starts = Self.starts("2026-10-26T14:00:30.125Z", Group.rule(.daily, 1), in: Self.chicago)
        #expect(starts == ["2026-10-26T14:00:30.125Z", "2026-10-27T14:00:30.125Z"])
    }
}
