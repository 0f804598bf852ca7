import Foundation

/// One field's part of a probabilistic score: the level it compared at and the bits it added.
public struct FieldEvidence: Codable, Sendable, Equatable {
    public var field: MatchField
    public var level: MatchLevel
    /// log2(m / u) in bits, after the term-frequency adjustment for names.
    public var weight: Double

    public init(field: MatchField, level: MatchLevel, weight: Double) { self.field = field; self.level = level; self.weight = weight }

    /// As the History and match-suggestion show it.
    public var json: JSONValue {
        .object([("field", .string(field.rawValue)), ("level", .string(level.rawValue)), ("weight", .double(weight))])
    }
}

/// The probabilistic tier's best candidate for a probe.
public struct ProbableMatch: Sendable, Equatable {
    public var patientId: UUID
    public var probability: Double
    public var weightsVersion: String
    /// Whether the upsert merges (probability at the automatic threshold, and the identity
    /// guard passed); otherwise the pair is a possible duplicate for review.
    public var automatic: Bool
    /// Field by field, in `MatchField` order; fields missing on either side are left out.
    public var evidence: [FieldEvidence]

    public init(patientId: UUID, probability: Double, weightsVersion: String, automatic: Bool, evidence: [FieldEvidence]) {
        self.patientId = patientId; self.probability = probability; self.weightsVersion = weightsVersion
        self.automatic = automatic; self.evidence = evidence
    }
}

