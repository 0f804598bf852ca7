import ArgumentParser
import AsyncHTTPClient
import Domain
import EventStore
import Foundation
import Hummingbird
import Logging
import NIOCore
import PostgresNIO
import ReadModels
import Runtime

struct BenchBatch: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "batch",
        abstract: "Create N patients through POST /v1/patients/batch with C concurrent clients.",
        discussion: """
            Runs the whole system in-process (embedded broker or KAFKA_BROKERS, DATABASE_URL's server with a throwaway \
            database), then prints patients/s, request latency p50/p99/max, how fast the live projections kept up, the \
            projector's catch-up rate (a fresh projector replaying the whole log into a second empty database) and peak \
            RSS, each beside its raw limit measured in the same run: a bare librdkafka transactional producer sending \
            what the writers committed (same records, sizes and transactions) and a PostgreSQL COPY of the rows the \
            projector wrote into a fresh database. --scale runs at 10k, 100k and 1M patients (or --scale-sizes) and \
            prints how time and memory grow.
            """)

    @Option(help: "Patients to create.") var patients = 100_000
    @Option(help: "Concurrent HTTP clients.") var concurrency = 8
    @Option(help: "Patients per request (1-500).") var batchSize = 500
    @Option(help: "Partitions of the events topic.") var partitions: Int32 = 4
    @Option(help: "Organizations the clients write for (one organization's writes are serial on its partition).") var organizations = 1
    @Flag(help: "Run at 10k, 100k and 1M patients (no raw limits, no catch-up) and print how time and memory grow.") var scale = false
    @Option(help: "Patient counts for --scale, comma-separated (implies --scale).") var scaleSizes: String?

    func run() async throws {
        guard (1...500).contains(batchSize) else { throw CLIError("--batch-size must be 1-500") }
        guard scale || scaleSizes != nil else {
            _ = try await measure(patients: patients, limits: true)
            return
        }
        try await ScaleTable.run(sizes: scaleSizes, sizeName: "patients", timeLabel: "time to create them through the batch API",
                                 unit: "patients") { try await measure(patients: $0, limits: false) }
    }

    /// One run on a fresh system: the timed writes, then (with `limits`) the raw limits and the catch-up.
    private func measure(patients: Int, limits: Bool) async throws -> ScaleStep {
        var step: ScaleStep?
        try await BenchHarness.with(label: "batch", partitions: partitions, organizations: organizations) { harness in
            let logger = harness.logger
            let generator = SyntheticPatients(runId: UUIDv7.make().lowercased)
            let (batchSize, requests) = (batchSize, (patients + batchSize - 1) / batchSize)
            print("bench batch: \(patients) patients, \(requests) requests of \(batchSize), \(concurrency) clients, "
                  + "\(harness.apiKeys.count) organizations, \(partitions) partitions")
            let phase = try await WritePhase.measure(harness) {
                try await harness.post("/v1/patients/batch", count: requests, concurrency: concurrency) {
                    try generator.body(from: $0 * batchSize, count: min(batchSize, patients - $0 * batchSize))
                }
            }
            print(String(format: "write: %.0f patients/s (%.2f s); request latency %@; live projection lag %.2f s",
                         Double(patients) / phase.seconds, phase.seconds, Figure.latencies(phase.latencies), phase.lagSeconds))
            await harness.printWriterStatistics()
            step = ScaleStep(size: patients, seconds: phase.seconds, operations: patients, p99: phase.latencies.percentile(99),
                             peakRSSMiB: BenchHarness.peakRSSMiB())
            guard limits else { return }

            guard let url = ProcessInfo.processInfo.environment["DATABASE_URL"] else { throw CLIError("DATABASE_URL is not set") }
            let server = try PostgresSettings(url: url)
            let produce = try await RawProduceLimit.measure(bootstrapServers: harness.runtime.bootstrapServers, shape: phase.committed)
            let replayDb = try await ScratchDatabase.create(on: server, prefix: "clinicledger_bench_replay", logger: logger)
            let catchUp: (events: Int, seconds: Double)
            do { catchUp = try await measureCatchUp(runtime: harness.runtime, into: replayDb.settings, logger: logger) } catch {
                await replayDb.drop(logger: logger)
                throw error
            }
            await replayDb.drop(logger: logger)
            let copy = try await RawCopyLimit.measure(source: harness.runtime.postgres, server: server, logger: logger)
            print("against the limits, same run:")
            Figure.printAgainstLimits(unit: "patients", count: patients, phase: phase, produce: produce, copy: copy, catchUp: catchUp,
                                      writePeakRSSMiB: step?.peakRSSMiB ?? 0)
        }
        guard let step else { throw CLIError("the batch run measured nothing") }
        return step
    }

    /// Fresh projections read the whole events topic into an empty database; timed from their
    /// first poll until every one's committed positions reach the log's end.
    private func measureCatchUp(runtime: ClinicLedgerRuntime, into settings: PostgresSettings, logger: Logger) async throws -> (events: Int, seconds: Double) {
        let client = PostgresClient(configuration: settings.clientConfiguration, backgroundLogger: logger)
        let clientTask = Task { await client.run() }
        defer { clientTask.cancel() }
        try await Migrator.migrate(client, logger: logger)
        let reader = try EventReader(bootstrapServers: runtime.bootstrapServers, topic: runtime.topics.events)
        var ends: [Int32: Int64] = [:]
        for p in 0..<runtime.partitions { ends[p] = try await reader.endOffset(partition: p) }
        // Every read model, each with its own runner, as serve runs them; the live database's
        // archive supplies what the broker no longer holds.
        let runners = try ReadModelProjections.readModels.map { projection in
            ProjectionRunner(projection: projection, client: client,
                             reader: try EventReader(bootstrapServers: runtime.bootstrapServers, topic: runtime.topics.events),
                             archive: EventArchive(client: runtime.postgres, logger: logger),
                             partitionCount: runtime.partitions, progress: ProjectionProgress(name: projection.name), logger: logger)
        }
        let progress = ProjectionProgress(name: "read_models", combining: runners.map(\.progress))
        for runner in runners { try await runner.prepare() }
        let started = ContinuousClock.now
        let tasks = runners.map { runner in Task { await runner.run() } }
        let done = await progress.waitUntilPassed(ends, timeout: .seconds(3600))
        let seconds = (ContinuousClock.now - started).seconds
        for task in tasks { task.cancel() }
        for task in tasks { await task.value }
        await reader.close()
        guard done else { throw CLIError("the projector did not catch up within an hour") }
        return (Int(ends.values.reduce(0, +)), seconds)
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
