import Foundation

/// RFC 3339 timestamps in UTC with millisecond precision — the one spelling of a time in events,
/// headers and every API. Rounded to the nearest millisecond by hand: a time that went through
/// JSON as a Double and back must print exactly as it did before (a formatter that truncates turns
/// x.659 stored as x.65899999 into x.658).
public enum RFC3339 {
    public static func format(_ date: Date) -> String {
        let millis = (date.timeIntervalSince1970 * 1000).rounded()
        // Civil date by arithmetic (H. Hinnant's days-to-civil): answers render thousands of times;
        // Foundation's formatter stays for years it does not cover.
        if abs(millis) < 250_000_000_000_000 {
            let total = Int64(millis)
            let secs = total >= 0 ? total / 1000 : (total - 999) / 1000
            let fraction = Int(total - secs * 1000)
            let days = secs >= 0 ? secs / 86_400 : (secs - 86_399) / 86_400
            let second = Int(secs - days * 86_400)
            let z = days + 719_468
            let era = (z >= 0 ? z : z - 146_096) / 146_097
            let doe = z - era * 146_097
            let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
            let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
            let mp = (5 * doy + 2) / 153
            let day = Int(doy - (153 * mp + 2) / 5 + 1)
            let month = Int(mp < 10 ? mp + 3 : mp - 9)
            let year = Int(yoe + era * 400) + (month <= 2 ? 1 : 0)
            if (1...9999).contains(year) {
                var out = [UInt8]()
                out.reserveCapacity(24)
                func put(_ n: Int, _ width: Int) {
                    var divisor = 1
                    for _ in 1..<width { divisor *= 10 }
                    var n = n
                    while divisor > 0 { out.append(UInt8(ascii: "0") + UInt8(n / divisor)); n %= divisor; divisor /= 10 }
                }
                put(year, 4); out.append(UInt8(ascii: "-")); put(month, 2); out.append(UInt8(ascii: "-")); put(day, 2)
                out.append(UInt8(ascii: "T")); put(second / 3600, 2); out.append(UInt8(ascii: ":")); put(second / 60 % 60, 2)
                out.append(UInt8(ascii: ":")); put(second % 60, 2); out.append(UInt8(ascii: ".")); put(fraction, 3); out.append(UInt8(ascii: "Z"))
                return String(decoding: out, as: UTF8.self)
            }
        }
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
    /// How payload and reply coders write a `Date`: this spelling, so a payload type needs no
    /// hand-written Codable for its times.
    public static var encodingStrategy: JSONEncoder.DateEncodingStrategy {
        .custom { date, encoder in
            var c = encoder.singleValueContainer()
            try c.encode(format(date))
        }
    }

    /// And read one back, refusing anything else.
    public static var decodingStrategy: JSONDecoder.DateDecodingStrategy {
        .custom { decoder in
            let text = try decoder.singleValueContainer().decode(String.self)
            guard let date = parse(text) else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not an RFC 3339 time: \(text)"))
            }
            return date
        }
    }
}