/// Tier 5 (issue 13): Fellegi–Sunter record linkage. Blocking (`PatientIndex.candidates(blocking:)`)
/// brings a bounded set of candidates; each is compared field by field at agreement levels
/// (`MatchField.levels`); the levels' log2(m/u) weights add up with the prior's log-odds into a
/// match probability. Names agreeing exactly weigh by how rare the name is among the
/// organization's patients. Pure: no I/O, deterministic.
public enum ProbabilisticMatcher {
    /// The best-scoring candidate at or above the review threshold, or nil.
    public static func match(_ probe: MatchProbe, index: PatientIndex, weights: MatchWeights) -> ProbableMatch? {
        let record = MatchableRecord(id: UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)), firstName: probe.firstName,
                                     lastName: probe.lastName, dateOfBirth: probe.dateOfBirth, phones: probe.phones, email: probe.email,
                                     gender: probe.gender, address: probe.address, city: probe.city, state: probe.state, zip: probe.zip)
        var scored: [(record: MatchableRecord, probability: Double, evidence: [FieldEvidence])] = []
        for candidate in index.candidates(blocking: record) {
            let evidence = compare(record, candidate, index: index, weights: weights)
            let p = probability(evidence, weights: weights)
            if p >= weights.reviewThreshold { scored.append((candidate, p, evidence)) }
        }
        // Ties by id, so the answer does not depend on dictionary order.
        guard let best = scored.max(by: { ($0.probability, $1.record.id.uuidString) < ($1.probability, $0.record.id.uuidString) }) else {
            return nil
        }
        // Two patients at the automatic threshold: the probe cannot tell them apart, so a
        // person decides (the best is suggested), never a silent pick.
        let rivals = scored.filter { $0.probability >= weights.automaticThreshold }.count
        let automatic = best.probability >= weights.automaticThreshold && rivals == 1 && identityAgrees(best.evidence)
        return ProbableMatch(patientId: best.record.id, probability: best.probability, weightsVersion: weights.version,
                             automatic: automatic, evidence: best.evidence)
    }

    /// The identity guard (docs/matching.md, measured on the generated set's households and
    /// namesakes): a household shares phone, e-mail, address and surname, so those can outweigh a
    /// different given name or birth date in the sum; and a namesake born the same day is told
    /// apart only by contacts. An automatic merge therefore needs the given name to agree at least
    /// closely (exact or high; exact when a birth date is missing), the birth date not to disagree outright, and — as seed tier 2's
    /// contact rule — no phone or e-mail disagreeing unless another agrees. Otherwise: review.
    static func identityAgrees(_ evidence: [FieldEvidence]) -> Bool {
        let level = { (f: MatchField) in evidence.first { $0.field == f }?.level }
        if let given = level(.givenName), given == .low || given == .different { return false }
        if level(.dateOfBirth) == .different { return false }
        // Without a birth date on both sides a look-alike given name on the household phone is as
        // likely a relative (Alexandra / Alejandra): only an exact given name merges by itself.
        if level(.dateOfBirth) == nil, level(.givenName) != .exact { return false }
        let contacts = [level(.phone), level(.email)].compactMap { $0 }
        return !(contacts.contains(.different) && !contacts.contains(.exact))
    }

    /// P(same person) from the prior's log-odds plus the evidence's bits.
    public static func probability(_ evidence: [FieldEvidence], weights: MatchWeights) -> Double {
        let bits = log2(weights.prior / (1 - weights.prior)) + evidence.reduce(0) { $0 + $1.weight }
        return 1 / (1 + exp2(-bits))
    }

    /// Each field present on both sides, at its level, with its weight.
    public static func compare(_ a: MatchableRecord, _ b: MatchableRecord, index: PatientIndex, weights: MatchWeights) -> [FieldEvidence] {
        levels(a, b).map { field, level in
            var p = weights.probabilities(field, level)
            if level == .exact, let u = termFrequency(field, a, index: index, weights: weights) { p.u = u }
            return FieldEvidence(field: field, level: level, weight: p.weight)
        }
    }

    /// The agreement level of every field both records carry.
    public static func levels(_ a: MatchableRecord, _ b: MatchableRecord) -> [(MatchField, MatchLevel)] {
        var out: [(MatchField, MatchLevel)] = []
        func add(_ field: MatchField, _ level: MatchLevel?) { if let level { out.append((field, level)) } }
        add(.givenName, nameLevel(a.firstName, b.firstName, given: true))
        add(.familyName, nameLevel(a.lastName, b.lastName, given: false))
        if let x = a.dateOfBirth, let y = b.dateOfBirth { add(.dateOfBirth, dateLevel(x, y)) }
        if let x = known(a.gender), let y = known(b.gender) { add(.sex, x == y ? .exact : .different) }
        add(.address, textLevel(a.address, b.address))
        add(.city, textLevel(a.city, b.city))
        if let x = a.zip?.prefix(5), let y = b.zip?.prefix(5) { add(.zip, x == y ? .exact : .different) }
        if let x = a.state, let y = b.state { add(.state, x == y ? .exact : .different) }
        if !a.phones.isEmpty, !b.phones.isEmpty { add(.phone, Set(a.phones).isDisjoint(with: b.phones) ? .different : .exact) }
        if let x = a.email?.lowercased(), let y = b.email?.lowercased() { add(.email, x == y ? .exact : .different) }
        return out
    }

    /// u of an exact name agreement: the name's share of the organization's patients, smoothed
    /// toward the default u so a small organization's counts do not swing it.
    static func termFrequency(_ field: MatchField, _ probe: MatchableRecord, index: PatientIndex, weights: MatchWeights) -> Double? {
        let pseudo = 1_000.0, base = weights.probabilities(field, .exact).u
        switch field {
        case .givenName:
            guard let name = probe.firstName.map(NameFolding.fold) else { return nil }
            return (Double(index.count(givenName: name)) + pseudo * base) / (Double(index.namedCount) + pseudo)
        case .familyName:
            guard let name = probe.lastName.map(NameFolding.fold) else { return nil }
            return (Double(index.count(familyName: name)) + pseudo * base) / (Double(index.namedCount) + pseudo)
        default:
            return nil
        }
    }

    static func nameLevel(_ a: String?, _ b: String?, given: Bool) -> MatchLevel? {
        guard let a = a.map(NameFolding.fold), let b = b.map(NameFolding.fold), !a.isEmpty, !b.isEmpty else { return nil }
        if a == b || (given && NameSimilarity.nicknameEquivalent(a, b)) { return .exact }
        if NameSimilarity.sameOrSubset(a, b) { return .high }
        let jw = JaroWinkler.similarity(a, b)
        return jw >= 0.92 ? .high : jw >= 0.80 ? .low : .different
    }

    static func textLevel(_ a: String?, _ b: String?) -> MatchLevel? {
        guard let a = a.map(NameFolding.fold), let b = b.map(NameFolding.fold), !a.isEmpty, !b.isEmpty else { return nil }
        if a == b { return .exact }
        return JaroWinkler.similarity(a, b) >= 0.90 ? .high : .different
    }

    static func dateLevel(_ a: CalendarDate, _ b: CalendarDate) -> MatchLevel {
        if a == b { return .exact }
        if a.year == b.year, a.month == b.day, a.day == b.month { return .dayMonthSwap }
        let x = Array(digits(a)), y = Array(digits(b))
        let diffs = (0..<8).filter { x[$0] != y[$0] }
        if diffs.count == 2, diffs[1] == diffs[0] + 1, x[diffs[0]] == y[diffs[1]], x[diffs[1]] == y[diffs[0]] { return .transposedDigits }
        if a.month == b.month, a.day == b.day, abs(a.year - b.year) == 1 { return .yearOffByOne }
        if diffs.count == 1 { return .oneDigit }
        return .different
    }

    private static func digits(_ d: CalendarDate) -> String {
        String(format: "%04d%02d%02d", d.year, d.month, d.day)
    }

    private static func known(_ g: Gender?) -> Gender? { g == .male || g == .female ? g : nil }
}
