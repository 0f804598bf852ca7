import CRdKafka
import Foundation

/// librdkafka's own mock cluster (`rdkafka_mock.h`): the real Kafka protocol on 127.0.0.1, in memory.
///
/// What librdkafka 2.0.2's mock does and does not do:
/// - Each broker listens on 127.0.0.1 on an ephemeral port chosen by the kernel; the public API has
///   no way to pick a port, so read `bootstrapServers` after starting it.
/// - Produce, fetch, idempotent and transactional producers, consumer groups.
/// - No zombie fencing: a second producer calling `initTransactions` with the same transactional.id
///   does not fence the first; both keep committing. (Fault injection with `pushRequestErrors`,
///   e.g. PRODUCER_FENCED on AddPartitionsToTxn, reproduces what a real Kafka answers.)
/// - No CreateTopics: create topics with `createTopic`, or let `KafkaAdmin.ensureTopics` do it (it
///   calls `createTopic` for an in-process broker). Topics are also auto-created when a client asks
///   metadata for an unknown one, always with 4 partitions (a constant inside the mock).
/// - No transaction markers: records of aborted transactions stay visible to read_committed
///   consumers, and the last stable offset is the log end offset.
public final class EmbeddedBroker: Sendable {
    public let bootstrapServers: String
    /// Partition count `KafkaAdmin.ensureTopics` uses for a `TopicSpec` asking for the broker default.
    public let defaultPartitions: Int32
    public let brokerCount: Int
    private let cluster: MockCluster

    public init(brokers: Int = 1, defaultPartitions: Int32 = 4) throws {
        guard brokers >= 1, defaultPartitions >= 1 else {
            throw KafkaError.failed(code: RD_KAFKA_RESP_ERR__INVALID_ARG.rawValue,
                                    message: "EmbeddedBroker needs at least one broker and one partition")
        }
        cluster = try MockCluster(brokers: brokers)
        bootstrapServers = cluster.bootstraps
        self.defaultPartitions = defaultPartitions
        brokerCount = brokers
        EmbeddedBroker.registry.add(self)
    }

    deinit {
        cluster.destroy()
    }

    /// Creates a topic with `partitions` partitions (replicated on up to 3 brokers).
    /// Throws `.failed(TOPIC_ALREADY_EXISTS)` if it exists.
    public func createTopic(_ name: String, partitions: Int32) throws {
        try cluster.createTopic(name, partitions: partitions, replicationFactor: min(3, brokerCount))
    }

    /// Takes broker `id` (1...brokers) off the network, for failure tests.
    public func setBrokerDown(_ id: Int32) throws {
        try cluster.setBroker(id, up: false)
    }

    public func setBrokerUp(_ id: Int32) throws {
        try cluster.setBroker(id, up: true)
    }

    /// Makes the next `errors.count` requests of type `apiKey` (Kafka protocol ApiKey, e.g. 0 Produce,
    /// 24 AddPartitionsToTxn, 26 EndTxn) fail with these error codes, in order, on any broker.
    public func pushRequestErrors(apiKey: Int16, errors: [Int32]) throws {
        try cluster.pushRequestErrors(apiKey: apiKey, errors: errors.map { rd_kafka_resp_err_t(rawValue: $0) })
    }

    /// Destroys the cluster; clients still connected see their connections fail. Idempotent and
    /// non-blocking: calls on this broker fail at once, the listeners close within about a second.
    /// (To simulate an outage, use `setBrokerDown`.)
    public func stop() {
        EmbeddedBroker.registry.remove(bootstrapServers)
        cluster.destroy()
    }

    // MARK: In-process lookup, so KafkaAdmin can create topics on a mock that lacks CreateTopics.

    static let registry = Registry()

    final class Registry: @unchecked Sendable {
        // @unchecked Sendable: `brokers` is only touched while holding `lock`.
        private let lock = NSLock()
        private var brokers: [String: WeakBroker] = [:]

        struct WeakBroker { weak var broker: EmbeddedBroker? }

