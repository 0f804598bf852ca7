import CRdKafka
import EventLog
import EventStore
import Foundation

/// The write path's yardstick (issue 12): librdkafka alone, straight on CRdKafka (no EventLog, no
/// EventAppender), writing what the measured run's writers committed — per partition the same
/// number of transactions, the same records per transaction on the events and the command-results
/// topic, records of the same average key, value and header sizes — to throwaway topics of the same
/// broker, one transactional producer per partition at once, as the writers run. Producer settings
/// are EventLog's (`TransactionalProducer`): idempotent, acks=all, linger.ms=0, no compression,
/// librdkafka's default batching. What it leaves out is ClinicLedger: deciding, encoding, the
/// hash chain, HTTP, and waiting for the archive.
enum RawProduceLimit {
    struct Figures {
        var records = 0
        var transactions = 0
        var seconds = 0.0
        /// Each transaction from begin to committed.
        var latencies = LatencyStats()

        var recordsPerSecond: Double { Double(records) / max(seconds, 1e-9) }
    }

    /// `shape`: per partition, what the run's appenders committed (`AppendTally` difference).
    static func measure(bootstrapServers: String, shape: [Int32: AppendTally.Partition]) async throws -> Figures {
        let partitions = (shape.keys.max() ?? 0) + 1
        let run = UUID().uuidString.prefix(8).lowercased()
        let eventsTopic = "clinicledger-raw-\(run).events", resultsTopic = "clinicledger-raw-\(run).command-results"
        _ = try await KafkaAdmin.ensureTopics(bootstrapServers: bootstrapServers, [
            TopicSpec(name: eventsTopic, partitions: partitions), TopicSpec(name: resultsTopic, partitions: partitions),
        ])
        let runs = try await withThrowingTaskGroup(of: PartitionRun.self) { group in
            for (partition, tally) in shape where tally.transactions > 0 {
                let producer = PartitionProducer(bootstrapServers: bootstrapServers, transactionalId: "clinicledger-raw-\(run)-\(partition)",
                                                 eventsTopic: eventsTopic, resultsTopic: resultsTopic, partition: partition, tally: tally)
                group.addTask { try await onOwnThread(name: "raw-producer-\(partition)") { try producer.run() } }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        var figures = Figures()
        guard let start = runs.map(\.start).min(), let end = runs.map(\.end).max() else { return figures }
        figures.seconds = (end - start).seconds
        for r in runs {
            figures.records += r.records
            figures.transactions += r.latencies.samples.count
            figures.latencies.merge(r.latencies)
        }
        return figures
    }

    struct PartitionRun: Sendable {
        var start: ContinuousClock.Instant
        var end: ContinuousClock.Instant
        var records: Int
        var latencies: LatencyStats
    }

    /// librdkafka blocks; it gets a thread of its own, never one of the cooperative pool's.
    private static func onOwnThread<T: Sendable>(name: String, _ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread { continuation.resume(with: Result { try body() }) }
            thread.name = name
            thread.start()
        }
    }
}

/// One partition's producer: connects and registers its transactional id (not timed), then runs
/// the partition's transactions back to back (timed).
private struct PartitionProducer: Sendable {
    let bootstrapServers: String
    let transactionalId: String
    let eventsTopic: String
    let resultsTopic: String
    let partition: Int32
    let tally: AppendTally.Partition

    /// A record of the average shape of `records`: key, value and headers of the same sizes.
    struct Template {
        let topic: String
        let count: Int
        let key: [UInt8]
        let value: [UInt8]
        /// Headers per record, each named `hNN` (3 bytes) with a value of `headerValue`'s size.
        let headerCount: Int
        let headerValue: [UInt8]

        init(topic: String, _ r: AppendTally.Records) {
            self.topic = topic
            count = r.records
            let n = max(1, r.records)
            key = [UInt8](repeating: 0x6B, count: r.keyBytes / n)
            value = [UInt8](repeating: 0x76, count: r.valueBytes / n)
            headerCount = (r.headers + n / 2) / n
            headerValue = [UInt8](repeating: 0x68, count: headerCount == 0 ? 0 : max(0, r.headerBytes / n / headerCount - 3))
        }

        /// How many of this topic's records transaction `t` of `transactions` holds: the same
        /// totals, spread as evenly as the run's transactions allow.
        func records(inTransaction t: Int, of transactions: Int) -> Int {
            count / transactions + (t < count % transactions ? 1 : 0)
        }
    }

