import ArgumentParser
import CommandHandling
import Domain
import EventLog
import EventStore
import Foundation
import PostgresNIO
import ReadModels
import Runtime

struct BenchRestart: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restart",
        abstract: "Create N patients in one organization, restart the system on the same database, and time it.",
        discussion: """
            Embedded broker: it keeps only the newest ~5 MiB per partition, so a large log is mostly in event_archive. \
            Prints how long stopping and starting took (the start refills the broker from the archive and every \
            writer rebuilds its partition's history), beside the raw limit measured in the same run: reading the \
            same archive rows with one query, and a bare librdkafka transactional producer writing the same records. \
            Restarts twice: with writer snapshots (taken at the first stop), then without (every writer reads its \
            whole partition), printing the writers' start and the snapshots' sizes for each. \
            Then checks that the organization still writes (a new batch, and a first-batch external_id still refused).
            """)

    @Option(help: "Patients to create before the restart.") var patients = 50_000
    @Option(help: "Patients per request (1-500).") var batchSize = 500
    @Option(help: "Concurrent HTTP clients.") var concurrency = 4

    func run() async throws {
        let harness = try await BenchHarness.start(label: "restart", partitions: 4, organizations: 1)
        let generator = SyntheticPatients(runId: UUIDv7.make().lowercased)
        let bodies = try stride(from: 0, to: patients, by: batchSize).map { try generator.body(from: $0, count: min(batchSize, patients - $0)) }
        print("bench restart: \(patients) patients in one organization, \(bodies.count) requests of \(batchSize)")
        let (writeSeconds, _) = try await harness.post("/v1/patients/batch", bodies: bodies, concurrency: concurrency)
        let events = try await harness.count("SELECT count(*)::text FROM event_archive")
        print(String(format: "write: %.0f patients/s (%.1f s); %@ events archived", Double(patients) / writeSeconds, writeSeconds, events))
        let limit = try await rawLimit(harness)

        // First with writer snapshots (the stop takes one per partition), then without (every writer
        // reads its whole partition), on the same log.
        let (after, stop, start) = try await harness.restarted()
        let restored = after.runtime.restoredEvents
        let held = try await brokerWindow(after.runtime)
        print(String(format: "restart: stop %.2f s (snapshots taken), start %.2f s (%d events restored; the broker now holds offsets %@)",
                     stop, start, restored, held))
        print(Self.describe(await after.runtime.writerStarts(), "with snapshots"))
        print(try await snapshotSizes(after))
        let (full, _, fullStart) = try await after.restarted { $0.snapshotEvery = 0 }
        print(String(format: "restart without snapshots: start %.2f s", fullStart))
        print(Self.describe(await full.runtime.writerStarts(), "without snapshots"))
        print(String(format: "raw limit, same run: read the archive in one query %.2f s; bare transactional producer, same records in transactions of 2,000: %.2f s",
                     limit.read, limit.produce))
        print(String(format: "peak RSS %.0f MiB", BenchHarness.peakRSSMiB()))

        let check = try await full.post("/v1/patients/batch", bodies: [try generator.body(from: patients, count: 1)], concurrency: 1)
        print(String(format: "after the restarts a new batch is accepted (%.0f ms)", check.seconds * 1000))
        await full.stop()
    }

    /// The writers start in parallel: the slowest is the writers' start.
    static func describe(_ starts: [PartitionWriter.StartReport], _ label: String) -> String {
        let slowest = starts.map(\.duration.seconds).max() ?? 0
        let used = starts.filter { $0.snapshotOffset != nil }.count
        return String(format: "writers' start %@: %.2f s (slowest partition); %d of %d from a snapshot; %d events in the state, %d read from the log",
                      label, slowest, used, starts.count, starts.reduce(0) { $0 + $1.events }, starts.reduce(0) { $0 + $1.eventsRead })
    }

    /// The newest snapshot of each partition: its size and events.
    private func snapshotSizes(_ harness: BenchHarness) async throws -> String {
        let rows = try await harness.runtime.postgres.query("""
            SELECT DISTINCT ON (partition) partition, byte_size, event_count FROM writer_snapshots ORDER BY partition, log_offset DESC
            """, logger: harness.logger)
        var parts: [String] = []
        for try await (p, bytes, events) in rows.decode((Int32, Int64, Int64).self) {
            parts.append(String(format: "p%d %.1f MiB (%lld events)", p, Double(bytes) / 1_048_576, events))
        }
        return "snapshots: " + (parts.isEmpty ? "none" : parts.joined(separator: ", "))
    }

    /// Where the organization's partition starts and ends in the broker (it drops the oldest records).
    private func brokerWindow(_ runtime: ClinicLedgerRuntime) async throws -> String {
        let reader = try EventReader(bootstrapServers: runtime.bootstrapServers, topic: runtime.topics.events)
        var spans: [String] = []
        for p in 0..<runtime.partitions {
            let w = try await reader.watermarks(partition: p)
            if w.end > 0 { spans.append("p\(p) \(w.start)..<\(w.end)") }
        }
        await reader.close()
        return spans.joined(separator: ", ")
    }

    /// The same work without ClinicLedger around it: one query over the archive's rows, and a bare
    /// producer sending them to a fresh embedded broker in the restore's transaction size.
    private func rawLimit(_ harness: BenchHarness) async throws -> (read: Double, produce: Double) {
        let client = harness.runtime.postgres
        let t0 = ContinuousClock.now
        var records: [ProducerRecord] = []
        let rows = try await client.query("""
            SELECT partition, record_key, payload::text, headers::text FROM event_archive ORDER BY partition, "offset"
            """, logger: harness.logger)
        for try await (partition, key, payload, headers) in rows.decode((Int32, ByteBuffer, String, String).self) {
            let pairs = try JSONDecoder().decode([String: String].self, from: Data(headers.utf8))
            records.append(ProducerRecord(topic: "raw", partition: partition, key: Array(key.readableBytesView), value: Array(payload.utf8),
                                          headers: pairs.map { KafkaHeader(key: $0.key, value: Array($0.value.utf8)) }))
        }
        let read = (ContinuousClock.now - t0).seconds

        let broker = try EmbeddedBroker(defaultPartitions: 4)
        defer { broker.stop() }
        try broker.createTopic("raw", partitions: 4)
        let producer = try TransactionalProducer(bootstrapServers: broker.bootstrapServers, transactionalId: "bench-raw")
        try await producer.initTransactions()
        let t1 = ContinuousClock.now
        for start in stride(from: 0, to: records.count, by: 2000) {
            _ = try await producer.transaction(Array(records[start..<min(start + 2000, records.count)]))
        }
        let produce = (ContinuousClock.now - t1).seconds
        await producer.close()
        return (read, produce)
    }
}
