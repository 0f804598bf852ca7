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
            Runs the whole system in-process (embedded broker, DATABASE_URL's server with a throwaway database), \
            then prints patients/s, p50/p99 request latency, and the projector's catch-up rate: a fresh projector \
            replaying the whole log into a second empty database.
            """)

    @Option(help: "Patients to create.") var patients = 100_000
    @Option(help: "Concurrent HTTP clients.") var concurrency = 8
    @Option(help: "Patients per request (1-500).") var batchSize = 500
    @Option(help: "Partitions of the events topic.") var partitions: Int32 = 4
    @Option(help: "Organizations the clients write for (one organization's writes are serial on its partition).") var organizations = 1

    func run() async throws {
        guard (1...500).contains(batchSize) else { throw CLIError("--batch-size must be 1-500") }
        let harness = try await BenchHarness.start(label: "batch", partitions: partitions, organizations: organizations)
        let logger = harness.logger
        guard let url = ProcessInfo.processInfo.environment["DATABASE_URL"] else { throw CLIError("DATABASE_URL is not set") }
        let replayDb = try await ScratchDatabase.create(on: try PostgresSettings(url: url), prefix: "clinicledger_bench_replay", logger: logger)

        let generator = SyntheticPatients(runId: UUIDv7.make().lowercased)
        let requests = stride(from: 0, to: patients, by: batchSize).map { ($0, min(batchSize, patients - $0)) }
        print("bench batch: \(patients) patients, \(requests.count) requests of \(batchSize), \(concurrency) clients, \(harness.apiKeys.count) organizations, \(partitions) partitions")
        let bodies = try requests.map { try generator.body(from: $0.0, count: $0.1) }
        let (elapsed, latencies) = try await harness.post("/v1/patients/batch", bodies: bodies, concurrency: concurrency)
        print(String(format: "write: %.0f patients/s (%.2f s); request latency p50 %.1f ms, p99 %.1f ms",
                     Double(patients) / elapsed, elapsed, latencies.percentile(50) * 1000, latencies.percentile(99) * 1000))

        let writers = await harness.runtime.services.commands.writerStatistics()
        print(String(format: "writers: %d commands in %d transactions (largest %d); deciding %.1f s, waiting for the archive %.1f s, in transactions %.1f s",
                     writers.commands, writers.transactions, writers.largestGroup, writers.deciding.seconds,
                     writers.waitingForArchive.seconds, writers.appending.seconds))

        let catchUp = try await measureCatchUp(runtime: harness.runtime, into: replayDb.settings, logger: logger)
        print(String(format: "projector catch-up: %.0f events/s (%d events replayed into an empty database in %.2f s)",
                     Double(catchUp.events) / catchUp.seconds, catchUp.events, catchUp.seconds))

        await harness.stop()
        await replayDb.drop(logger: logger)
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
