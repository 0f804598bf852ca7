import Foundation

/// Phone numbers normalised to E.164, default region US (NANP).
///
/// Accepts the shapes integrators send — `(212) 555-0123`, `212.555.0123`, `+1 212 555 0123`,
/// `1-212-555-0123`, `011 44 20 7946 0958` — with an extension (`x123`, `ext. 123`, `#123`)
/// and surrounding junk (`tel:`, `Phone:`, trailing notes) removed. Letters between digits
/// (vanity numbers) are not guessed at.
public enum PhoneNumber {
    public static func normalize(_ raw: String) -> String? {
        // "(0)" is a trunk prefix dialled only inside the country (+44 (0)20 ...): never part of E.164.
        var text = Substring(raw.lowercased().replacingOccurrences(of: "(0)", with: ""))
        text = stripExtension(text)
        guard let first = text.firstIndex(where: { $0.isASCIIDigit || $0 == "+" }),
              let last = text.lastIndex(where: { $0.isASCIIDigit }) , first <= last else { return nil }
        let core = text[first...last]
        var digits = ""
        var plus = false
        for (i, ch) in core.enumerated() {
            if ch.isASCIIDigit { digits.append(ch) }
            else if ch == "+" && i == 0 { plus = true }
            else if ch.isLetter { return nil }
            else if !" .-()/\u{a0}".contains(ch) { return nil }
        }
        if plus { return international(digits) }
        if digits.hasPrefix("011") { return international(String(digits.dropFirst(3))) }
        if digits.count == 11, digits.hasPrefix("1") { digits.removeFirst() }
        guard digits.count == 10, isNANP(digits) else { return nil }
        return "+1" + digits
    }

    private static func international(_ digits: String) -> String? {
        guard (8...15).contains(digits.count), !digits.hasPrefix("0") else { return nil }
        if digits.hasPrefix("1") {
            let national = String(digits.dropFirst())
            guard national.count == 10, isNANP(national) else { return nil }
        }
        return "+" + digits
    }

    /// NANP: area code and exchange both start 2-9.
    private static func isNANP(_ ten: String) -> Bool {
        let bytes = Array(ten.utf8)
        return bytes[0] >= UInt8(ascii: "2") && bytes[3] >= UInt8(ascii: "2")
    }

    /// Cuts an extension marker followed by digits, and anything after it (`ext. 45 (desk)`).
    private static func stripExtension(_ text: Substring) -> Substring {
        for marker in [";ext=", "extension", "ext.", "ext", "x", "#"] {
            guard let range = text.range(of: marker, options: .backwards),
                  text[..<range.lowerBound].contains(where: { $0.isASCIIDigit }) else { continue }
            let tail = text[range.upperBound...].drop { $0 == " " || $0 == "." || $0 == ":" }
            if tail.first?.isASCIIDigit == true { return text[..<range.lowerBound] }
        }
        return text
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