        func add(_ broker: EmbeddedBroker) {
            lock.withLock { brokers[broker.bootstrapServers] = WeakBroker(broker: broker) }
        }

        func remove(_ bootstrapServers: String) {
            lock.withLock { _ = brokers.removeValue(forKey: bootstrapServers) }
        }

        func broker(for bootstrapServers: String) -> EmbeddedBroker? {
            lock.withLock { brokers[bootstrapServers]?.broker }
        }
    }
}

/// The mock cluster and the `rd_kafka_t` that hosts it (the mock needs one for its bookkeeping and
/// runs its own thread; the handle must outlive the cluster).
final class MockCluster: @unchecked Sendable {
    // @unchecked Sendable: the pointers are only read or cleared while holding `lock`, and the mock
    // API calls themselves are thread-safe (they post operations to the mock's own thread).
    private let lock = NSLock()
    private var rk: OpaquePointer?
    private var mcluster: OpaquePointer?
    let bootstraps: String

    init(brokers: Int) throws(KafkaError) {
        // Quiet host handle: it never connects anywhere, it only owns the mock.
        let rk = try KafkaConfig.newHandle(RD_KAFKA_PRODUCER, [("log_level", "3")])
        guard let mcluster = rd_kafka_mock_cluster_new(rk, Int32(clamping: brokers)) else {
            rd_kafka_destroy(rk)
            throw .failed(code: RD_KAFKA_RESP_ERR__FAIL.rawValue, message: "rd_kafka_mock_cluster_new failed (see librdkafka log)")
        }
        self.rk = rk
        self.mcluster = mcluster
        bootstraps = rd_kafka_mock_cluster_bootstraps(mcluster).map { String(cString: $0) } ?? ""
    }

    func createTopic(_ name: String, partitions: Int32, replicationFactor: Int) throws(KafkaError) {
        try withCluster { mcluster in
            rd_kafka_mock_topic_create(mcluster, name, partitions, Int32(clamping: replicationFactor))
        }
    }

    func setBroker(_ id: Int32, up: Bool) throws(KafkaError) {
        try withCluster { mcluster in
            up ? rd_kafka_mock_broker_set_up(mcluster, id) : rd_kafka_mock_broker_set_down(mcluster, id)
        }
    }

    func pushRequestErrors(apiKey: Int16, errors: [rd_kafka_resp_err_t]) throws(KafkaError) {
        try withCluster { mcluster in
            errors.withUnsafeBufferPointer { buffer in
                rd_kafka_mock_push_request_errors_array(mcluster, apiKey, buffer.count, buffer.baseAddress)
            }
            return RD_KAFKA_RESP_ERR_NO_ERROR
        }
    }

    private func withCluster(_ call: (OpaquePointer) -> rd_kafka_resp_err_t) throws(KafkaError) {
        let err: rd_kafka_resp_err_t = lock.withLock {
            guard let mcluster else { return RD_KAFKA_RESP_ERR__DESTROY }
            return call(mcluster)
        }
        if err != RD_KAFKA_RESP_ERR_NO_ERROR { throw .from(err, context: "mock cluster") }
    }

    /// Idempotent. The cluster must be destroyed before its host handle. Both happen on a thread of
    /// their own: in librdkafka 2.0.2 `rd_kafka_mock_cluster_destroy` sometimes waits out the mock
    /// thread's 1 s poll, and `stop()` may be called from async code, which must not block.
    func destroy() {
        let handles: Handles? = lock.withLock {
            defer {
                mcluster = nil
                rk = nil
            }
            guard let mcluster, let rk else { return nil }
            return Handles(mcluster: mcluster, rk: rk)
        }
        guard let handles else { return }
        Thread.detachNewThread {
            rd_kafka_mock_cluster_destroy(handles.mcluster)
            rd_kafka_destroy(handles.rk)
        }
    }

    /// Carries the handles to the thread that destroys them.
    private struct Handles: @unchecked Sendable {
        // @unchecked Sendable: ownership moves to exactly one thread, which destroys them.
        let mcluster: OpaquePointer
        let rk: OpaquePointer
    }
}
