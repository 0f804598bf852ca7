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
        // The probe folded once; each candidate's keys were folded when the index took it.
        let keys = MatchKeys(record)
        let scale = EvidenceScale(weights, probe: keys, index: index)
        var scored: [(id: UUID, probability: Double, evidence: [FieldEvidence])] = []
        for candidate in index.candidateKeys(blocking: keys) {
            let evidence = scale.evidence(levels(keys, candidate))
            let p = probability(evidence, weights: weights)
            if p >= weights.reviewThreshold { scored.append((candidate.id, p, evidence)) }
        }
        // Ties by id (in uuidString order), so the answer does not depend on dictionary order.
        guard let best = scored.max(by: { $0.probability < $1.probability || ($0.probability == $1.probability && $1.id.sortsBefore($0.id)) }) else {
            return nil
        }
        // Two patients at the automatic threshold: the probe cannot tell them apart, so a
        // person decides (the best is suggested), never a silent pick.
        let rivals = scored.filter { $0.probability >= weights.automaticThreshold }.count
        let automatic = best.probability >= weights.automaticThreshold && rivals == 1 && identityAgrees(best.evidence)
        return ProbableMatch(patientId: best.id, probability: best.probability, weightsVersion: weights.version,
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
        let probe = MatchKeys(a)
        return EvidenceScale(weights, probe: probe, index: index).evidence(levels(probe, MatchKeys(b)))
    }

    /// The agreement level of every field both records carry.
    public static func levels(_ a: MatchableRecord, _ b: MatchableRecord) -> [(MatchField, MatchLevel)] {
        levels(MatchKeys(a), MatchKeys(b))
    }

    static func levels(_ a: MatchKeys, _ b: MatchKeys) -> [(MatchField, MatchLevel)] {
        var out: [(MatchField, MatchLevel)] = []
        out.reserveCapacity(MatchField.allCases.count)
        func add(_ field: MatchField, _ level: MatchLevel?) { if let level { out.append((field, level)) } }
        add(.givenName, nameLevel(a.given, b.given, given: true))
        add(.familyName, nameLevel(a.family, b.family, given: false))
        if let x = a.dateOfBirth, let y = b.dateOfBirth { add(.dateOfBirth, dateLevel(x, y)) }
        if let x = a.sex, let y = b.sex { add(.sex, x == y ? .exact : .different) }
        add(.address, textLevel(a.address, b.address))
        add(.city, textLevel(a.city, b.city))
        if let x = a.zip, let y = b.zip { add(.zip, x == y ? .exact : .different) }
        if let x = a.state, let y = b.state { add(.state, x == y ? .exact : .different) }
        if !a.phones.isEmpty, !b.phones.isEmpty { add(.phone, a.phones.contains(where: b.phones.contains) ? .exact : .different) }
        if let x = a.email, let y = b.email { add(.email, x == y ? .exact : .different) }
        return out
    }

    /// Names folded and not empty on both sides.
    static func nameLevel(_ a: FoldedName?, _ b: FoldedName?, given: Bool) -> MatchLevel? {
        guard let a, let b else { return nil }
        if a.text == b.text || (given && NameSimilarity.nicknameEquivalent(a.text, b.text)) { return .exact }
        if a.sameOrSubset(b) { return .high }
        let jw = JaroWinkler.similarity(a.text, b.text)
        return jw >= 0.92 ? .high : jw >= 0.80 ? .low : .different
    }

    /// Folded and not empty on both sides.
    static func textLevel(_ a: String?, _ b: String?) -> MatchLevel? {
        guard let a, let b else { return nil }
        if a == b { return .exact }
        return JaroWinkler.similarity(a, b) >= 0.90 ? .high : .different
    }

    static func dateLevel(_ a: CalendarDate, _ b: CalendarDate) -> MatchLevel {
        if a == b { return .exact }
        if a.year == b.year, a.month == b.day, a.day == b.month { return .dayMonthSwap }
        let x = digits(a), y = digits(b)
        let diffs = (0..<8).filter { x[$0] != y[$0] }
        if diffs.count == 2, diffs[1] == diffs[0] + 1, x[diffs[0]] == y[diffs[1]], x[diffs[1]] == y[diffs[0]] { return .transposedDigits }
        if a.month == b.month, a.day == b.day, abs(a.year - b.year) == 1 { return .yearOffByOne }
        if diffs.count == 1 { return .oneDigit }
        return .different
    }

    /// The eight digits of YYYYMMDD (a `CalendarDate`'s year is 1...9999), without formatting text.
    private static func digits(_ d: CalendarDate) -> [Int] {
        [d.year / 1000, d.year / 100 % 10, d.year / 10 % 10, d.year % 10, d.month / 10, d.month % 10, d.day / 10, d.day % 10]
    }
}

/// The weight of every field's levels for one probe, looked up once per probe rather than once
/// per candidate; exact name agreement weighs by how common the probe's name is.
struct EvidenceScale {
    private static let levelCount = MatchLevel.allCases.count
    /// log2(m / u), at `field.ordinal * levelCount + level.ordinal`.
    private var weights: [Double]

    init(_ model: MatchWeights, probe: MatchKeys, index: PatientIndex) {
        weights = MatchField.allCases.flatMap { field in
            MatchLevel.allCases.map { level in
                var p = model.probabilities(field, level)
                if level == .exact, let u = Self.termFrequency(field, probe, index: index, weights: model) { p.u = u }
                return p.weight
            }
        }
    }

    func evidence(_ levels: [(MatchField, MatchLevel)]) -> [FieldEvidence] {
        levels.map { field, level in FieldEvidence(field: field, level: level, weight: weights[field.ordinal * Self.levelCount + level.ordinal]) }
    }

    /// u of an exact name agreement: the name's share of the organization's patients, smoothed
    /// toward the default u so a small organization's counts do not swing it.
    static func termFrequency(_ field: MatchField, _ probe: MatchKeys, index: PatientIndex, weights: MatchWeights) -> Double? {
        let pseudo = 1_000.0, base = weights.probabilities(field, .exact).u
        switch field {
        case .givenName:
            guard let name = probe.given?.text else { return nil }
            return (Double(index.count(givenName: name)) + pseudo * base) / (Double(index.namedCount) + pseudo)
        case .familyName:
            guard let name = probe.family?.text else { return nil }
            return (Double(index.count(familyName: name)) + pseudo * base) / (Double(index.namedCount) + pseudo)
        default:
            return nil
        }
    }
}

private extension MatchField {
    /// Position in `allCases`, without hashing the raw value.
    var ordinal: Int {
        switch self {
        case .givenName: 0
        case .familyName: 1
        case .dateOfBirth: 2
        case .sex: 3
        case .address: 4
        case .city: 5
        case .zip: 6
        case .state: 7
        case .phone: 8
        case .email: 9
        }
    }
}

private extension MatchLevel {
    /// Position in `allCases`.
    var ordinal: Int {
        switch self {
        case .exact: 0
        case .high: 1
        case .low: 2
        case .dayMonthSwap: 3
        case .transposedDigits: 4
        case .yearOffByOne: 5
        case .oneDigit: 6
        case .different: 7
        }
    }
}
