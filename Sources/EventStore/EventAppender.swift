import EventLog
import Foundation

/// Appends commands' envelopes to one partition of the events topic, with each command's result
/// record on the same partition of the command-results topic, as a single Kafka transaction (a
/// writer's group commit). The transactional.id is derived from the partition, so a second writer for the
/// same partition fences this one (zombie fencing is Kafka's, not ours).
public final class EventAppender: Sendable {
    public enum Failure: Error, CustomStringConvertible {
        /// Another writer took over the partition, or the producer is otherwise unusable.
        case fenced(String)
        /// The transaction did not commit; nothing of it is visible to read_committed readers.
        case notCommitted(String)
        /// Whether the transaction committed is unknown (a commit or abort timed out): the producer
        /// must be replaced, which completes or aborts the transaction, and the log read again.
        case uncertain(String)
        /// The events would not fit the log's limits; nothing was sent.
        case tooLarge(String)
        /// An event holds text PostgreSQL cannot store (U+0000); nothing was sent.
        case unstorable(String)

        public var description: String {
            switch self {
            case .tooLarge(let m), .unstorable(let m): return m
            case .fenced(let m): return "producer fenced or fatally failed: \(m)"
            case .notCommitted(let m): return "transaction not committed: \(m)"
            case .uncertain(let m): return "transaction outcome unknown: \(m)"
            }
        }
    }

    public let topic: String
    public let resultsTopic: String
    public let partition: Int32
    private let producer: TransactionalProducer
    /// Abortable failures are retried with the same records (same event ids), so a reader that
    /// saw an aborted attempt (the mock broker writes no abort markers) dedupes it by event id.
    private let attempts = 3

    public init(bootstrapServers: String, topics: Topics, partition: Int32, config: [String: String] = [:]) throws {
        self.topic = topics.events
        self.resultsTopic = topics.commandResults
        self.partition = partition
        self.producer = try TransactionalProducer(
            bootstrapServers: bootstrapServers,
            transactionalId: Self.transactionalId(topic: topics.events, partition: partition),
            config: config)
    }

    public static func transactionalId(topic: String, partition: Int32) -> String {
        "clinicledger-writer-\(topic)-\(partition)"
    }

    /// Registers the transactional id with the coordinator, fencing any older holder and
    /// completing or aborting its open transaction; call before reading the partition to rebuild.
    public func start() async throws {
        try await producer.initTransactions(timeout: .seconds(60))
    }

    /// One record must stay below Kafka's default message limit (1,000,000 bytes for librdkafka's
    /// producer, 1 MiB for a broker's `message.max.bytes`), headers and batch overhead included.
    public static let maxRecordBytes = 900_000
    /// One command's records together. The embedded broker keeps only ~5 MiB per partition, and a
    /// transaction must fit there whole until the archiver has read it.
    /// 3.5 MiB: the largest batch seed 000 allows (500 full patients with long comments, 510 events)
    /// fits with the hash-chain headers; with the writer's 4 MiB unarchived budget, the log never
    /// holds more than the embedded broker keeps.
    public static let maxCommandBytes = 7 << 19

    /// Encodes a command's envelopes and its result as records, refusing (`Failure.tooLarge`)
    /// before anything is sent when one record or the whole command is over the limits.
    public func records(_ envelopes: [EventEnvelope], result: CommandResult) throws -> [ProducerRecord] {
        let records = try envelopes.map { try EventRecordCodec.record($0, topic: topic, partition: partition) }
        var total = 0
        for (record, envelope) in zip(records, envelopes) {
            let size = record.byteCount
            if size > Self.maxRecordBytes {
                throw Failure.tooLarge("one \(EventTypes.name(of: envelope.event)) event of this request would be \(size) bytes; "
                    + "an event may be at most \(Self.maxRecordBytes) bytes: send less data in one record")
            }
            total += size
            if let path = StorableText.nulPath(inJSON: record.value) {
                throw Failure.unstorable("a text value of this request (the \(EventTypes.name(of: envelope.event)) event's "
                    + "`\(path)`) contains a NUL character (U+0000), which cannot be stored")
            }
            if record.headers.contains(where: { $0.value.contains(0) }) {
                throw Failure.unstorable("a header of this request (e.g. Idempotency-Key) contains a NUL character (U+0000)")
            }
        }
        let resultRecord = try result.record(topic: resultsTopic, partition: partition)
        total += resultRecord.byteCount
        if total > Self.maxCommandBytes {
            throw Failure.tooLarge("this request would write \(records.count) events of \(total) bytes in all; "
                + "one request may write at most \(Self.maxCommandBytes) bytes: split it into smaller requests")
        }
        return records + [resultRecord]
    }

