import Foundation
import ReadModels
import Runtime
import Testing

/// `clinicledger projections rebuild` through the code the CLI runs (`ProjectionsAdmin`), on a
/// live stack whose runners keep running: embedded, it replays `event_archive` alone (the CLI
/// cannot reach the broker inside serve); on `KAFKA_BROKERS`, Kafka with the archive behind it.
@Suite("Projection rebuild", .serialized)
struct ProjectionRebuildTests {
    static let readModels = [ReferenceDataProjection.name, PatientsProjection.name, PatientHistoryProjection.name]

    @Test("Rebuilding each read model gives the same rows (checksum and counts) as projecting them live")
    func rebuildGivesSameChecksums() async throws {
        try await withStack { stack in
            let org = try await stack.organization()
            let ids = try await Self.writeClinicDay(stack, org)
            #expect(ids.count == 300)
            let config = stack.runtime.configuration
            for name in Self.readModels {
                let live = try await ProjectionsAdmin.checksum(config, name: name, logger: stack.logger)
                #expect(live.rows > 0, "\(name) has rows to rebuild")
                let rebuilt = try await ProjectionsAdmin.rebuild(config, name: name, logger: stack.logger)
                #expect(rebuilt.checksum == live, "\(name): rebuilt \(rebuilt.checksum), live \(live)")
            }
            // The server's runners resumed from the rebuilt positions: a new write is read back at once.
            let reply = try await stack.request(.POST, "/v1/patients/batch", apiKey: org.apiKey,
                                                json: ["items": [patientItem("After", "Rebuild", ["phone_number": "(212) 555-9999"])]])
            #expect(reply.status == 200 && reply.header("X-Read-Model-Lag") == nil)
            let id = try #require((reply.json["patient_ids"] as? [String])?.first)
            #expect(try await stack.request(.GET, "/v1/patients/\(id)", apiKey: org.apiKey).status == 200)
            #expect(try await stack.request(.GET, "/v1/patients/\(id)/history", apiKey: org.apiKey).status == 200)
            #expect(try await stack.request(.GET, "/health").status == 200)
        }
    }

