import Foundation

/// Identifiers: RFC 9562 version 7 UUIDs: 48-bit Unix milliseconds then random bits, so ids sort by time.
public enum UUIDv7 {
    public static func make(at date: Date = Date()) -> UUID {
        let millis = UInt64(max(0, date.timeIntervalSince1970 * 1000))
        var bytes = UUID().uuid  // random (v4) bytes; the time prefix and version/variant bits are overwritten
        bytes.0 = UInt8(truncatingIfNeeded: millis >> 40)
        bytes.1 = UInt8(truncatingIfNeeded: millis >> 32)
        bytes.2 = UInt8(truncatingIfNeeded: millis >> 24)
        bytes.3 = UInt8(truncatingIfNeeded: millis >> 16)
        bytes.4 = UInt8(truncatingIfNeeded: millis >> 8)
        bytes.5 = UInt8(truncatingIfNeeded: millis)
        bytes.6 = (bytes.6 & 0x0F) | 0x70
        bytes.8 = (bytes.8 & 0x3F) | 0x80
        return UUID(uuid: bytes)
    }
}

extension UUID {
    /// The canonical lower-case text form used on the wire and in PostgreSQL.
    public var lowercased: String { uuidString.lowercased() }

    /// Whether this id comes before `other` in `uuidString` order — the order of their bytes —
    /// without making the strings (sorting hundreds of ids by text is slow).
    public func sortsBefore(_ other: UUID) -> Bool {
        withUnsafeBytes(of: uuid) { a in withUnsafeBytes(of: other.uuid) { b in a.lexicographicallyPrecedes(b) } }
    }
}
