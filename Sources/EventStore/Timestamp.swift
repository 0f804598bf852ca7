import Domain
import Foundation

/// RFC 3339 timestamps in UTC with millisecond precision, as `ce_time` and the API render them
/// (Domain's `RFC3339`, the one formatter).
public enum Timestamp {
    public static func format(_ date: Date) -> String { RFC3339.format(date) }
    public static func parse(_ text: String) -> Date? { RFC3339.parse(text) }
    public static func now() -> Date { RFC3339.now() }
}