    @Test("event_archive and unknown names are refused")
    func archiveIsRefused() async throws {
        try await withStack { stack in
            await #expect(throws: ProjectionRebuild.Refusal.self) {
                _ = try await ProjectionsAdmin.rebuild(stack.runtime.configuration, name: "event_archive", logger: stack.logger)
            }
            await #expect(throws: ProjectionRebuild.Refusal.self) {
                _ = try await ProjectionsAdmin.rebuild(stack.runtime.configuration, name: "read_models", logger: stack.logger)
            }
            let statuses = try await ProjectionsAdmin.list(stack.runtime.configuration, logger: stack.logger)
            #expect(statuses.map(\.name) == ReadModelProjections.all.map(\.name))
        }
    }

    @Test("A rebuild while the server's runner runs and writes go on neither loses nor duplicates rows")
    func rebuildDuringWrites() async throws {
        try await withStack { stack in
            let org = try await stack.organization()
            _ = try await Self.writeClinicDay(stack, org)
            let config = stack.runtime.configuration
            // Writes keep coming, before, during and after the rebuilds of the patients and History projections.
            let window = RebuildWindow()
            let writer = Task { () -> (created: Int, duringRebuild: Int) in
                var created = 0, during = 0, batch = 0
                while true {
                    let finished = await window.finished
                    if batch >= 20 && finished { break }
                    let items = (0..<10).map { i in
                        patientItem("W\(batch)x\(i)", "Writer", ["phone_number": "(646) 555-\(String(format: "%04d", batch * 10 + i))"])
                    }
                    let reply = try await stack.request(.POST, "/v1/patients/batch", apiKey: org.apiKey, json: ["items": items])
                    try #require(reply.status == 200, "batch \(batch): \(reply.status)")
                    created += (reply.json["patient_ids"] as? [String])?.count ?? 0
                    if await window.rebuilding { during += 1 }
                    batch += 1
                }
                return (created, during)
            }
            try await Task.sleep(for: .milliseconds(300))
            await window.set(rebuilding: true)
            _ = try await ProjectionsAdmin.rebuild(config, name: PatientsProjection.name, logger: stack.logger)
            _ = try await ProjectionsAdmin.rebuild(config, name: PatientHistoryProjection.name, logger: stack.logger)
            await window.set(rebuilding: false)
            let (created, during) = try await writer.value
            #expect(during > 0, "no write landed while a rebuild ran; the test proves nothing")

            // Every patient event is archived, and both projections get to all of them.
            let expected = 300 + created
            let deadline = ContinuousClock.now + .seconds(30)
            var counts: [String] = []
            let patientEvents = "event_type LIKE 'clinicledger.patient.%'"
            let query = """
                SELECT (SELECT count(*) FROM patients)::text || ' ' || (SELECT count(*) FROM patient_history)::text || ' ' ||
                       (SELECT count(*) FROM event_archive WHERE event_type = 'clinicledger.patient.created.v1')::text || ' ' ||
                       (SELECT count(*) FROM event_archive WHERE \(patientEvents))::text
                """
            while ContinuousClock.now < deadline {
                counts = try await stack.database.scalars(query, logger: stack.logger)
                let n = (counts.first ?? "").split(separator: " ").map { Int($0)! }
                if n.count == 4, n[0] == expected, n[2] == expected, n[1] == n[3] { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            let n = (counts.first ?? "").split(separator: " ").map { Int($0)! }
            #expect(n.count == 4 && n[0] == expected && n[2] == expected, "patients, created events: \(counts)")
            #expect(n.count == 4 && n[1] == n[3], "one History row per patient event: \(counts)")

            // What the runner projected after the rebuild is what a quiet rebuild gives.
            for name in [PatientsProjection.name, PatientHistoryProjection.name] {
                let live = try await ProjectionsAdmin.checksum(config, name: name, logger: stack.logger)
                let rebuilt = try await ProjectionsAdmin.rebuild(config, name: name, logger: stack.logger)
                #expect(rebuilt.checksum == live, "\(name): rebuilt \(rebuilt.checksum), live \(live)")
            }
        }
    }

    /// Whether a rebuild is running, and whether they are all done, for the writer task.
    actor RebuildWindow {
        private(set) var rebuilding = false
        private(set) var finished = false
        func set(rebuilding: Bool) {
            self.rebuilding = rebuilding
            if !rebuilding { finished = true }
        }
    }

    /// 300 patients in three batches, 100 of them updated by upsert with an external id (and 30
    /// of those reassigned a new one), 50 communications.
    static func writeClinicDay(_ stack: TestStack, _ org: TestStack.Organization) async throws -> [String] {
        let mrn = try #require(org.externalIdTypes["mrn"])
        func person(_ i: Int) -> [String: Any] {
            patientItem("P\(i)", "Lee\(i)", ["email": "p\(i)@example.com", "phone_number": "(212) 555-\(String(format: "%04d", i))"])
        }
        var ids: [String] = []
        for batch in 0..<3 {
            let items = (0..<100).map { i -> [String: Any] in
                var item = person(batch * 100 + i)
                if i % 3 == 0 { item["tags"] = ["vip"] }
                if i % 4 == 0 { item["workflow_stage_id"] = org.stages["Intake"]! }
                return item
            }
            let reply = try await stack.request(.POST, "/v1/patients/batch", apiKey: org.apiKey, json: ["items": items])
            try #require(reply.status == 200, "batch \(batch): \(reply.status)")
            ids += reply.json["patient_ids"] as? [String] ?? []
        }
        for i in 0..<100 {
            var body = person(i * 3)
            body["city"] = "Albany"
            body["external_id"] = ["type_id": mrn, "value": "M-\(i)"]
            let reply = try await stack.request(.POST, "/v1/patients/upsert", apiKey: org.apiKey, json: body)
            try #require(reply.status == 200, "upsert \(i): \(reply.status) \(String(decoding: reply.body, as: UTF8.self))")
        }
        for i in 0..<30 {
            var body = person(i * 3)
            body["external_id"] = ["type_id": mrn, "value": "N-\(i)"]
            let reply = try await stack.request(.POST, "/v1/patients/upsert", apiKey: org.apiKey, json: body)
            try #require(reply.status == 200, "reassign \(i): \(reply.status)")
        }
        for id in ids.prefix(50) {
            let reply = try await stack.request(.POST, "/v1/patients/\(id)/communications", apiKey: org.apiKey,
                                                json: ["channel": "sms", "direction": "outbound"])
            try #require(reply.status == 201)
        }
        return ids
    }
}
