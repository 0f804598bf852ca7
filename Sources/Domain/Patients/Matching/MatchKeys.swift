import Foundation

/// One patient's fields as the probabilistic tier compares them, folded once: names, address and
/// city through `NameFolding` (Foundation's folding is the slow part of a comparison), the zip
/// cut to five digits, the e-mail lower-cased, the sex only when male or female. `PatientIndex`
/// keeps one per patient, derived from its `MatchableRecord` alone, so a probe compared with a few
/// hundred blocked candidates folds only its own fields. Comparing two keys gives exactly the
/// levels comparing the two records field by field would (`ProbabilisticMatcher.levels`).
struct MatchKeys: Sendable {
    var id: UUID
    var given: FoldedName?
    var family: FoldedName?
    /// Folded, and nil when nothing is left.
    var address: String?
    var city: String?
    var dateOfBirth: CalendarDate?
    var sex: Gender?
    var zip: String?
    var state: USState?
    var phones: [String]
    var email: String?

    init(_ r: MatchableRecord) {
        id = r.id
        given = FoldedName(r.firstName)
        family = FoldedName(r.lastName)
        address = Self.folded(r.address)
        city = Self.folded(r.city)
        dateOfBirth = r.dateOfBirth
        sex = r.gender == .male || r.gender == .female ? r.gender : nil
        zip = r.zip.map { String($0.prefix(5)) }
        state = r.state
        phones = r.phones
        // Most addresses are stored lower-case already: keep the stored string, not a second copy.
        email = r.email.map { e in let lower = e.lowercased(); return lower == e ? e : lower }
    }

    private static func folded(_ text: String?) -> String? {
        guard let f = text.map(NameFolding.fold), !f.isEmpty else { return nil }
        return f
    }
}

/// A name folded (`NameFolding.fold`, never empty), with the words `NameSimilarity.sameOrSubset`
/// compares kept only when there is more than the one word `text` (most names: no array).
struct FoldedName: Sendable, Equatable {
    var text: String
    private var words: [String]?

    init?(_ name: String?) {
        guard let text = name.map(NameFolding.fold), !text.isEmpty else { return nil }
        self.text = text
        let tokens = NameFolding.tokens(text)
        words = tokens == [text] ? nil : tokens
    }

    /// `NameSimilarity.sameOrSubset(text, other.text)`, without folding either again.
    func sameOrSubset(_ other: FoldedName) -> Bool {
        guard words != nil || other.words != nil else { return text == other.text }
        let ta = words ?? [text], tb = other.words ?? [other.text]
        guard !ta.isEmpty, !tb.isEmpty else { return false }
        if ta.joined() == tb.joined() { return true }
        let (short, long) = ta.count <= tb.count ? (ta, tb) : (tb, ta)
        return Set(short).isSubset(of: Set(long))
    }
}
