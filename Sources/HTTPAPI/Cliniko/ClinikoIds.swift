import Foundation

/// Cliniko's spelling of ids: a positive int64 sent as a decimal string. A UUIDv7 does not fit in
/// 63 bits, so the number is a fold of it — the XOR of its two big-endian 8-byte halves, top bit
/// cleared — computed, never stored, and the same as the SQL function `cliniko_id(uuid)`
/// (migration 0006), through which every lookup compares numbers. Two things of one organization
/// may fold to the same number (odds ≈ n²/2^63, docs/ids.md): a lookup that finds two answers 409.
public enum ClinikoIds {
    /// The number Cliniko calls the thing with this UUID.
    public static func number(_ uuid: UUID) -> Int64 {
        let b = uuid.uuid
        let high = [b.0, b.1, b.2, b.3, b.4, b.5, b.6, b.7].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        let low = [b.8, b.9, b.10, b.11, b.12, b.13, b.14, b.15].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        return Int64(bitPattern: (high ^ low) & 0x7FFF_FFFF_FFFF_FFFF)
    }

    /// The id as Cliniko's clients see it: the number in decimal.
    public static func text(_ uuid: UUID) -> String { String(number(uuid)) }

    /// The number a Cliniko id spells: 1 to 19 ASCII digits, no sign, space or other character,
    /// from 1 to Int64.max. Nil for anything else (a path's 404, a body's 422, a filter's 400).
    public static func parse(_ text: String) -> Int64? {
        let digits = text.utf8
        guard (1...19).contains(digits.count), digits.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
              let number = Int64(text), number >= 1 else { return nil }
        return number
    }
}
