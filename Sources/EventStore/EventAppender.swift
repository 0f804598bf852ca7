import EventLog
import Foundation

/// Appends one command's envelopes to one partition of the events topic as a single Kafka
/// transaction. The transactional.id is derived from the partition, so a second writer for the
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

        public var description: String {
            switch self {
            case .fenced(let m): return "producer fenced or fatally failed: \(m)"
            case .notCommitted(let m): return "transaction not committed: \(m)"
            case .uncertain(let m): return "transaction outcome unknown: \(m)"
            }
        }
    }

    public let topic: String
    public let partition: Int32
    private let producer: TransactionalProducer
    /// Abortable failures are retried with the same records (same event ids), so a reader that
    /// saw an aborted attempt (the mock broker writes no abort markers) dedupes it by event id.
    private let attempts = 3

    public init(bootstrapServers: String, topic: String, partition: Int32, config: [String: String] = [:]) throws {
        self.topic = topic
        self.partition = partition
        self.producer = try TransactionalProducer(
            bootstrapServers: bootstrapServers,
            transactionalId: Self.transactionalId(topic: topic, partition: partition),
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

    /// Returns the offset of each envelope, in order.
    public func append(_ envelopes: [EventEnvelope]) async throws -> [Int64] {
        let records = try envelopes.map { try EventRecordCodec.record($0, topic: topic, partition: partition) }
        var lastError = ""
        for _ in 0..<attempts {
            do {
                return try await producer.transaction(records).map(\.offset)
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
}
