import ArgumentParser
import Domain
import EventStore
import Foundation

struct BenchUpsert: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "upsert",
        abstract: "Upserts through POST /v1/patients/upsert over an organization that already has N patients.",
        discussion: """
            Loads --existing patients with the batch API first (not timed), then sends --upserts requests from \
            --concurrency clients: --match-percent of them are existing people sent again in another spelling \
            (case, DOB format, phone format) with one changed field, the rest are new people. Prints upserts/s, \
            p50/p99 latency, and how many matched and were created.
            """)

    @Option(help: "Patients present before the timed run.") var existing = 100_000
    @Option(help: "Upserts in the timed run.") var upserts = 20_000
    @Option(help: "Concurrent HTTP clients.") var concurrency = 8
    @Option(help: "Share of upserts that are existing people (0-100).") var matchPercent = 50
    @Option(help: "Partitions of the events topic.") var partitions: Int32 = 4

    func run() async throws {
        guard (0...100).contains(matchPercent) else { throw CLIError("--match-percent must be 0-100") }
        let harness = try await BenchHarness.start(label: "upsert", partitions: partitions, organizations: 1)
        let generator = SyntheticPatients(runId: UUIDv7.make().lowercased)
        let loadBodies = try stride(from: 0, to: existing, by: 500).map { try generator.body(from: $0, count: min(500, existing - $0)) }
        let load = try await harness.post("/v1/patients/batch", bodies: loadBodies, concurrency: 4)
        print(String(format: "loaded %d existing patients in %.1f s", existing, load.seconds))

        var rng = MatchingRandom(seed: 42)
        var matches = 0
        let bodies = try (0..<upserts).map { n -> Data in
            let isMatch = existing > 0 && Int(rng.next() % 100) < matchPercent
            if isMatch { matches += 1 }
            let i = isMatch ? Int(rng.next() % UInt64(existing)) : existing + n
            return try JSONSerialization.data(withJSONObject: generator.upsertVariant(of: i, changedCity: "City \(n)"))
        }
        print("bench upsert: \(upserts) upserts (\(matches) of existing people, \(upserts - matches) new) over \(existing) patients, \(concurrency) clients")
        let (elapsed, latencies) = try await harness.post("/v1/patients/upsert", bodies: bodies, concurrency: concurrency)
        print(String(format: "upsert: %.0f upserts/s (%.2f s); latency p50 %.1f ms, p99 %.1f ms",
                     Double(upserts) / elapsed, elapsed, latencies.percentile(50) * 1000, latencies.percentile(99) * 1000))
        let writers = await harness.runtime.services.commands.writerStatistics()
        print(String(format: "writers: %d commands in %d transactions (largest %d); deciding %.1f s, waiting for the archive %.1f s, in transactions %.1f s",
                     writers.commands, writers.transactions, writers.largestGroup, writers.deciding.seconds,
                     writers.waitingForArchive.seconds, writers.appending.seconds))
        let total = try await harness.count("SELECT count(*)::text FROM patients")
        print("patients now: \(total) (expected \(existing + upserts - matches): every existing person matched, every new one created)")
        await harness.stop()
    }
}
