import Foundation
import Testing
import Domain

/// The probabilistic tier compares names, addresses and cities folded once per patient (kept in
/// `PatientIndex`), Jaro-Winkler over ASCII bytes, and dates as digits. These tests hold that to
/// the comparison as first written — fold both sides, compare Unicode scalars, format dates —
/// on spellings that stress folding: accents, hyphens, apostrophes, spaces, ligatures,
/// full-width letters, scripts without case, and empty or punctuation-only fields.
@Suite("Probabilistic tier: folded-once comparison keys")
struct FoldedComparisonTests {
    static let names = ["José", "jose", "JOSE", "Jo-sé", "O'Brien", "OBrien", "o brien", "O’Brien", "Mary Ann", "Maryann", "Mary-Ann",
                        "mary  ann ", "Ann Mary", "Zoë", "Zoe", "Łukasz", "Lukasz", "Nguyễn", "Nguyen", "Müller", "Mueller", "Straße",
                        "Strasse", "ﬁona", "Ｆｉｏｎａ", "Fiona", "李", "李小龍", "Dmitri", "Dmitrii", "Bob", "Robert", "Rob", "Robert Jr.",
                        "St. John", "St John", "Garcia-Lopez", "Garcia", "Katherine", "Katharine", "Kat", "", " ", "---", "'", "Ørsted"]

    @Test("names, addresses and cities: the same level as folding both sides on every comparison")
    func textLevels() {
        for a in Self.names {
            for b in Self.names {
                let x = record(1, first: a, last: a, address: a, city: a), y = record(2, first: b, last: b, address: b, city: b)
                let levels = Dictionary(ProbabilisticMatcher.levels(x, y), uniquingKeysWith: { first, _ in first })
                #expect(levels[.givenName] == Reference.nameLevel(a, b, given: true), "given \(a) / \(b)")
                #expect(levels[.familyName] == Reference.nameLevel(a, b, given: false), "family \(a) / \(b)")
                #expect(levels[.address] == Reference.textLevel(a, b), "address \(a) / \(b)")
                #expect(levels[.city] == Reference.textLevel(a, b), "city \(a) / \(b)")
            }
        }
    }

    @Test("Jaro-Winkler: bytes for ASCII give exactly the scalar computation")
    func jaroWinkler() {
        let words = Self.names.map(NameFolding.fold) + ["martha", "marhta", "dwayne", "duane", "dixon", "dicksonx", "a", "ab", "ba", "abc"]
        for a in words {
            for b in words { #expect(JaroWinkler.similarity(a, b) == Reference.jaroWinkler(a, b), "\(a) / \(b)") }
        }
    }

    @Test("dates of birth: the same level as comparing YYYYMMDD text")
    func dateLevels() {
        let d = MatchFixture.date
        let dates = [d(1984, 3, 12), d(1984, 12, 3), d(1948, 3, 12), d(1985, 3, 12), d(1984, 3, 17), d(1984, 3, 21), d(1894, 3, 12),
                     d(2001, 1, 1), d(2001, 1, 10), d(2001, 10, 1), d(1, 1, 1), d(9999, 12, 31), d(1999, 9, 9), d(2000, 9, 9)]
        for a in dates {
            for b in dates {
                let level = ProbabilisticMatcher.levels(record(1, dob: a), record(2, dob: b)).first { $0.0 == .dateOfBirth }?.1
                #expect(level == Reference.dateLevel(a, b), "\(a) / \(b)")
            }
        }
    }

    @Test("the index's keys follow a patient's changes: a renamed patient is found by the new name only, and weighed by it")
    func indexFollowsChanges() {
        let dob = MatchFixture.date(1990, 5, 6)
        var index = MatchFixture.index([record(1, first: "Ann", last: "Oyelaran", dob: dob), record(2, first: "Bea", last: "Smith")])
        index.put(record(1, first: "Ann", last: "Kowalczyk", dob: dob))
        let probe = MatchProbe(firstName: "Anne", lastName: "Kowalczyk", dateOfBirth: MatchFixture.date(1990, 5, 7))
        let found = ProbabilisticMatcher.match(probe, index: index, weights: .defaults)
        #expect(found?.patientId == MatchFixture.pid(1))
        #expect(found?.evidence.first { $0.field == .familyName }?.level == .exact)
        // Evidence through the index equals comparing the two records directly.
        let direct = ProbabilisticMatcher.compare(record(0, first: "Anne", last: "Kowalczyk", dob: MatchFixture.date(1990, 5, 7)),
                                                  record(1, first: "Ann", last: "Kowalczyk", dob: dob), index: index, weights: .defaults)
        #expect(found?.evidence == direct)
        #expect(index.candidates(blocking: record(9, first: "Ann", last: "Oyelaran")).isEmpty)
        #expect(index.count(familyName: "oyelaran") == 0 && index.count(familyName: "kowalczyk") == 1)
    }

    private func record(_ n: Int, first: String? = "Maria", last: String? = "Garcia", dob: CalendarDate? = nil,
                        address: String? = nil, city: String? = nil) -> MatchableRecord {
        MatchableRecord(id: MatchFixture.pid(n), firstName: first, lastName: last, dateOfBirth: dob, phones: [], email: nil,
                        address: address, city: city)
    }
}

/// The comparisons as first written (before the keys were folded once), kept here as the oracle.
private enum Reference {
    static func nameLevel(_ a: String, _ b: String, given: Bool) -> MatchLevel? {
        let a = NameFolding.fold(a), b = NameFolding.fold(b)
        guard !a.isEmpty, !b.isEmpty else { return nil }
        if a == b || (given && nickname(a, b)) { return .exact }
        if NameSimilarity.sameOrSubset(a, b) { return .high }
        let jw = jaroWinkler(a, b)
        return jw >= 0.92 ? .high : jw >= 0.80 ? .low : .different
    }

