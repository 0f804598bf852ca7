import Foundation

/// Heim's spelling of ids: a kind's prefix and the UUID's 32 hex digits without hyphens
/// (`p_0193a1b2c3d47e5f8a9b0c1d2e3f4a5b`). The spelling is a reversible encoding of the one UUID
/// the thing has in every dialect (DESIGN.md, "Identity across dialects"), so nothing is stored to
/// translate it and a patient created through Solum is `p_…` here.
public enum HeimIds {
    /// The kinds of thing Heim names, by their prefix.
    public enum Kind: String, CaseIterable, Sendable {
        case patient = "p_"
        case task = "tsk_"
        case appointment = "apt_"
        case practitioner = "prc_"
        case location = "loc_"

        /// What an error message calls it ("appointment not found").
        public var name: String { String(describing: self) }
    }

    static let windowPrefix = "win_"
    /// Hex digits of a window's start in whole minutes since 1970-01-01T00:00Z: up to 2^40 minutes.
    static let minuteDigits = 10

    /// The id as Heim spells it: the kind's prefix and 32 lower-case hex digits.
    public static func string(_ id: UUID, _ kind: Kind) -> String {
        kind.rawValue + hex(id)
    }

    /// The UUID a Heim id of this kind spells; nil for anything else (another kind's prefix, a
    /// hyphenated or short UUID, a character that is not a hex digit). Hex digits of either case.
    public static func uuid(_ text: String, _ kind: Kind) -> UUID? {
        guard text.hasPrefix(kind.rawValue) else { return nil }
        return uuid(hex: text.utf8.dropFirst(kind.rawValue.utf8.count))
    }

    /// A window of a practitioner's availability: `win_`, the practitioner's 32 hex digits, then 10
    /// hex digits of the start in whole minutes since 1970-01-01T00:00Z. It is derived, not stored,
    /// so the same practitioner and start always give the same id and booking it needs no lookup.
    /// Windows start on whole minutes: seconds of `start` are dropped. `start` is from 1970 on
    /// (availability never offers the past).
    public static func window(practitioner: UUID, start: Date) -> String {
        let minutes = (start.timeIntervalSince1970 / 60).rounded(.down)
        precondition(minutes >= 0 && minutes < 0x100_0000_0000, "a window starts between 1970 and 2^40 minutes later")
        let digits = String(UInt64(minutes), radix: 16)
        return windowPrefix + hex(practitioner) + String(repeating: "0", count: minuteDigits - digits.count) + digits
    }

    /// The practitioner and start a window id names; nil when it is not one.
    public static func parseWindow(_ text: String) -> (practitioner: UUID, start: Date)? {
        guard text.hasPrefix(windowPrefix) else { return nil }
        let digits = text.utf8.dropFirst(windowPrefix.utf8.count)
        guard digits.count == 32 + minuteDigits,
              let practitioner = uuid(hex: digits.prefix(32)),
              digits.suffix(minuteDigits).allSatisfy(isHexDigit),
              let minutes = UInt64(String(decoding: digits.suffix(minuteDigits), as: UTF8.self), radix: 16) else { return nil }
        return (practitioner, Date(timeIntervalSince1970: Double(minutes) * 60))
    }

    /// The 32 lower-case hex digits, straight from the bytes: an availability answer spells
    /// thousands of ids, and string replacement was most of its cost.
    private static func hex(_ id: UUID) -> String {
        let digits = Array("0123456789abcdef".utf8)
        return withUnsafeBytes(of: id.uuid) { bytes in
            String(unsafeUninitializedCapacity: 32) { out in
                for (i, byte) in bytes.enumerated() {
                    out[2 * i] = digits[Int(byte >> 4)]
                    out[2 * i + 1] = digits[Int(byte & 0x0f)]
                }
                return 32
            }
        }
    }

    /// Exactly 32 hex digits → the UUID. Checked digit by digit first: `UUID(uuidString:)` only
    /// sees them once the hyphens are put back.
    private static func uuid(hex digits: some Collection<UInt8>) -> UUID? {
        guard digits.count == 32, digits.allSatisfy(isHexDigit) else { return nil }
        var text = String(decoding: digits, as: UTF8.self)
        for offset in [8, 13, 18, 23] { text.insert("-", at: text.index(text.startIndex, offsetBy: offset)) }
        return UUID(uuidString: text)
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "f"), UInt8(ascii: "A")...UInt8(ascii: "F"): true
        default: false
        }
    }
}
