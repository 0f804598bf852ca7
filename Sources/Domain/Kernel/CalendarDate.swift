import Foundation

/// A calendar date without time or zone (date of birth, referral and coverage dates).
/// Stored and encoded as ISO 8601 `YYYY-MM-DD`.
public struct CalendarDate: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// Returns nil unless the triple names a real day of the proleptic Gregorian calendar.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month), day >= 1,
              day <= CalendarDate.daysIn(month: month, year: year) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Strict ISO form `YYYY-MM-DD`, as the batch endpoint requires.
    public init?(iso text: String) {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
              let y = Int(digits: bytes[0..<4]), let m = Int(digits: bytes[5..<7]), let d = Int(digits: bytes[8..<10])
        else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// The UTC calendar day of an instant.
    public init(utcDayOf date: Date) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        self.year = parts.year!
        self.month = parts.month!
        self.day = parts.day!
    }

    public var description: String {
        // Digit by digit: String(format:) goes through vfprintf, costly in lists of thousands.
        func pad(_ n: Int, _ width: Int) -> String {
            let s = String(n)
            return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    public static func < (lhs: CalendarDate, rhs: CalendarDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    public static let earliestBirthDate = CalendarDate(year: 1900, month: 1, day: 1)!

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = CalendarDate(iso: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a YYYY-MM-DD date"))
        }
        self = value
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

extension Int {
    /// Parses ASCII decimal digits only (no sign, no spaces).
    init?<C: Collection>(digits: C) where C.Element == UInt8 {
        guard !digits.isEmpty else { return nil }
        var value = 0
        for byte in digits {
            guard byte >= 48, byte <= 57 else { return nil }
            value = value * 10 + Int(byte - 48)
        }
        self = value
    }
}

extension CalendarDate {
    /// The local calendar day of an instant in a zone.
    public init(dayOf date: Date, in zone: TimeZone) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        self.init(year: parts.year!, month: parts.month!, day: parts.day!)!
    }

    /// The day of the week (proleptic Gregorian; a date's weekday does not depend on a zone).
    public var weekday: Weekday {
        // Sakamoto's method: 0 = Sunday.
        let t = [0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4]
        let y = month < 3 ? year - 1 : year
        let d = (y + y / 4 - y / 100 + y / 400 + t[month - 1] + day) % 7
        return Weekday(number: d + 1)!
    }

    public func adding(days: Int) -> CalendarDate {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let date = calendar.date(from: DateComponents(year: year, month: month, day: day + days))!
        return CalendarDate(utcDayOf: date)
    }

    /// Days from `self` to `other` (negative when `other` is earlier).
    public func days(to other: CalendarDate) -> Int {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let a = calendar.date(from: DateComponents(year: year, month: month, day: day))!
        let b = calendar.date(from: DateComponents(year: other.year, month: other.month, day: other.day))!
        return Int((b.timeIntervalSince(a) / 86_400).rounded())
    }
}

extension Calendar {
    /// The instant `minutes` after midnight of `date` on this calendar's clock (24:00 is the next
    /// day's midnight). Across DST, as clocks do: a time a spring-forward gap skips moves forward by
    /// the gap (02:30 → 03:30), and a time a fall-back repeats is its first (earlier) instant.
    func instant(on date: CalendarDate, minutes: Int) -> Date? {
        var parts = DateComponents(year: date.year, month: date.month, day: date.day, hour: minutes / 60, minute: minutes % 60)
        if minutes == 24 * 60 { parts.hour = 0; parts.day = date.day + 1 }
        return self.date(from: parts)
    }
}
