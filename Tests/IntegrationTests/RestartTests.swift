import EventLog
import EventStore
import ReadModels
import Runtime
import Foundation
import Testing

@Suite("Restart", .serialized)
struct RestartTests {
    /// About the embedded mode only; with KAFKA_BROKERS set the run may load another librdkafka
    /// than the build links, whose mock is not the one `clinicledger serve` embeds.
    @Test("Embedded mode: after every component stops, the log is restored from event_archive and decisions still hold",
          .enabled(if: TestStack.outsideBroker == nil, "embedded mode only"))
    func embeddedRestoreOnMock() async throws {
        try await withStack(kafkaBrokers: nil) { stack in
            #expect(stack.runtime.embedded)
            let org = try await stack.organization()
            let created = try await stack.request(.POST, "/v1/patients/batch", apiKey: org.apiKey,
                                                  json: ["items": [patientItem("Ann", "Lee", ["external_id": "R-1", "tags": ["vip"]])]])
            let id = try #require((created.json["patient_ids"] as? [String])?.first)
            let logBefore = try await stack.readEventsTopic()

            try await stack.restart()
            #expect(stack.runtime.restoredEvents == logBefore.count)
            let logAfter = try await stack.readEventsTopic()
            #expect(logAfter.map { $0.header("ce_id") ?? [] } == logBefore.map { $0.header("ce_id") ?? [] }, "same events, same order")
            #expect(Set(logAfter.map(\.partition)) == Set(logBefore.map(\.partition)), "same partitions")

            let repeated = try await stack.request(.POST, "/v1/patients/batch", apiKey: org.apiKey,
                                                   json: ["items": [patientItem("Bo", "Kim", ["external_id": "R-1"])]])
            #expect(repeated.status == 409, "a repeated external_id is still rejected")
            #expect(try await stack.request(.GET, "/v1/patients/\(id)", apiKey: org.apiKey).status == 200)

            // New writes continue after the restored log, and project exactly once.
            let more = try await stack.request(.POST, "/v1/patients/batch", apiKey: org.apiKey,
                                               json: ["items": [patientItem("Cy", "Park", ["tags": ["VIP"]])]])
            #expect(more.status == 200)
            #expect(try await stack.database.scalars("SELECT count(*)::text FROM patients", logger: stack.logger) == ["2"])
            #expect(try await stack.database.scalars("SELECT count(*)::text FROM tags", logger: stack.logger) == ["1"])
            let archived = try await stack.database.scalars("SELECT count(*)::text FROM event_archive", logger: stack.logger)
            #expect(archived == ["\(try await stack.readEventsTopic().count)"])
        }
    }

    @Test("With a broker that outlives the service, writers rebuild from the log and the projector resumes without duplicates")
    func outsideBroker() async throws {
        // KAFKA_BROKERS when set, else a mock that is not the stack's own.
        let broker = TestStack.outsideBroker == nil ? try EmbeddedBroker(defaultPartitions: 4) : nil
        defer { broker?.stop() }
        try await withStack(kafkaBrokers: TestStack.outsideBroker ?? broker!.bootstrapServers) { stack in
            #expect(!stack.runtime.embedded)
            let org = try await stack.organization()
            let first = try await stack.request(.POST, "/v1/patients/batch", apiKey: org.apiKey,
                                                json: ["items": (0..<20).map { patientItem("P\($0)", "Doe", ["external_id": "O-\($0)"]) }])
            #expect(first.status == 200)
            let historyBefore = try await stack.database.scalars("SELECT count(*)::text FROM patient_history", logger: stack.logger)

            try await stack.restart()
            #expect(stack.runtime.restoredEvents == 0, "the log is still there: nothing to restore")
            let repeated = try await stack.request(.POST, "/v1/patients/batch", apiKey: org.apiKey,
                                                   json: ["items": [patientItem("X", "Y", ["external_id": "O-3"])]])
            #expect(repeated.status == 409)
            let second = try await stack.request(.POST, "/v1/patients/batch", apiKey: org.apiKey, json: ["items": [patientItem("New", "One")]])
            #expect(second.status == 200)
            #expect(try await stack.database.scalars("SELECT count(*)::text FROM patients", logger: stack.logger) == ["21"])
            #expect(historyBefore == ["20"])
            #expect(try await stack.database.scalars("SELECT count(*)::text FROM patient_history", logger: stack.logger) == ["21"])
            let events = try await stack.readEventsTopic().count
            #expect(try await stack.database.scalars("SELECT count(*)::text FROM event_archive", logger: stack.logger) == ["\(events)"])
        }
    }
}

@Suite("Start-up checks", .serialized)
struct StartupCheckTests {
    @Test("A lost cluster (the broker restarted empty) stops start-up with a pointer to restore; restore refills it and every tenant works")
    func lostClusterThenRestore() async throws {
        // Two logs with the same topic names: two mocks, also under KAFKA_BROKERS (one shared
        // outside broker cannot give an empty log under names it already holds).
        let first = try EmbeddedBroker(defaultPartitions: 4)
        let stack = try await TestStack.start(kafkaBrokers: first.bootstrapServers)
        let org: TestStack.Organization
        do {
            org = try await stack.organization()
            let created = try await stack.request(.POST, "/v1/patients/batch", apiKey: org.apiKey,
                                                  json: ["items": [patientItem("A", "B", ["external_id": "L-1"])]], headers: ["Idempotency-Key": "lost-1"])
            #expect(created.status == 200)
        } catch {
            await stack.stop()
            first.stop()
            throw error
        }
        await stack.stopKeepingDatabase()
        first.stop()

        // Same database and topic names, an empty log: the archive holds events this log does not have.
        let empty = try EmbeddedBroker(defaultPartitions: 4)
        defer { empty.stop() }
        let config = RuntimeConfiguration(database: stack.database.settings, kafkaBrokers: empty.bootstrapServers,
                                          topicPrefix: stack.topicPrefix)
        do {
            let runtime = try await ClinicLedgerRuntime.start(config, logger: stack.logger)
            await runtime.shutdown()
            Issue.record("start-up should have failed")
        } catch let error as LogHistoryGap {
            #expect(String(describing: error).contains("clinicledger restore"))
        }

        #expect(try await ClinicLedgerRuntime.restore(config, logger: stack.logger) > 0)
        #expect(try await ClinicLedgerRuntime.restore(config, logger: stack.logger) == 0, "a second restore finds nothing to do")
        let restarted = try await TestStack.start(database: stack.database, kafkaBrokers: empty.bootstrapServers, topicPrefix: stack.topicPrefix)
        do {
            let again = try await restarted.request(.POST, "/v1/patients/batch", apiKey: org.apiKey,
                                                    json: ["items": [patientItem("A", "B", ["external_id": "L-1"])]], headers: ["Idempotency-Key": "lost-1"])
            #expect(again.status == 200 && again.header("Idempotent-Replayed") == "true", "the key replays after restore")
            let repeated = try await restarted.request(.POST, "/v1/patients/batch", apiKey: org.apiKey,
                                                       json: ["items": [patientItem("X", "Y", ["external_id": "L-1"])]])
            #expect(repeated.status == 409)
            #expect(try await restarted.request(.POST, "/v1/patients/batch", apiKey: org.apiKey, json: ["items": [patientItem("C", "D")]]).status == 200)
            #expect(try await restarted.database.scalars("SELECT count(*)::text FROM patients", logger: restarted.logger) == ["2"])
            #expect(try await restarted.request(.GET, "/health").status == 200)
        } catch {
            await restarted.stop()
            throw error
        }
        await restarted.stop()
    }
}
