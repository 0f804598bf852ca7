import Foundation

/// ICD-10-CM diagnosis codes: a letter, two characters, then up to four more after an optional dot.
/// Normalised to upper case with the dot after the third character (`m545` → `M54.5`).
public enum ICD10 {
    public static func normalize(_ raw: String) -> String? {
        let compact = raw.trimmingCharacters(in: .whitespaces).uppercased().replacingOccurrences(of: ".", with: "")
        let chars = Array(compact)
        guard (3...7).contains(chars.count), chars.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }),
              chars[0].isLetter, chars[1].isNumber else { return nil }
        return chars.count == 3 ? compact : String(chars[0..<3]) + "." + String(chars[3...])
    }
}
