/// How alike two people's names are, for the fuzzy match tiers (phone or e-mail + name).
///
/// `similarity` is seed 001's measure: Jaro-Winkler over the folded full names, the best of the
/// names as given, first/last swapped, and with a nickname replaced by the formal name it
/// shares with the other side. It is necessary but not enough: a full name is dominated by the
/// surname a family shares, so `John Smith` and `Jane Smith` (one household, one phone) score
/// 0.88. `fuzzyMatch` therefore also requires, in the same orientation, that the given names
/// are plausibly one name (equal, one containing the other's words, a common nickname, or a
/// single typo that is not a gendered variant such as Eric/Erica or Mario/Maria) and that the
/// family names are alike on their own. A typo in a short given name is only forgiven when the
/// birth date confirms the candidate (see `singleTypo`).
public enum NameSimilarity {
    public static let threshold = 0.85

    /// Seed 001's name similarity (0...1).
    public static func similarity(first a: String, last b: String, first c: String, last d: String) -> Double {
        let pa = NameFolding.fold(a), pb = NameFolding.fold(b), cc = NameFolding.fold(c), cd = NameFolding.fold(d)
        return max(oriented(pa, pb, cc, cd), oriented(pb, pa, cc, cd))
    }

    /// Whether two people's names are alike enough for a fuzzy tier. `birthConfirmed`: both
    /// sides carry the same date of birth, which makes a slip in a short given name believable.
    public static func fuzzyMatch(first a: String, last b: String, first c: String, last d: String,
                                  birthConfirmed: Bool = false) -> Bool {
        let pa = NameFolding.fold(a), pb = NameFolding.fold(b), cc = NameFolding.fold(c), cd = NameFolding.fold(d)
        guard !pa.isEmpty, !pb.isEmpty, !cc.isEmpty, !cd.isEmpty else { return false }
        return [(pa, pb), (pb, pa)].contains { first, last in
            oriented(first, last, cc, cd) >= threshold
                && givenNamesCompatible(first, cc, birthConfirmed: birthConfirmed) && familyNamesCompatible(last, cd)
        }
    }

    /// Jaro-Winkler of "first last" against "first last", the probe's given name replaced by the
    /// candidate's when they are nickname-equivalent.
    static func oriented(_ first: String, _ last: String, _ candFirst: String, _ candLast: String) -> Double {
        let given = nicknameEquivalent(first, candFirst) ? candFirst : first
        return JaroWinkler.similarity(given + " " + last, candFirst + " " + candLast)
    }

    /// Folded names equal, or equal once spaces are ignored (`Mary Ann` = `Maryann`), or every
    /// word of the shorter one appears in the longer (`Mary` ⊂ `Mary Ann`, `Garcia` ⊂ `Garcia Lopez`).
    public static func sameOrSubset(_ a: String, _ b: String) -> Bool {
        let ta = NameFolding.tokens(a), tb = NameFolding.tokens(b)
        guard !ta.isEmpty, !tb.isEmpty else { return false }
        if ta.joined() == tb.joined() { return true }
        let (short, long) = ta.count <= tb.count ? (ta, tb) : (tb, ta)
        return Set(short).isSubset(of: Set(long))
    }

    /// Folded names exactly equal (spaces ignored).
    public static func same(_ a: String, _ b: String) -> Bool {
        let fa = NameFolding.tokens(a).joined(), fb = NameFolding.tokens(b).joined()
        return !fa.isEmpty && fa == fb
    }

    static func nicknameEquivalent(_ a: String, _ b: String) -> Bool {
        guard let fa = a.split(separator: " ").first, let fb = b.split(separator: " ").first else { return false }
        return Nicknames.equivalent(String(fa), String(fb))
    }

    /// Given names (folded) that can be one person's.
    static func givenNamesCompatible(_ a: String, _ b: String, birthConfirmed: Bool) -> Bool {
        if sameOrSubset(a, b) || nicknameEquivalent(a, b) { return true }
        let a = a.replacingOccurrences(of: " ", with: ""), b = b.replacingOccurrences(of: " ", with: "")
        if birthConfirmed { return singleTypo(a, b, shortest: 4) }
        // Without a confirming birth date the candidate may be a relative on the household phone
        // with a near-identical name (Alexandra/Alejandra, Mario/Marco): only slips that make no
        // other name are forgiven — neighbours swapped, or a letter doubled.
        let s = Array(a.unicodeScalars), t = Array(b.unicodeScalars)
        switch singleEdit(s, t) {
        case .transposition(let i)?: return min(s.count, t.count) >= 4 && !changesEnding(s, t, at: i)
        case .insertion(let i)?:
            let long = s.count > t.count ? s : t
            return min(s.count, t.count) >= 4 && i > 0 && long[i] == long[i - 1]
        default: return false
        }
    }

