import ArgumentParser
import Domain
import EventStore
import Foundation
import ReadModels

struct BenchUpsert: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "upsert",
        abstract: "Upserts through POST /v1/patients/upsert over an organization that already has N patients.",
        discussion: """
            Loads --existing patients with the batch API first (not timed), then sends --upserts requests from \
            --concurrency clients: --match-percent of them are existing people sent again in another spelling \
            (case, DOB format, phone format) with one changed field, the rest are new people. Prints upserts/s, \
            latency p50/p99/max, how fast the live projections kept up and peak RSS, each beside its raw limit measured \
            in the same run (a bare librdkafka transactional producer sending what the writers committed, a PostgreSQL \
            COPY of the rows the projector wrote), and how many matched and were created. --scale runs over 10k, 100k \
            and 1M existing patients (or --scale-sizes), the upserts fixed, and prints how time and memory grow.
            """)

    @Option(help: "Patients present before the timed run.") var existing = 100_000
    @Option(help: "Upserts in the timed run.") var upserts = 20_000
    @Option(help: "Concurrent HTTP clients.") var concurrency = 8
    @Option(help: "Share of upserts that are existing people (0-100).") var matchPercent = 50
    @Option(help: "Partitions of the events topic.") var partitions: Int32 = 4
    @Flag(help: "Run over 10k, 100k and 1M existing patients (no raw limits) and print how time and memory grow.") var scale = false
    @Option(help: "Existing-patient counts for --scale, comma-separated (implies --scale).") var scaleSizes: String?

    func run() async throws {
        guard (0...100).contains(matchPercent) else { throw CLIError("--match-percent must be 0-100") }
        guard scale || scaleSizes != nil else {
            _ = try await measure(existing: existing, limits: true)
            return
        }
        try await ScaleTable.run(sizes: scaleSizes, sizeName: "existing", timeLabel: "time of \(upserts) upserts over the existing patients",
                                 unit: "upserts") { try await measure(existing: $0, limits: false) }
    }

    /// Upsert n: an existing person (chance --match-percent) or a new one; drawn from n alone, so
    /// bodies are made as they are sent and the matches counted without making them.
    private static func pick(_ n: Int, existing: Int, matchPercent: Int) -> (isMatch: Bool, person: Int) {
        var rng = MatchingRandom(seed: 42 &+ UInt64(n) &* 0x9E37_79B9_7F4A_7C15)
        let isMatch = existing > 0 && Int(rng.next() % 100) < matchPercent
        return (isMatch, isMatch ? Int(rng.next() % UInt64(existing)) : existing + n)
    }

    /// One run on a fresh system: the load (not timed), the timed upserts, then (with `limits`) the raw limits.
    private func measure(existing: Int, limits: Bool) async throws -> ScaleStep {
        var step: ScaleStep?
        try await BenchHarness.with(label: "upsert", partitions: partitions, organizations: 1) { harness in
            let generator = SyntheticPatients(runId: UUIDv7.make().lowercased)
            let load = try await harness.post("/v1/patients/batch", count: (existing + 499) / 500, concurrency: 4) {
                try generator.body(from: $0 * 500, count: min(500, existing - $0 * 500))
            }
            print(String(format: "loaded %d existing patients in %.1f s", existing, load.seconds))

            let matchPercent = matchPercent
            let matches = (0..<upserts).filter { Self.pick($0, existing: existing, matchPercent: matchPercent).isMatch }.count
            print("bench upsert: \(upserts) upserts (\(matches) of existing people, \(upserts - matches) new) over \(existing) patients, "
                  + "\(concurrency) clients")
            let phase = try await WritePhase.measure(harness) {
                try await harness.post("/v1/patients/upsert", count: upserts, concurrency: concurrency) { n in
                    let person = Self.pick(n, existing: existing, matchPercent: matchPercent).person
                    return try JSONSerialization.data(withJSONObject: generator.upsertVariant(of: person, changedCity: "City \(n)"))
                }
            }
            print(String(format: "upsert: %.0f upserts/s (%.2f s); latency %@; live projection lag %.2f s",
                         Double(upserts) / phase.seconds, phase.seconds, Figure.latencies(phase.latencies), phase.lagSeconds))
            await harness.printWriterStatistics()
            step = ScaleStep(size: existing, seconds: phase.seconds, operations: upserts, p99: phase.latencies.percentile(99),
                             peakRSSMiB: BenchHarness.peakRSSMiB())
            let total = try await harness.count("SELECT count(*)::text FROM patients")
            print("patients now: \(total) (expected \(existing + upserts - matches): every existing person matched, every new one created)")
            guard limits else { return }

            guard let url = ProcessInfo.processInfo.environment["DATABASE_URL"] else { throw CLIError("DATABASE_URL is not set") }
            let produce = try await RawProduceLimit.measure(bootstrapServers: harness.runtime.bootstrapServers, shape: phase.committed)
            let copy = try await RawCopyLimit.measure(source: harness.runtime.postgres, server: try PostgresSettings(url: url), logger: harness.logger)
            print("against the limits, same run:")
            Figure.printAgainstLimits(unit: "upserts", count: upserts, phase: phase, produce: produce, copy: copy,
                                      writePeakRSSMiB: step?.peakRSSMiB ?? 0)
        }
        guard let step else { throw CLIError("the upsert run measured nothing") }
        return step
    }
}
