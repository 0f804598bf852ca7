import Foundation

/// Names reduced to what identifies a person, so spelling conventions do not decide a match:
/// case and accents dropped (`José` = `jose`), apostrophes and dots removed (`O'Brien` =
/// `OBrien`, `St. John` = `St John`), hyphens, commas and other punctuation as word breaks
/// (`Garcia-Lopez` = `Garcia Lopez`).
public enum NameFolding {
    /// The folded words of a name, in order.
    public static func tokens(_ name: String) -> [String] {
        let folded = name.folding(options: [.diacriticInsensitive, .caseInsensitive, .widthInsensitive], locale: nil)
            .lowercased()
        var words: [String] = []
        var current = ""
        for ch in folded {
            if ch == "'" || ch == "\u{2019}" || ch == "`" || ch == "." { continue }
            if ch.isLetter || ch.isNumber {
                current.append(ch)
            } else if !current.isEmpty {
                words.append(current)
                current = ""
            }
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    /// The folded name as one string, words separated by single spaces.
    public static func fold(_ name: String) -> String { tokens(name).joined(separator: " ") }
}
