import Foundation

/// The forgiving upsert's date reader. Integrators send dates in whatever shape their source
/// system prints, so this accepts the seed's list — `YYYY-MM-DD`, `YYYYMMDD`, `MM/DD/YYYY`,
/// `MM-DD-YYYY`, `MM/DD/YY` — plus one-digit months and days in the US forms (`3/7/1984`),
/// because spreadsheets drop the leading zeros. Day-first forms are never guessed: `04/05/1990`
/// is always April 5, the US reading every one of Solum's integrators uses.
public enum DateOfBirthParser {
    /// How a two-digit year is given its century.
    public enum Century: Sendable, Equatable {
        /// The latest year whose date is not after `today` (a birth date cannot be in the future):
        /// with today 2025-06-15, `06/15/25` is 2025 but `06/16/25` is 1925.
        case latestNotAfter(CalendarDate)
        /// The year closest to `today`'s year (within 50 either way): referral start and end dates
        /// are near the present, often in the future, so "not in the future" would put them a
        /// century back.
        case nearest(CalendarDate)
    }

    /// A date of birth: any accepted shape, a real calendar day, between 1900-01-01 and `today`.
    /// nil when the text is none of that (the caller drops the field).
    public static func parseBirthDate(_ raw: String, today: CalendarDate) -> CalendarDate? {
        guard let date = parse(raw, century: .latestNotAfter(today)),
              date >= CalendarDate.earliestBirthDate, date <= today else { return nil }
        return date
    }

    /// Any real calendar day in an accepted shape, without range bounds.
    public static func parse(_ raw: String, century: Century) -> CalendarDate? {
        let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        let bytes = Array(text.utf8)
        // YYYYMMDD: exactly eight digits.
        if bytes.count == 8, let y = Int(digits: bytes[0..<4]), let m = Int(digits: bytes[4..<6]), let d = Int(digits: bytes[6..<8]) {
            return CalendarDate(year: y, month: m, day: d)
        }
        for separator in [UInt8(ascii: "-"), UInt8(ascii: "/")] {
            let parts = bytes.split(separator: separator, omittingEmptySubsequences: false)
            guard parts.count == 3, let a = Int(digits: parts[0]), let b = Int(digits: parts[1]), let c = Int(digits: parts[2])
            else { continue }
            // Year first: YYYY-MM-DD (and YYYY/MM/DD, which no one means any other way).
            if parts[0].count == 4, (1...2).contains(parts[1].count), (1...2).contains(parts[2].count) {
                return CalendarDate(year: a, month: b, day: c)
            }
            // Month first: MM/DD/YYYY, MM-DD-YYYY, MM/DD/YY (and MM-DD-YY).
            guard (1...2).contains(parts[0].count), (1...2).contains(parts[1].count) else { return nil }
            switch parts[2].count {
            case 4: return CalendarDate(year: c, month: a, day: b)
            case 2: return twoDigitYear(c, month: a, day: b, century: century)
            default: return nil
            }
        }
        return nil
    }

    private static func twoDigitYear(_ yy: Int, month: Int, day: Int, century: Century) -> CalendarDate? {
        switch century {
        case .latestNotAfter(let today):
            // 20yy when that day exists and has happened, else 19yy. When 20yy is Feb 29 of a
            // non-leap year, 19yy is not a leap year either (2000 is the only century year in
            // range and it is a leap year), so nothing valid is lost by falling through.
            if let recent = CalendarDate(year: 2000 + yy, month: month, day: day), recent <= today { return recent }
            return CalendarDate(year: 1900 + yy, month: month, day: day)
        case .nearest(let today):
            let base = today.year - today.year % 100
            let candidates = [base - 100 + yy, base + yy, base + 100 + yy]
            let year = candidates.min { abs($0 - today.year) < abs($1 - today.year) }!
            return CalendarDate(year: year, month: month, day: day)
        }
    }
}
