import Foundation

/// Estimates an organization's own m/u from its patients, offline (`clinicledger matching
/// estimate`), the way Splink does: u from random pairs of patients (nearly all different
/// people, so how often their values collide by chance), then m and the prior by
/// expectation-maximisation over the pairs blocking brings together, u held fixed. Pure and
/// deterministic for a seed.
public enum MatchWeightsEstimation {
    /// - Parameters:
    ///   - start: m and prior to start from (and thresholds kept as they are).
    ///   - randomPairs: pairs drawn for u.
    ///   - maxBlockedPairs: blocked pairs used for m (the first ones, patients in id order).
    public static func estimate(index: PatientIndex, start: MatchWeights = .defaults, version: String, seed: UInt64 = 1,
                                randomPairs: Int = 200_000, maxBlockedPairs: Int = 500_000,
                                maxIterations: Int = 50) -> MatchWeightsAdopted {
        let records = index.records.values.sorted { $0.id.uuidString < $1.id.uuidString }
        var fields = start.fields
        if records.count >= 2 {
            for (field, levels) in uFromRandomPairs(records, pairs: randomPairs, seed: seed) {
                for (level, u) in levels { fields[field, default: [:]][level] = LevelProbabilities(m: start.probabilities(field, level).m, u: u) }
            }
        }
        // In a fixed order, so the floating-point sums (and the estimate) repeat exactly.
        let patterns = blockedPatterns(records, index: index, limit: maxBlockedPairs)
            .map { (key: $0.key.map { "\($0.key.rawValue)=\($0.value.rawValue)" }.sorted().joined(separator: ","), pattern: $0.key, count: $0.value) }
            .sorted { $0.key < $1.key }.map { ($0.pattern, $0.count) }
        let pairs = patterns.reduce(0) { $0 + $1.1 }
        var weights = start.withFields(fields, prior: start.prior, version: version)
        var iterations = 0
        while iterations < maxIterations, pairs > 0 {
            iterations += 1
            let next = maximise(patterns, weights)
            let moved = MatchField.allCases.flatMap { f in
                f.levels.map { abs(next.probabilities(f, $0).m - weights.probabilities(f, $0).m) }
            }.max() ?? 0
            weights = next
            if moved < 1e-4 { break }
        }
        return MatchWeightsAdopted(weights: weights, pairs: pairs, iterations: iterations)
    }

    /// A pair's comparison: the level of each field present on both sides.
    typealias Pattern = [MatchField: MatchLevel]

    /// u per field and level: how often random pairs compare at each level (add-one smoothed).
    static func uFromRandomPairs(_ records: [MatchableRecord], pairs: Int, seed: UInt64) -> [MatchField: [MatchLevel: Double]] {
        var rng = SplitMix64(seed: seed)
        var counts: [MatchField: [MatchLevel: Double]] = [:]
        for _ in 0..<pairs {
            let i = Int(rng.next() % UInt64(records.count)), j = Int(rng.next() % UInt64(records.count))
            guard i != j else { continue }
            for (f, l) in ProbabilisticMatcher.levels(records[i], records[j]) { counts[f, default: [:]][l, default: 0] += 1 }
        }
        var out: [MatchField: [MatchLevel: Double]] = [:]
        for f in MatchField.allCases {
            let c = counts[f] ?? [:]
            let total = c.values.reduce(0, +) + Double(f.levels.count)
            guard total > Double(f.levels.count) else { continue }  // never present on both sides: keep the start's u
            out[f] = Dictionary(uniqueKeysWithValues: f.levels.map { ($0, ((c[$0] ?? 0) + 1) / total) })
        }
        return out
    }

    /// Distinct comparison patterns of blocked pairs (each unordered pair once) and their counts.
    static func blockedPatterns(_ records: [MatchableRecord], index: PatientIndex, limit: Int) -> [Pattern: Int] {
        var patterns: [Pattern: Int] = [:]
        var seen = 0
        outer: for r in records {
            for c in index.candidates(blocking: r) where r.id.uuidString < c.id.uuidString {
                let p = Pattern(ProbabilisticMatcher.levels(r, c), uniquingKeysWith: { a, _ in a })
                patterns[p, default: 0] += 1
                seen += 1
                if seen >= limit { break outer }
            }
        }
        return patterns
    }

    /// One EM step: posteriors under `w`, then m and the prior from them (u fixed).
    static func maximise(_ patterns: [(Pattern, Int)], _ w: MatchWeights) -> MatchWeights {
        let logPrior = log(w.prior), logNot = log(1 - w.prior)
        var matchMass = 0.0, total = 0.0
        var levelMass: [MatchField: [MatchLevel: Double]] = [:]
        for (pattern, count) in patterns {
            var a = logPrior, b = logNot
            for f in MatchField.allCases {
                guard let l = pattern[f] else { continue }
                let p = w.probabilities(f, l)
                a += log(p.m); b += log(p.u)
            }
            let g = 1 / (1 + exp(b - a))
            let n = Double(count)
            matchMass += g * n; total += n
            for f in MatchField.allCases { if let l = pattern[f] { levelMass[f, default: [:]][l, default: 0] += g * n } }
        }
        var fields = w.fields
        for f in MatchField.allCases {
            let mass = levelMass[f] ?? [:]
            let sum = f.levels.reduce(0) { $0 + (mass[$1] ?? 0) }
            // A field the matched pairs never carry keeps its m.
            guard sum > 0 else { continue }
            let smoothing = 0.5
            for l in f.levels {
                let m = ((mass[l] ?? 0) + smoothing) / (sum + smoothing * Double(f.levels.count))
                fields[f, default: [:]][l] = LevelProbabilities(m: m, u: w.probabilities(f, l).u)
            }
        }
        let prior = min(max(matchMass / max(total, 1), 1e-6), 0.5)
        return w.withFields(fields, prior: prior, version: w.version)
    }
}
