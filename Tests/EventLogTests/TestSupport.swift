import Foundation
import Testing
@testable import EventLog

func uniqueName(_ prefix: String) -> String {
    "\(prefix)-\(UUID().uuidString.prefix(8).lowercased())"
}

func bytes(_ string: String) -> [UInt8] { Array(string.utf8) }

/// The broker a test runs on. With `KAFKA_BROKERS` set (scripts/test-tansu sets it) every test
/// shares that broker (each names its own topics and transactional ids); otherwise each test gets
/// a fresh `EmbeddedBroker`, librdkafka's mock. `CLINICLEDGER_TEST_BROKER` (`tansu` or `kafka`,
/// the default) tells what the outside broker does beyond the protocol; docs/brokers.md.
struct TestBroker: Sendable {
    enum Kind: String, Sendable { case mock, tansu, kafka }

    static let outside: String? = ProcessInfo.processInfo.environment["KAFKA_BROKERS"].flatMap { $0.isEmpty ? nil : $0 }
    static let kind: Kind = outside == nil ? .mock
        : Kind(rawValue: ProcessInfo.processInfo.environment["CLINICLEDGER_TEST_BROKER"] ?? "") ?? .kafka
    /// For tests about librdkafka's mock itself (fault injection, its documented limits): they run
    /// only without `KAFKA_BROKERS`, on the librdkafka the build links (a run with an outside broker
    /// may load another librdkafka, whose mock behaves differently).
    static var mockOnly: Bool { outside == nil }

    let kind: Kind
    let bootstrapServers: String
    private let embedded: EmbeddedBroker?

    init() throws {
        kind = Self.kind
        if let outside = Self.outside {
            bootstrapServers = outside
            embedded = nil
        } else {
            let broker = try EmbeddedBroker()
            bootstrapServers = broker.bootstrapServers
            embedded = broker
        }
    }

    /// A transaction's commit (or abort) marker takes one offset after its records: on a real
    /// broker, not on the mock.
    var writesMarkers: Bool { kind != .mock }
    /// read_committed skips the records of aborted transactions: Kafka sends the list of aborted
    /// transactions with each fetch. The mock writes no markers; Tansu 0.6 writes them but sends
    /// no such list, so its read_committed consumers see aborted records.
    var hidesAbortedRecords: Bool { kind == .kafka }
    /// A second InitProducerId with the same transactional.id fences the first producer.
    var fencesOlderProducers: Bool { kind != .mock }

    func createTopic(_ name: String, partitions: Int32) async throws {
        if let embedded {
            try embedded.createTopic(name, partitions: partitions)
        } else {
            let counts = try await KafkaAdmin.ensureTopics(bootstrapServers: bootstrapServers, [TopicSpec(name: name, partitions: partitions)])
            guard counts[name] == partitions else {
                throw KafkaError.failed(code: -1, message: "\(name) has \(counts[name] ?? 0) partitions, not \(partitions)")
            }
        }
    }

    /// Stops the embedded broker; an outside broker is left running.
    func stop() { embedded?.stop() }
}

/// Reads one partition from the beginning until end-of-partition, through a fresh read_committed consumer.
func readAll(_ bootstrapServers: String, topic: String, partition: Int32,
             timeout: Duration = .seconds(20)) async throws -> (records: [ConsumedRecord], eof: Int64) {
    let consumer = try Consumer(bootstrapServers: bootstrapServers)
    do {
        try await consumer.assign([(topic: topic, partition: partition, start: .beginning)])
        var records: [ConsumedRecord] = []
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            for event in try await consumer.poll(max: 1000, timeout: .milliseconds(200)) {
                switch event {
                case let .record(record): records.append(record)
                case let .endOfPartition(t, p, offset) where t == topic && p == partition:
                    await consumer.close()
                    return (records, offset)
                case .endOfPartition, .offsetOutOfRange: break
                }
            }
        }
        throw KafkaError.timedOut("no end of partition for \(topic)[\(partition)]")
    } catch {
        await consumer.close()
        throw error
    }
}

func isFatal(_ error: any Error) -> Bool {
    if case .fatal = error as? KafkaError { return true }
    return false
}

func record(_ topic: String, _ partition: Int32, _ n: Int) -> ProducerRecord {
    ProducerRecord(
        topic: topic, partition: partition, key: bytes("org-\(n % 3)"), value: bytes("{\"n\":\(n)}"),
        headers: [
            KafkaHeader(key: "ce_id", value: bytes("id-\(n)")),
            KafkaHeader(key: "ce_type", value: bytes("clinicledger.test.v1")),
            KafkaHeader(key: "empty", value: []),
        ])
}
