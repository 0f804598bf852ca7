import Foundation

/// A field the probabilistic tier compares, with the agreement levels it tells apart.
public enum MatchField: String, CaseIterable, Codable, CodingKeyRepresentable, Sendable {
    case givenName = "given_name", familyName = "family_name", dateOfBirth = "date_of_birth"
    case sex, address, city, zip, state, phone, email

    /// Levels from strongest agreement to disagreement; a value missing on either side has no
    /// level and weighs nothing.
    public var levels: [MatchLevel] {
        switch self {
        case .givenName, .familyName: return [.exact, .high, .low, .different]
        case .dateOfBirth: return [.exact, .dayMonthSwap, .transposedDigits, .yearOffByOne, .oneDigit, .different]
        case .address, .city: return [.exact, .high, .different]
        case .sex, .zip, .state, .phone, .email: return [.exact, .different]
        }
    }
}

/// How two values of a field compare.
public enum MatchLevel: String, CaseIterable, Codable, CodingKeyRepresentable, Sendable {
    /// Equal once folded (names: also a common nickname of each other).
    case exact
    /// Jaro-Winkler ≥ 0.92 (names) / 0.90 (address, city), or one name's words within the other's.
    case high
    /// Jaro-Winkler ≥ 0.80.
    case low
    case dayMonthSwap = "day_month_swap"
    /// Two neighbouring digits of YYYYMMDD swapped.
    case transposedDigits = "transposed_digits"
    /// Same day and month, the year one apart.
    case yearOffByOne = "year_off_by_one"
    /// One digit of YYYYMMDD different.
    case oneDigit = "one_digit"
    case different
}

/// m and u of one agreement level: how often a true pair (m) and a random pair (u) of patients
/// compare at that level.
public struct LevelProbabilities: Codable, Sendable, Equatable {
    public var m: Double
    public var u: Double
    public init(m: Double, u: Double) { self.m = m; self.u = u }
    /// log2(m / u): the evidence one level adds, in bits.
    public var weight: Double { log2(m / u) }
}

/// A version of the Fellegi–Sunter model: m/u per field and level, the prior that a blocked
/// candidate is the same person, and the two probability thresholds. Defaults for a new
/// organization (`MatchWeights.defaults`); `MatchWeightsAdopted` records an estimated version.
public struct MatchWeights: Codable, Sendable, Equatable {
    public var version: String
    /// P(same person) for a pair that blocking brought together, before comparing fields.
    public var prior: Double
    /// At or above: the upsert merges (`match_tier: probabilistic`).
    public var automaticThreshold: Double
    /// At or above (and below the automatic one): a possible duplicate for a person to review.
    public var reviewThreshold: Double
    public var fields: [MatchField: [MatchLevel: LevelProbabilities]]

    public init(version: String, prior: Double, automaticThreshold: Double, reviewThreshold: Double,
                fields: [MatchField: [MatchLevel: LevelProbabilities]]) {
        self.version = version; self.prior = prior; self.automaticThreshold = automaticThreshold
        self.reviewThreshold = reviewThreshold; self.fields = fields
    }

    enum CodingKeys: String, CodingKey {
        case version, prior, fields, automaticThreshold = "automatic_threshold", reviewThreshold = "review_threshold"
    }

    public func probabilities(_ field: MatchField, _ level: MatchLevel) -> LevelProbabilities {
        fields[field]?[level] ?? LevelProbabilities(m: 1, u: 1)
    }

    /// The thresholds (chosen on the public benchmarks, docs/matching.md) with these m/u.
    public func withFields(_ fields: [MatchField: [MatchLevel: LevelProbabilities]], prior: Double, version: String) -> MatchWeights {
        MatchWeights(version: version, prior: prior, automaticThreshold: automaticThreshold, reviewThreshold: reviewThreshold, fields: fields)
    }

    /// For an organization with no estimate of its own: m from published record-linkage studies
    /// of person records (typo rates of a few per cent per field), u from how often values
    /// collide among unrelated people (365 × ~80 birthdays, a few thousand given names, phones
    /// and e-mails almost never). Names' exact-agreement u is replaced per name by its frequency
    /// among the organization's patients (`ProbabilisticMatcher`).
    public static let defaults = MatchWeights(
        version: "default-1", prior: 0.01, automaticThreshold: 0.999_99, reviewThreshold: 0.5,
        fields: [
            .givenName: [.exact: .init(m: 0.85, u: 0.01), .high: .init(m: 0.08, u: 0.005),
                         .low: .init(m: 0.03, u: 0.03), .different: .init(m: 0.04, u: 0.955)],
            .familyName: [.exact: .init(m: 0.87, u: 0.005), .high: .init(m: 0.08, u: 0.004),
                          .low: .init(m: 0.02, u: 0.02), .different: .init(m: 0.03, u: 0.971)],
            .dateOfBirth: [.exact: .init(m: 0.88, u: 0.000_05), .dayMonthSwap: .init(m: 0.01, u: 0.000_05),
                           .transposedDigits: .init(m: 0.02, u: 0.000_2), .yearOffByOne: .init(m: 0.02, u: 0.000_5),
                           .oneDigit: .init(m: 0.04, u: 0.002), .different: .init(m: 0.03, u: 0.997_2)],
            .sex: [.exact: .init(m: 0.97, u: 0.5), .different: .init(m: 0.03, u: 0.5)],
            .address: [.exact: .init(m: 0.75, u: 0.000_5), .high: .init(m: 0.1, u: 0.001), .different: .init(m: 0.15, u: 0.998_5)],
            .city: [.exact: .init(m: 0.85, u: 0.02), .high: .init(m: 0.05, u: 0.005), .different: .init(m: 0.1, u: 0.975)],
            .zip: [.exact: .init(m: 0.85, u: 0.005), .different: .init(m: 0.15, u: 0.995)],
            .state: [.exact: .init(m: 0.95, u: 0.2), .different: .init(m: 0.05, u: 0.8)],
            .phone: [.exact: .init(m: 0.7, u: 0.000_1), .different: .init(m: 0.3, u: 0.999_9)],
            .email: [.exact: .init(m: 0.7, u: 0.000_1), .different: .init(m: 0.3, u: 0.999_9)],
        ])
}
