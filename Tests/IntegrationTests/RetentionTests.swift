import EventLog
import EventStore
import Foundation
import ReadModels
import Runtime
import Testing

/// A restart never loses a tenant, however much of its log the broker has dropped: the embedded
/// broker keeps only the newest ~5 MiB per partition, so 30,000 events of one organization are far
/// more than it holds, and everything older must come from `event_archive`.
@Suite("Retention", .serialized)
struct RetentionTests {
    static let batches = 60
    static let batchSize = 500

    @Test("Embedded mode: a restart after 30,000 events of one organization keeps every decision and key",
          .enabled(if: TestStack.outsideBroker == nil, "about the embedded broker's retention"))
    func embeddedOnMock() async throws {
        try await withStack(kafkaBrokers: nil) { stack in
            try await Self.exercise(stack)
        }
    }

    @Test("Separate broker: serve restarts over a log the broker has truncated, and nothing is lost",
          .enabled(if: TestStack.outsideBroker == nil, "about the embedded broker's retention"))
    func separateBrokerOnMock() async throws {
        let broker = try EmbeddedBroker(defaultPartitions: 4)
        defer { broker.stop() }
        try await withStack(kafkaBrokers: broker.bootstrapServers) { stack in
            try await Self.exercise(stack)
        }
    }

    static func exercise(_ stack: TestStack) async throws {
        let org = try await stack.organization()
        let first = ["items": (0..<batchSize).map { item(batch: 0, index: $0) }]
        let firstReply = try await stack.request(.POST, "/v1/patients/batch", apiKey: org.apiKey,
                                                 json: first, headers: ["Idempotency-Key": "retention-first"])
        #expect(firstReply.status == 200)
        let firstIds = firstReply.json["patient_ids"] as? [String] ?? []
        try #require(firstIds.count == batchSize)
        for batch in 1..<batches {
            let reply = try await stack.request(.POST, "/v1/patients/batch", apiKey: org.apiKey,
                                                json: ["items": (0..<batchSize).map { item(batch: batch, index: $0) }])
            try #require(reply.status == 200, "batch \(batch): \(reply.status) \(String(decoding: reply.body, as: UTF8.self))")
        }

        // The broker really has dropped the organization's beginning (else this test proves nothing).
        let partition = EventRecordCodec.partition(for: UUID(uuidString: org.id)!, partitionCount: stack.runtime.partitions)
        let probe = try EventReader(bootstrapServers: stack.runtime.bootstrapServers, topic: stack.runtime.topics.events)
        let before = try await probe.watermarks(partition: partition)
        await probe.close()
        #expect(before.start > 0, "the broker still holds the whole partition (\(before)); the test needs a truncated log")
        let archived = try await stack.database.scalars(
            "SELECT count(*)::text FROM event_archive WHERE organization_id = '\(org.id)'", logger: stack.logger)
        #expect(Int(archived.first ?? "0")! >= batches * batchSize, "every acknowledged event is archived")

        try await stack.restart()

        let probeAfter = try EventReader(bootstrapServers: stack.runtime.bootstrapServers, topic: stack.runtime.topics.events)
        let after = try await probeAfter.watermarks(partition: partition)
        await probeAfter.close()
        #expect(after.start > 0, "after the restart, too, the broker holds only the tail")

        let more = try await stack.request(.POST, "/v1/patients/batch", apiKey: org.apiKey, json: ["items": [patientItem("New", "Patient")]])
        #expect(more.status == 200, "the organization still exists for its writer")
        let repeated = try await stack.request(.POST, "/v1/patients/batch", apiKey: org.apiKey,
                                               json: ["items": [patientItem("Other", "Person", ["external_id": "R-0-0"])]])
        #expect(repeated.status == 409, "an external_id from the first batch is still held")
        let replay = try await stack.request(.POST, "/v1/patients/batch", apiKey: org.apiKey,
                                             json: first, headers: ["Idempotency-Key": "retention-first"])
        #expect(replay.status == 200 && replay.header("Idempotent-Replayed") == "true", "the first batch's key still replays")
        #expect(replay.json["patient_ids"] as? [String] == firstIds)
        #expect(try await stack.request(.GET, "/v1/patients/\(firstIds[0])", apiKey: org.apiKey).status == 200)
        #expect(try await stack.request(.GET, "/health").status == 200)
        let patients = try await stack.database.scalars(
            "SELECT count(*)::text FROM patients WHERE organization_id = '\(org.id)'", logger: stack.logger)
        #expect(patients == ["\(batches * batchSize + 1)"], "read models: every patient exactly once")
    }

    /// A patient of realistic size (about a kilobyte as an event): the log outgrows the broker fast.
    static func item(batch: Int, index: Int) -> [String: Any] {
        patientItem("Given\(batch)x\(index)", "Family\(index)", [
            "external_id": "R-\(batch)-\(index)", "email": "p\(batch).\(index)@example.com", "city": "Springfield",
            "address": "\(index) Long Meadow Road", "zip": "62704", "state": "illinois", "gender": "female",
            "comments": String(repeating: "Prefers morning appointments; knee pain after a fall. ", count: 4),
            "tags": ["intake", "batch-\(batch % 7)"],
        ])
    }
}