    /// Returns the offset of each event record, in order (result records' offsets are not event offsets).
    /// With `offsets`, the commands consumer's offsets commit in the same transaction.
    /// With `results`, result records are built from the events' offsets (all of them, in order) and
    /// written after them: results that name their events' offsets.
    public func append(_ records: [ProducerRecord], results: (@Sendable (_ eventOffsets: [Int64]) throws -> [CommandResult])? = nil,
                       offsets: GroupOffsets? = nil, beforeCommit: (@Sendable () throws -> Void)? = nil) async throws -> [Int64] {
        var lastError = ""
        let (topic, resultsTopic, partition) = (topic, resultsTopic, partition)
        let trailer = results.map { build in
            { @Sendable (positions: [RecordPosition]) throws -> [ProducerRecord] in
                try build(positions.filter { $0.topic == topic }.map(\.offset)).map { try $0.record(topic: resultsTopic, partition: partition) }
            }
        }
        for _ in 0..<attempts {
            do {
                let eventOffsets = try await producer.transaction(records, trailer: trailer, offsets: offsets, beforeCommit: beforeCommit)
                    .filter { $0.topic == topic }.map(\.offset)
                // Results built after delivery (consumed commands) are not counted: building them
                // again here would cost the write path an encode per result for a benchmark's sake.
                await Self.tally.add(records, eventsTopic: topic, partition: partition)
                return eventOffsets
            } catch let error as KafkaError {
                switch error {
                case .fatal(_, let message): throw Failure.fenced(message)
                case .abortable:
                    // librdkafka aborted the transaction: nothing of it committed; try again.
                    lastError = error.description
                default:
                    // A commit that timed out or failed otherwise may or may not have committed.
                    throw Failure.uncertain(error.description)
                }
            }
        }
        throw Failure.notCommitted(lastError)
    }

    public func close() async {
        await producer.close()
    }

    /// Every committed append of this process, counted (issue 12): the benches size their raw
    /// producer by what the writers really wrote, whatever the writers' transaction sizes are.
    public static let tally = AppendTally()
}

/// What appenders committed, per events topic and partition: transactions, and per topic the
/// records and their bytes. Totals only (constant memory in a long-running `serve`); a reader
/// takes the difference of two snapshots.
public actor AppendTally {
    public struct Records: Sendable, Equatable {
        public var records = 0
        public var keyBytes = 0
        public var valueBytes = 0
        public var headers = 0
        public var headerBytes = 0

        public init() {}

        public var bytes: Int { keyBytes + valueBytes + headerBytes }

        mutating func add(_ record: ProducerRecord) {
            records += 1
            keyBytes += record.key?.count ?? 0
            valueBytes += record.value.count
            headers += record.headers.count
            headerBytes += record.headers.reduce(0) { $0 + $1.key.utf8.count + $1.value.count }
        }

        public static func - (a: Records, b: Records) -> Records {
            var d = Records()
            (d.records, d.keyBytes, d.valueBytes) = (a.records - b.records, a.keyBytes - b.keyBytes, a.valueBytes - b.valueBytes)
            (d.headers, d.headerBytes) = (a.headers - b.headers, a.headerBytes - b.headerBytes)
            return d
        }
    }

    /// One partition's committed transactions: its events (events topic) and results (command-results topic).
    public struct Partition: Sendable, Equatable {
        public var transactions = 0
        public var events = Records()
        public var results = Records()

        public init() {}

        public static func - (a: Partition, b: Partition) -> Partition {
            var d = Partition()
            (d.transactions, d.events, d.results) = (a.transactions - b.transactions, a.events - b.events, a.results - b.results)
            return d
        }
    }

    private var counts: [String: [Int32: Partition]] = [:]

    func add(_ records: [ProducerRecord], eventsTopic: String, partition: Int32) {
        var p = counts[eventsTopic, default: [:]][partition, default: Partition()]
        p.transactions += 1
        for record in records {
            if record.topic == eventsTopic { p.events.add(record) } else { p.results.add(record) }
        }
        counts[eventsTopic, default: [:]][partition] = p
    }

    /// Per partition of `eventsTopic`, everything committed to it so far.
    public func snapshot(eventsTopic: String) -> [Int32: Partition] {
        counts[eventsTopic] ?? [:]
    }
}
