import Foundation
import Testing
@testable import EventLog

func uniqueName(_ prefix: String) -> String {
    "\(prefix)-\(UUID().uuidString.prefix(8).lowercased())"
}

func bytes(_ string: String) -> [UInt8] { Array(string.utf8) }

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
