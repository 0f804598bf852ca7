import CRdKafka
import Foundation

/// A read_committed consumer with manual partition assignment and no offset commits: the caller
/// keeps its own positions (e.g. in PostgreSQL) and assigns from them, or a transactional producer
/// commits them for a `group.id` (`GroupOffsets`) and the consumer starts at `.committed`.
///
/// All librdkafka calls run on the consumer's own thread; calls are served in the order made.
/// On the mock cluster read_committed hides nothing: it writes no transaction markers, so
/// records of aborted or still-open transactions are returned too.
public final class Consumer: Sendable {
    public enum StartOffset: Sendable {
        case beginning
        case end
        /// The offset of the next record to read.
        case offset(Int64)
        /// The consumer group's committed offset (its `group.id`), else `auto.offset.reset`.
        case committed
    }

    private let handle: ConsumerHandle
    private let thread: KafkaThread

    /// `isolation.level=read_committed`, `enable.auto.commit=false` and `enable.partition.eof=true`
    /// are always set. Defaults the caller may override: `auto.offset.reset=earliest` (an offset
    /// outside the log restarts from the beginning: the readers are idempotent, skipping is not),
    /// `fetch.wait.max.ms=10` (the mock broker answers a waiting fetch only when the wait ends, so this bounds read-your-writes latency), and a unique `group.id` (manual assignment joins no group; librdkafka only wants a name).
    public init(bootstrapServers: String, config: [String: String] = [:]) throws {
        let settings = KafkaConfig.merge(
            defaults: [
                ("group.id", "clinicledger-eventlog-\(UUID().uuidString.lowercased())"),
                ("auto.offset.reset", "earliest"),
                // An idle fetch waits this long at the broker; requests on the same connection
                // (watermark queries) queue behind it. librdkafka's default is 500 ms.
                ("fetch.wait.max.ms", "10"),
            ],
            config: config,
            forced: [
                ("bootstrap.servers", bootstrapServers),
                ("isolation.level", "read_committed"),
                ("enable.auto.commit", "false"),
                ("enable.auto.offset.store", "false"),
                ("enable.partition.eof", "true"),
            ])
        let rk = try KafkaConfig.newHandle(RD_KAFKA_CONSUMER, settings)
        // Route the main queue (errors, logs) to the consumer queue so consumer_poll serves both.
        rd_kafka_poll_set_consumer(rk)
        handle = ConsumerHandle(rk: rk)
        thread = KafkaThread(name: "kafka-consumer")
    }

    deinit {
        let handle = self.handle
        thread.submit { handle.close() }
        thread.stop()
    }

    /// Replaces the whole assignment.
    public func assign(_ partitions: [(topic: String, partition: Int32, start: StartOffset)]) async throws {
        try await thread.run { [handle] in try handle.assign(partitions) }
    }

    /// Waits up to `timeout` for the first event, then returns it with whatever else is ready
    /// (up to `max`). Returns an empty array when nothing arrived in time.
    public func poll(max: Int, timeout: Duration) async throws -> [ConsumerEvent] {
        try await thread.run { [handle] in try handle.poll(max: max, timeoutMs: milliseconds(timeout)) }
    }

    /// Low and high watermark of a partition. With read_committed the high one is the last stable
    /// offset on a real Kafka; the mock reports its log end offset.
    public func watermarks(topic: String, partition: Int32, timeout: Duration = .seconds(10)) async throws -> (low: Int64, high: Int64) {
        try await thread.run { [handle] in
            try handle.watermarks(topic: topic, partition: partition, timeoutMs: milliseconds(timeout))
        }
    }

    /// Destroys the handle on the consumer's thread. Idempotent.
    public func close() async {
        _ = try? await thread.run { [handle] in handle.close() }
        thread.stop()
    }
}
