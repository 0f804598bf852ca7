import EventStore
import Foundation
import Logging
import PostgresNIO
import ReadModels
import Testing

@Suite("History is a projection", .serialized)
struct HistoryRebuildTests {
    static let historyQuery = """
        SELECT event_id::text || '|' || patient_id::text || '|' || event_type || '|' || action || '|' || actor || '|' ||
               channel || '|' || changes::text || '|' || extract(epoch FROM occurred_at)::text
        FROM patient_history ORDER BY patient_id, occurred_at, event_id
        """

    @Test("Replaying the log into an empty database gives the same History rows")
    func rebuildGivesSameRows() async throws {
        try await withStack { stack in
            let org = try await stack.organization()
            let mrn = org.externalIdTypes["mrn"]!
            let batch = try await stack.request(.POST, "/v1/patients/batch", apiKey: org.apiKey,
                                                json: ["items": [patientItem("Ann", "Lee", ["email": "ann@example.com", "tags": ["vip"]])]])
            let ann = try #require((batch.json["patient_ids"] as? [String])?.first)
            for body: [String: Any] in [
                ["first_name": "Ann", "last_name": "Lee", "date_of_birth": "1984-07-12", "email": "ann@example.com", "city": "Albany",
                 "external_id": ["type_id": mrn, "value": "M-1"]],
                ["first_name": "Ann", "last_name": "Lee", "date_of_birth": "1984-07-12", "email": "ann@example.com",
                 "external_id": ["type_id": mrn, "value": "M-2"], "workflow_stage_id": org.stages["Intake"]!],
                ["first_name": "Bo", "last_name": "Kim", "phone_number": "917-555-0100", "custom_fields": ["language": "ko"]],
            ] {
                #expect(try await stack.request(.POST, "/v1/patients/upsert", apiKey: org.apiKey, json: body).status == 200)
            }
            #expect(try await stack.request(.POST, "/v1/patients/\(ann)/communications", apiKey: org.apiKey,
                                            json: ["channel": "sms", "direction": "outbound"]).status == 201)
            let live = try await stack.database.scalars(Self.historyQuery, logger: stack.logger)
            #expect(live.count == 7)

            let replay = try await ScratchDatabase.create(on: stack.database.settings, prefix: "clinicledger_test_replay", logger: stack.logger)
            do {
                let rebuilt = try await Self.project(log: stack, into: replay.settings, logger: stack.logger)
                #expect(rebuilt == live)
            } catch {
                await replay.drop(logger: stack.logger)
                throw error
            }
            await replay.drop(logger: stack.logger)
        }
    }

    /// The History projection alone reads the whole log into an empty database; returns its rows.
    static func project(log stack: TestStack, into settings: PostgresSettings, logger: Logger) async throws -> [String] {
        let client = PostgresClient(configuration: settings.clientConfiguration, backgroundLogger: logger)
        return try await withThrowingTaskGroup(of: [String]?.self) { group in
            group.addTask { await client.run(); return nil }
            defer { group.cancelAll() }
            try await Migrator.migrate(client, logger: logger)
            let runtime = stack.runtime
            let reader = try EventReader(bootstrapServers: runtime.bootstrapServers, topic: runtime.topics.events)
            var ends: [Int32: Int64] = [:]
            for p in 0..<runtime.partitions { ends[p] = try await reader.endOffset(partition: p) }
            let progress = ProjectionProgress()
            // The live database's archive supplies what the broker no longer holds.
            let projector = ProjectionRunner(projection: PatientHistoryProjection(), client: client, reader: reader,
                                             archive: EventArchive(client: stack.runtime.postgres, logger: logger),
                                             partitionCount: runtime.partitions, progress: progress, logger: logger)
            try await projector.prepare()
            let task = Task { await projector.run() }
            let done = await progress.waitUntilPassed(ends, timeout: .seconds(60))
            task.cancel()
            await task.value
            let reached = await progress.positions()
            #expect(done, "projector positions \(reached.sorted { $0.key < $1.key }) short of the log ends \(ends.sorted { $0.key < $1.key })")
            var rows: [String] = []
            for try await row in try await client.query(PostgresQuery(unsafeSQL: historyQuery), logger: logger).decode(String.self) {
                rows.append(row)
            }
            return rows
        }
    }
}