    func run() throws -> RawProduceLimit.PartitionRun {
        let rk = try connect()
        defer {
            rd_kafka_flush(rk, 5_000)
            rd_kafka_destroy(rk)
        }
        try check(rd_kafka_init_transactions(rk, 60_000), "init_transactions")
        let templates = [Template(topic: eventsTopic, tally.events), Template(topic: resultsTopic, tally.results)]
        // As EventLog's producer does: learn each topic's leader up front, not on the first commit.
        for topic in [eventsTopic, resultsTopic] {
            guard let rkt = rd_kafka_topic_new(rk, topic, nil) else { continue }
            var metadata: UnsafePointer<rd_kafka_metadata>?
            _ = rd_kafka_metadata(rk, 0, rkt, &metadata, 5_000)
            if let metadata { rd_kafka_metadata_destroy(metadata) }
            rd_kafka_topic_destroy(rkt)
        }
        let maxHeaders = templates.map(\.headerCount).max() ?? 0
        let headerNames = (0..<maxHeaders).map { UnsafePointer(strdup(String(format: "h%02d", $0))) }
        defer { headerNames.forEach { free(UnsafeMutablePointer(mutating: $0)) } }
        var latencies = LatencyStats(), records = 0
        let start = ContinuousClock.now
        for t in 0..<tally.transactions {
            let t0 = ContinuousClock.now
            try check(rd_kafka_begin_transaction(rk), "begin_transaction")
            for template in templates {
                for _ in 0..<template.records(inTransaction: t, of: tally.transactions) {
                    try produce(rk, template, headerNames: headerNames)
                    records += 1
                }
            }
            try check(rd_kafka_commit_transaction(rk, 60_000), "commit_transaction")
            latencies.record((ContinuousClock.now - t0).seconds)
        }
        return RawProduceLimit.PartitionRun(start: start, end: .now, records: records, latencies: latencies)
    }

    /// EventLog's producer settings, as `TransactionalProducer` forces and defaults them.
    private func connect() throws -> OpaquePointer {
        guard let conf = rd_kafka_conf_new() else { throw CLIError("rd_kafka_conf_new failed") }
        var errstr = [CChar](repeating: 0, count: 512)
        for (key, value) in [("bootstrap.servers", bootstrapServers), ("transactional.id", transactionalId),
                             ("enable.idempotence", "true"), ("acks", "all"), ("linger.ms", "0"), ("partitioner", "murmur2_random")] {
            guard rd_kafka_conf_set(conf, key, value, &errstr, errstr.count) == RD_KAFKA_CONF_OK else {
                rd_kafka_conf_destroy(conf)
                throw CLIError("raw producer config \(key): \(Self.text(errstr))")
            }
        }
        guard let rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, &errstr, errstr.count) else {
            rd_kafka_conf_destroy(conf)
            throw CLIError("raw producer: \(Self.text(errstr))")
        }
        return rk
    }

    /// Enqueues one record (librdkafka copies key, value and headers); waits while its queue is full.
    private func produce(_ rk: OpaquePointer, _ r: Template, headerNames: [UnsafePointer<CChar>?]) throws {
        let count = min(headerNames.count, r.headerCount)
        let sizes = [Int](repeating: r.headerValue.count, count: count)
        while true {
            let error: OpaquePointer? = r.key.withUnsafeBytes { key in
                r.value.withUnsafeBytes { value in
                    r.headerValue.withUnsafeBytes { header in
                        // Every header of a template has the same value: one buffer serves them all.
                        let values = [UnsafeRawPointer?](repeating: header.baseAddress, count: count)
                        return clinicledger_produce(rk, r.topic, partition, key.baseAddress, key.count, value.baseAddress, value.count,
                                                    headerNames, values, sizes, count, nil)
                    }
                }
            }
            guard let error else { return }
            if rd_kafka_error_code(error) == RD_KAFKA_RESP_ERR__QUEUE_FULL {
                rd_kafka_error_destroy(error)
                rd_kafka_poll(rk, 10)
                continue
            }
            try check(error, "produce")
        }
    }

    private func check(_ error: OpaquePointer?, _ step: String) throws {
        guard let error else { return }
        let message = String(cString: rd_kafka_error_string(error))
        rd_kafka_error_destroy(error)
        throw CLIError("raw producer \(step): \(message)")
    }

    private static func text(_ buffer: [CChar]) -> String {
        String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