    static func textLevel(_ a: String, _ b: String) -> MatchLevel? {
        let a = NameFolding.fold(a), b = NameFolding.fold(b)
        guard !a.isEmpty, !b.isEmpty else { return nil }
        if a == b { return .exact }
        return jaroWinkler(a, b) >= 0.90 ? .high : .different
    }

    static func nickname(_ a: String, _ b: String) -> Bool {
        guard let fa = a.split(separator: " ").first, let fb = b.split(separator: " ").first else { return false }
        return Nicknames.equivalent(String(fa), String(fb))
    }

    static func dateLevel(_ a: CalendarDate, _ b: CalendarDate) -> MatchLevel {
        if a == b { return .exact }
        if a.year == b.year, a.month == b.day, a.day == b.month { return .dayMonthSwap }
        let text = { (d: CalendarDate) in Array(String(format: "%04d%02d%02d", d.year, d.month, d.day)) }
        let x = text(a), y = text(b)
        let diffs = (0..<8).filter { x[$0] != y[$0] }
        if diffs.count == 2, diffs[1] == diffs[0] + 1, x[diffs[0]] == y[diffs[1]], x[diffs[1]] == y[diffs[0]] { return .transposedDigits }
        if a.month == b.month, a.day == b.day, abs(a.year - b.year) == 1 { return .yearOffByOne }
        if diffs.count == 1 { return .oneDigit }
        return .different
    }

    static func jaroWinkler(_ a: String, _ b: String) -> Double {
        let s = Array(a.unicodeScalars), t = Array(b.unicodeScalars)
        if s.isEmpty && t.isEmpty { return 1 }
        if s.isEmpty || t.isEmpty { return 0 }
        let window = max(0, max(s.count, t.count) / 2 - 1)
        var sMatched = [Bool](repeating: false, count: s.count)
        var tMatched = [Bool](repeating: false, count: t.count)
        var matches = 0
        for i in 0..<s.count {
            let lo = max(0, i - window), hi = min(t.count - 1, i + window)
            guard lo <= hi else { continue }
            for j in lo...hi where !tMatched[j] && s[i] == t[j] {
                sMatched[i] = true
                tMatched[j] = true
                matches += 1
                break
            }
        }
        guard matches > 0 else { return 0 }
        var transpositions = 0
        var j = 0
        for i in 0..<s.count where sMatched[i] {
            while !tMatched[j] { j += 1 }
            if s[i] != t[j] { transpositions += 1 }
            j += 1
        }
        let m = Double(matches)
        let jaro = (m / Double(s.count) + m / Double(t.count) + (m - Double(transpositions) / 2) / m) / 3
        var prefix = 0
        while prefix < min(4, s.count, t.count) && s[prefix] == t[prefix] { prefix += 1 }
        return jaro + Double(prefix) * 0.1 * (1 - jaro)
    }
}
