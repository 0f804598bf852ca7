import CRdKafka

/// Idempotent, transactional producer (`enable.idempotence=true`, `acks=all`, a `transactional.id`).
///
/// All librdkafka calls run on the producer's own thread; the async methods wait for them.
/// Calls are serialized in the order they are made, so one producer runs one transaction at a time.
///
/// On librdkafka's mock cluster (`EmbeddedBroker`) an aborted transaction's records stay visible to
/// read_committed consumers: the mock writes no transaction markers and reports last stable offset
/// = log end offset. Only a real Kafka hides aborted (and still-open) transactions.
public final class TransactionalProducer: Sendable {
    public let transactionalId: String
    private let handle: ProducerHandle
    private let thread: KafkaThread

    /// Extra `config` entries override our defaults (`partitioner=murmur2_random`, so partition -1
    /// picks the Java client's partition; `linger.ms=0`, because a transaction's records are all
    /// produced before its commit flushes them, so waiting for more only delays the commit), but
    /// never bootstrap.servers, transactional.id, enable.idempotence or acks.
    public init(bootstrapServers: String, transactionalId: String, config: [String: String] = [:]) throws {
        let settings = KafkaConfig.merge(
            defaults: [("partitioner", "murmur2_random"), ("linger.ms", "0")],
            config: config,
            forced: [
                ("bootstrap.servers", bootstrapServers),
                ("transactional.id", transactionalId),
                ("enable.idempotence", "true"),
                ("acks", "all"),
            ])
        let conf = try KafkaConfig.make(settings)
        let reports = DeliveryReports()
        reports.install(on: conf)
        let rk = try KafkaConfig.newHandle(RD_KAFKA_PRODUCER, conf: conf)
        let handle = ProducerHandle(rk: rk, reports: reports, name: transactionalId)
        self.handle = handle
        self.transactionalId = transactionalId
        self.thread = KafkaThread(name: "kafka-producer", idle: { handle.pollIdle() })
    }

    deinit {
        // Not closed by the owner: destroy the handle on its own thread, never on the caller's.
        let handle = self.handle
        thread.submit { handle.close() }
        thread.stop()
    }

    /// Registers the transactional.id with the coordinator, fencing older producers with the same id.
    /// Must succeed once before the first transaction.
    public func initTransactions(timeout: Duration = .seconds(30)) async throws {
        try await thread.run { [handle] in try handle.initTransactions(Deadline(timeout)) }
    }

    /// Begin, produce every record, commit; returns each record's position in input order.
    /// An abortable error aborts the transaction and throws `.abortable` (the caller may retry the
    /// whole transaction); retriable commit errors are retried until `timeout`; `.fatal` means the
    /// producer must be closed and recreated. Any other failure also aborts and is rethrown.
    /// With `offsets`, a consumer group's offsets commit in the same transaction (consume-transform-produce).
    /// `beforeCommit` runs on the producer's thread once everything is sent, just before the commit:
    /// a test throws there to stop between produce and commit.
    /// With `trailer`, the records are delivered before its records are built from their positions and
    /// produced last, in the same transaction (one more round trip: results can then name their events' offsets).
    public func transaction(_ records: [ProducerRecord], trailer: (@Sendable ([RecordPosition]) throws -> [ProducerRecord])? = nil,
                            offsets: GroupOffsets? = nil, timeout: Duration = .seconds(30),
                            beforeCommit: (@Sendable () throws -> Void)? = nil) async throws -> [RecordPosition] {
        try await thread.run { [handle] in
            try handle.transaction(records, trailer: trailer, offsets: offsets, Deadline(timeout), beforeCommit: beforeCommit)
        }
    }

    // MARK: Low-level steps (one librdkafka call each, no automatic retry or abort)

    public func begin() async throws {
        try await thread.run { [handle] in try handle.begin() }
    }

    /// Returns once the record is enqueued; its offset is known after `commit`.
    public func produce(_ record: ProducerRecord, timeout: Duration = .seconds(30)) async throws {
        try await thread.run { [handle] in try handle.produce(record, Deadline(timeout)) }
    }

    /// One commit attempt. Returns the positions of the records produced since `begin()`, in order.
    /// On `.retriable` the commit may be called again; on `.abortable` call `abort`.
    @discardableResult
    public func commit(timeout: Duration = .seconds(30)) async throws -> [RecordPosition] {
        try await thread.run { [handle] in try handle.commit(Deadline(timeout)) }
    }

    /// Sends everything enqueued so far and waits for the broker's acknowledgements, without
    /// committing (`commit` flushes by itself; this is for callers that want records on the
    /// broker early).
    public func flush(timeout: Duration = .seconds(30)) async throws {
        try await thread.run { [handle] in try handle.flush(Deadline(timeout)) }
    }

    /// Aborts the open transaction: queued records are purged, sent ones are marked aborted.
    public func abort(timeout: Duration = .seconds(30)) async throws {
        try await thread.run { [handle] in try handle.abort(Deadline(timeout)) }
    }

    /// Aborts an open transaction, flushes, destroys the handle on the producer's thread. Idempotent.
    public func close() async {
        _ = try? await thread.run { [handle] in handle.close() }
        thread.stop()
    }
}
