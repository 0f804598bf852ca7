import Foundation

/// `--scale`: the same bench at growing sizes, and how its time and memory grow (issue 12:
/// linear or better, and where not).
struct ScaleStep {
    var size: Int
    /// The timed phase.
    var seconds: Double
    var operations: Int
    var p99: Double
    var peakRSSMiB: Double

    var rate: Double { Double(operations) / max(seconds, 1e-9) }
}

enum ScaleTable {
    /// Runs `step` at each size of `sizes` (default 10k, 100k, 1M), smallest first, each with its
    /// own peak RSS, then prints the table.
    static func run(sizes text: String?, sizeName: String, timeLabel: String, unit: String,
                    _ step: (Int) async throws -> ScaleStep) async throws {
        var steps: [ScaleStep] = []
        for size in try sizes(text ?? "10000,100000,1000000") {
            BenchHarness.resetPeakRSS()
            steps.append(try await step(size))
        }
        print(steps, sizeName: sizeName, timeLabel: timeLabel, unit: unit)
    }

    /// "10000,100000" → [10000, 100000]; sizes must grow.
    static func sizes(_ text: String) throws -> [Int] {
        let sizes = text.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard sizes.count >= 2, sizes.allSatisfy({ $0 > 0 }), zip(sizes, sizes.dropFirst()).allSatisfy({ $0 < $1 }) else {
            throw CLIError("--scale-sizes takes two or more growing counts, e.g. 10000,100000,1000000")
        }
        return sizes
    }

    /// Growth per 10× of the size: (b / a) ^ (1 / log10(sizeB / sizeA)). Linear is 10 for a
    /// quantity that should grow with the size (time), 1 for one that should not (latency).
    static func per10x(_ a: Double, _ b: Double, from sa: Int, to sb: Int) -> Double {
        guard a > 0, b > 0 else { return .nan }
        return pow(b / a, 1 / log10(Double(sb) / Double(sa)))
    }

    /// `sizeName`: what the size counts ("patients", "existing patients"); `timeLabel`: what the
    /// time measures. A step is worse than linear when its time grows more than 10% past 10× per 10×
    /// of the size (the rate falls), or its peak memory does.
    static func print(_ steps: [ScaleStep], sizeName: String, timeLabel: String, unit: String) {
        Swift.print("scale (\(timeLabel); peak RSS is each step's own):")
        Swift.print(columns([sizeName, "time s", "\(unit)/s", "p99 ms", "peak RSS MiB", "time per 10×", "RSS per 10×"]))
        var worse: [String] = []
        for (i, step) in steps.enumerated() {
            var timeGrowth = "", rssGrowth = ""
            if i > 0 {
                let prev = steps[i - 1]
                let t = per10x(prev.seconds, step.seconds, from: prev.size, to: step.size)
                let m = per10x(prev.peakRSSMiB, step.peakRSSMiB, from: prev.size, to: step.size)
                timeGrowth = String(format: "%.1f×", t)
                rssGrowth = String(format: "%.1f×", m)
                // Time that must grow with the size (writes) is linear at 10×; for a fixed number of
                // operations over a growing base (upsert) linear in the base is also 10×, and flat is 1×.
                if t > 11 { worse.append("time from \(prev.size) to \(step.size) (\(timeGrowth) per 10×)") }
                if m > 11 { worse.append("memory from \(prev.size) to \(step.size) (\(rssGrowth) per 10×)") }
            }
            Swift.print(columns([String(step.size), String(format: "%.2f", step.seconds), Figure.count(step.rate),
                                 String(format: "%.1f", step.p99 * 1000), String(format: "%.0f", step.peakRSSMiB), timeGrowth, rssGrowth]))
        }
        Swift.print(worse.isEmpty ? "linear or better at every step (time and peak memory grow at most ~10× per 10× of \(sizeName))"
                    : "worse than linear: " + worse.joined(separator: "; "))
    }

    /// Right-aligned columns, the first 18 wide, the others 14.
    private static func columns(_ cells: [String]) -> String {
        cells.enumerated().map { i, cell in String(repeating: " ", count: max(0, (i == 0 ? 18 : 14) - cell.count)) + cell }.joined()
    }
}
