import Domain
import Foundation

extension JSONValue {
    /// A time as Cliniko writes it: UTC, whole seconds (`2026-12-07T15:00:00Z`). Clients written
    /// against Cliniko compare and parse that spelling; the milliseconds other dialects show are
    /// cut, not rounded, so a rendered time is never later than the stored one.
    static func clinikoTime(_ d: Date?) -> JSONValue {
        guard let d else { return .null }
        let text = RFC3339.format(d)
        guard text.hasSuffix("Z"), let dot = text.lastIndex(of: ".") else { return .string(text) }
        return .string(String(text[..<dot]) + "Z")
    }
}
