import Domain
import EventStore
import Foundation

enum APIFormat {
    /// RFC 3339, UTC, milliseconds: the form every timestamp in the API takes.
    static func timestamp(_ date: Date) -> String { RFC3339.format(date) }
}
