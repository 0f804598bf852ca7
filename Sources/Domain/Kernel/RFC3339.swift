import Foundation

/// RFC 3339 timestamps in UTC with millisecond precision — the one spelling of a time in events,
/// headers and every API. Rounded to the nearest millisecond by hand: a time that went through
/// JSON as a Double and back must print exactly as it did before (a formatter that truncates turns
/// x.659 stored as x.65899999 into x.658).
public enum RFC3339 {
    public static func format(_ date: Date) -> String {
        let millis = (date.timeIntervalSince1970 * 1000).rounded()
        let seconds = Date(timeIntervalSince1970: (millis / 1000).rounded(.down))
        let whole = seconds.formatted(.iso8601.year().month().day().time(includingFractionalSeconds: false).timeZone(separator: .omitted))
        let fraction = Int(millis - seconds.timeIntervalSince1970 * 1000)
        return "\(whole.dropLast())." + String(repeating: "0", count: fraction < 10 ? 2 : fraction < 100 ? 1 : 0) + "\(fraction)Z"
    }

    /// Rounded to the millisecond, built as `now()` builds it, so a time read back equals the time written.
    public static func parse(_ text: String) -> Date? {
        guard let d = (try? Date(text, strategy: .iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted)))
            ?? (try? Date(text, strategy: .iso8601)) else { return nil }
        return Date(timeIntervalSince1970: (d.timeIntervalSince1970 * 1000).rounded() / 1000)
    }

    /// Now, in whole milliseconds: what decisions stamp on events, so every rendering of it agrees.
    public static func now() -> Date {
        Date(timeIntervalSince1970: (Date().timeIntervalSince1970 * 1000).rounded(.down) / 1000)
    }
}

extension RFC3339 {
    /// A time field of a Codable payload, in the one spelling; refuses anything else, naming the key.
    public static func decode<K: CodingKey>(_ c: KeyedDecodingContainer<K>, _ key: K) throws -> Date {
        let text = try c.decode(String.self, forKey: key)
        guard let date = parse(text) else {
            throw DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription: "not an RFC 3339 timestamp")
        }
        return date
    }

    public static func decodeIfPresent<K: CodingKey>(_ c: KeyedDecodingContainer<K>, _ key: K) throws -> Date? {
        guard try c.decodeNil(forKey: key) == false else { return nil }
        return try decode(c, key)
    }
}
