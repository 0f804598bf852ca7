import Foundation

/// A repeat rule's occurrences, on the business's wall clock: each keeps the first's LOCAL start
/// time and its duration, so a 09:00 class stays 09:00 across a DST change (its UTC time moves).
/// Daily adds `interval` days, Weekly 7 × `interval` days, Monthly `interval` months counted from
/// the FIRST occurrence's day and clamped to the month's last day (Jan 31 → Feb 28/29, Mar 31,
/// Apr 30, …: the 31st is not lost after a short month). A local time a spring-forward gap skips
/// moves forward by the gap; one a fall-back repeats takes its first instant (`Calendar.instant`).
public enum RepeatExpansion {
    public struct Occurrence: Sendable, Equatable {
        public var start: Date
        public var end: Date
        public init(start: Date, end: Date) { self.start = start; self.end = end }
    }

    /// The first occurrence (`start..<end` as given) followed by `rule.numberOfRepeats` repeats.
    public static func occurrences(start: Date, end: Date, rule: RepeatRule?, in zone: TimeZone) -> [Occurrence] {
        let first = Occurrence(start: start, end: end)
        guard let rule else { return [first] }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let date = CalendarDate(dayOf: start, in: zone)
        let parts = calendar.dateComponents([.hour, .minute], from: start)
        let minutes = parts.hour! * 60 + parts.minute!
        // Seconds and milliseconds past the minute (normally none), carried over unchanged; zone
        // offsets are whole minutes, so the UTC minute's remainder is the local one.
        let seconds = start.timeIntervalSince1970
        let remainder = seconds - (seconds / 60).rounded(.down) * 60
        let length = end.timeIntervalSince(start)
        var out = [first]
        for k in stride(from: 1, through: rule.numberOfRepeats, by: 1) {
            let day = localDate(from: date, step: k * rule.repeatingInterval, type: rule.repeatType)
            guard let local = calendar.instant(on: day, minutes: minutes) else { continue }
            let s = local.addingTimeInterval(remainder)
            out.append(Occurrence(start: s, end: s.addingTimeInterval(length)))
        }
        return out
    }

    /// The local date `step` units after `first`.
    static func localDate(from first: CalendarDate, step: Int, type: RepeatType) -> CalendarDate {
        switch type {
        case .daily: return first.adding(days: step)
        case .weekly: return first.adding(days: 7 * step)
        case .monthly:
            let months = first.year * 12 + (first.month - 1) + step
            let year = months / 12, month = months % 12 + 1
            return CalendarDate(year: year, month: month, day: min(first.day, CalendarDate.daysIn(month: month, year: year)))
                ?? first.adding(days: 31 * step)  // only past year 9999, which the series horizon refuses anyway
        }
    }
}
