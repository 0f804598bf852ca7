/// American Soundex of a folded name: the first letter and three digits for the consonant
/// sounds that follow (`robert` and `rupert` → R163). Blocking keys only: two spellings of a
/// name usually share it, so a typo does not hide a candidate from the probabilistic tier.
public enum Soundex {
    public static func code(_ folded: String) -> String {
        let letters = Array(folded.unicodeScalars.filter { ("a"..."z").contains($0) })
        guard let first = letters.first else { return "" }
        var out = String(first).uppercased()
        var last = digit(first)
        for c in letters.dropFirst() {
            let d = digit(c)
            if let d, d != last { out.append(d) }
            // h and w do not separate equal codes; vowels do.
            if c != "h" && c != "w" { last = d }
            if out.count == 4 { break }
        }
        return out.padding(toLength: 4, withPad: "0", startingAt: 0)
    }

    private static func digit(_ c: Unicode.Scalar) -> Character? {
        switch c {
        case "b", "f", "p", "v": return "1"
        case "c", "g", "j", "k", "q", "s", "x", "z": return "2"
        case "d", "t": return "3"
        case "l": return "4"
        case "m", "n": return "5"
        case "r": return "6"
        default: return nil
        }
    }
}
