/// Percentiles of recorded latencies (nearest-rank).
struct LatencyStats {
    private(set) var samples: [Double] = []

    mutating func record(_ seconds: Double) { samples.append(seconds) }
    mutating func merge(_ other: LatencyStats) { samples += other.samples }

    func percentile(_ p: Double) -> Double {
        guard !samples.isEmpty else { return 0 }
        let sorted = samples.sorted()
        let rank = Int((p / 100 * Double(sorted.count)).rounded(.up)) - 1
        return sorted[max(0, min(sorted.count - 1, rank))]
    }
}