    /// Family names (folded) alike on their own: equal, word subset (hyphenated names), Jaro-Winkler
    /// at the threshold, or one slip (Jaro-Winkler misses a swap in names of three letters: Liu/Lui).
    /// A family shares its surname, so leniency here cannot merge relatives; the given-name rule
    /// does that work.
    static func familyNamesCompatible(_ a: String, _ b: String) -> Bool {
        if sameOrSubset(a, b) || JaroWinkler.similarity(a, b) >= threshold { return true }
        let s = Array(a.unicodeScalars), t = Array(b.unicodeScalars)
        switch singleEdit(s, t) {
        case .transposition?: return min(s.count, t.count) >= 3
        case .substitution?, .insertion?: return min(s.count, t.count) >= 4
        case nil: return false
        }
    }

    /// One keyboard slip between two given names, of a kind that rarely turns one real name into
    /// another: a swap of neighbours, or one letter added, lost or changed, in names of at least
    /// `shortest` letters (a swap: one fewer) — short names are one letter from other real names
    /// (Jon/Jan, Ella/Emma), so the longer the name the safer the guess. Never one vowel for
    /// another, and at the last letter only a consonant for a consonant or a doubled letter:
    /// the end of a name is where it changes gender or language (Eric/Erica, Julia/Julian,
    /// Carlo/Carlos, Patrick/Patrice, Mario/Maria), and vowels are where variants differ
    /// (Francis/Frances, Jean/Joan).
    static func singleTypo(_ a: String, _ b: String, shortest: Int) -> Bool {
        let s = Array(a.unicodeScalars), t = Array(b.unicodeScalars)
        guard s != t else { return true }
        let shorter = min(s.count, t.count), last = max(s.count, t.count) - 1
        switch singleEdit(s, t) {
        case .transposition(let i)?:
            return shorter >= shortest - 1 && !changesEnding(s, t, at: i)
        case .substitution(let i)?:
            guard shorter >= shortest, !(isVowel(s[i]) && isVowel(t[i])) else { return false }
            return i != last || !(isVowel(s[i]) || isVowel(t[i]))
        case .insertion(let i)?:
            guard shorter >= shortest else { return false }
            let long = s.count > t.count ? s : t
            // At the end only a doubled letter is a slip; an added vowel, n or s makes another name.
            return i != last || long[i] == long[i - 1]
        case nil:
            return false
        }
    }

    /// A swap of the last two letters that moves a vowel into or out of the end (Christian/Christina).
    static func changesEnding(_ s: [Unicode.Scalar], _ t: [Unicode.Scalar], at i: Int) -> Bool {
        i + 1 == s.count - 1 && (isVowel(s[i + 1]) || isVowel(t[i + 1]))
    }

    /// The one edit that turns one string into the other (positions in the longer one).
    enum Edit: Equatable { case transposition(Int), substitution(Int), insertion(Int) }

    static func singleEdit(_ s: [Unicode.Scalar], _ t: [Unicode.Scalar]) -> Edit? {
        if s.count == t.count {
            let diffs = (0..<s.count).filter { s[$0] != t[$0] }
            if diffs.count == 1 { return .substitution(diffs[0]) }
            if diffs.count == 2, diffs[1] == diffs[0] + 1, s[diffs[0]] == t[diffs[1]], s[diffs[1]] == t[diffs[0]] {
                return .transposition(diffs[0])
            }
            return nil
        }
        guard abs(s.count - t.count) == 1 else { return nil }
        let (long, short) = s.count > t.count ? (s, t) : (t, s)
        // The extra letter of the longer string: the first position where they part.
        let i = (0..<short.count).first { long[$0] != short[$0] } ?? short.count
        return Array(long[..<i]) + Array(long[(i + 1)...]) == short ? .insertion(i) : nil
    }

    private static func isVowel(_ c: Unicode.Scalar) -> Bool { "aeiou".unicodeScalars.contains(c) }
}
