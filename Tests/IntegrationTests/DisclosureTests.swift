import Domain
import EventStore
import Foundation
import HTTPAPI
import ReadModels
import Runtime
import Testing

/// The accounting of disclosures (issue 11): every read that returns a patient's record is recorded
/// as a `PatientRecordAccessed` fact, batched, without PHI, and listed by `clinicledger disclosures`;
/// and `clinicledger patient --as-of`: the record as it stood then.
@Suite("Disclosures and the record at T", .serialized)
struct DisclosureTests {
    /// The reads the accounting holds for a patient, once `count` of them are there (they are
    /// recorded in batches, then projected).
    static func disclosures(_ stack: TestStack, org: String, patient: String, count: Int) async throws -> [DisclosureView] {
        let queries = ReadModelQueries(client: stack.runtime.postgres, logger: stack.logger)
        let (o, p) = (try #require(UUID(uuidString: org)), try #require(UUID(uuidString: patient)))
        let deadline = ContinuousClock.now + .seconds(30)
        while true {
            let found = try await queries.disclosures(org: o, patientId: p, from: nil, to: nil)
            if found.count >= count || ContinuousClock.now >= deadline { return found }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    static func keyId(_ stack: TestStack, _ org: String) async throws -> String {
        try #require(try await stack.database.scalars("SELECT key_id::text FROM api_keys WHERE organization_id = '\(org)'", logger: stack.logger).first)
    }

    static func create(_ stack: TestStack, _ org: TestStack.Organization, _ items: [[String: Any]]) async throws -> [String] {
        let reply = try await stack.request(.POST, "/v1/patients/batch", apiKey: org.apiKey, json: ["items": items])
        return try #require(reply.json["patient_ids"] as? [String])
    }

    @Test("GET of a patient, its History and a list page: each patient returned is listed with the caller's key and route, nothing else; another organization's reads never show")
    func readsAreDisclosed() async throws {
        try await withStack(disclosures: DisclosureRecorder.Settings()) { stack in
            let a = try await stack.organization(), b = try await stack.organization()
            let ids = try await Self.create(stack, a, [patientItem("Ann", "Lee", ["city": "Albany"]), patientItem("Bea", "Cole"), patientItem("Cy", "Dunn")])
            let (ann, bea, cy) = (ids[0], ids[1], ids[2])
            let bob = try await Self.create(stack, b, [patientItem("Bob", "Kim")])[0]

            #expect(try await stack.request(.GET, "/v1/patients/\(ann)", apiKey: a.apiKey).status == 200)
            #expect(try await stack.request(.GET, "/v1/patients/\(ann)/history", apiKey: a.apiKey).status == 200)
            let page = try await stack.request(.GET, "/v1/patients?skip=1&limit=1", apiKey: a.apiKey)
            #expect((page.json["items"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == [bea])
            // B reads its own patient, and tries A's (404: nothing was returned, nothing recorded).
            #expect(try await stack.request(.GET, "/v1/patients/\(bob)", apiKey: b.apiKey).status == 200)
            #expect(try await stack.request(.GET, "/v1/patients/\(ann)", apiKey: b.apiKey).status == 404)

            let keyA = try await Self.keyId(stack, a.id), keyB = try await Self.keyId(stack, b.id)
            let annReads = try await Self.disclosures(stack, org: a.id, patient: ann, count: 2)
            #expect(annReads.map(\.route) == ["solum.patients.get", "solum.patients.history"])
            #expect(annReads.allSatisfy { $0.actor == "api_key:\(keyA)" && $0.credential == "x-api-key" && $0.channel == "api" })
            let beaReads = try await Self.disclosures(stack, org: a.id, patient: bea, count: 1)
            #expect(beaReads.map(\.route) == ["solum.patients.list"] && beaReads.first?.actor == "api_key:\(keyA)")
            let bobReads = try await Self.disclosures(stack, org: b.id, patient: bob, count: 1)
            #expect(bobReads.map(\.actor) == ["api_key:\(keyB)"])
            // Cy was never returned, B's refused read of Ann is not there, and neither organization
            // sees the other's.
            #expect(try await Self.disclosures(stack, org: a.id, patient: cy, count: 0).isEmpty)
            #expect(try await Self.disclosures(stack, org: a.id, patient: ann, count: 0).count == 2)
            #expect(try await Self.disclosures(stack, org: b.id, patient: ann, count: 0).isEmpty)
            #expect(try await Self.disclosures(stack, org: a.id, patient: bob, count: 0).isEmpty)

            // clinicledger disclosures: the same reads, bounded by --from/--to.
            let lines = Lines()
            let org = try #require(UUID(uuidString: a.id)), patient = try #require(UUID(uuidString: ann))
            let listed = try await AuditReplay.disclosures(client: stack.runtime.postgres, organizationId: org, patientId: patient, from: nil, to: nil,
                                                           format: .table, logger: stack.logger) { lines.append($0) }
            #expect(listed == 2 && lines.all.count == 3)
            #expect(lines.all.first?.hasPrefix("WHEN") == true && lines.all[1].contains("api_key:\(keyA)") && lines.all[1].contains("solum.patients.get"))
            let last = try #require(annReads.last?.accessedAt)
            let bounded = try await AuditReplay.disclosures(client: stack.runtime.postgres, organizationId: org, patientId: patient, from: last,
                                                            to: nil, format: .json, logger: stack.logger) { _ in }
            #expect(bounded == 1, "--from is inclusive and leaves the earlier read out")
        }
    }

    @Test("the recorded fact names who, how, where and when — no patient data")
    func noPHIInTheFact() async throws {
        try await withStack(disclosures: DisclosureRecorder.Settings()) { stack in
            let org = try await stack.organization()
            let ann = try await Self.create(stack, org, [patientItem("Annabel", "Leeworth", ["city": "Schenectady"])])[0]
            _ = try await stack.request(.GET, "/v1/patients?first_name=Annabel", apiKey: org.apiKey)
            _ = try await stack.request(.POST, "/v1/patients/match-suggestion", apiKey: org.apiKey,
                                        json: ["first_name": "Annabel", "last_name": "Leeworth", "date_of_birth": "1984-07-12"])
            _ = try await Self.disclosures(stack, org: org.id, patient: ann, count: 2)
            let payloads = try await stack.database.scalars("""
                SELECT payload::text FROM event_archive WHERE organization_id = '\(org.id)'
                AND event_type = 'clinicledger.disclosure.patient_record_accessed.v1'
                """, logger: stack.logger)
            #expect(!payloads.isEmpty)
            for text in payloads {
                let payload = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
                #expect(Set(payload.keys) == ["batch_id", "patient_id", "accesses"])
                for access in try #require(payload["accesses"] as? [[String: Any]]) {
                    #expect(Set(access.keys) == ["accessed_at", "actor", "credential", "channel", "route"])
                }
                for phi in ["Annabel", "Leeworth", "Schenectady", "first_name"] { #expect(!text.contains(phi)) }
            }
            let routes = try await Self.disclosures(stack, org: org.id, patient: ann, count: 2).map(\.route)
            #expect(Set(routes) == ["solum.patients.list", "solum.patients.match_suggestion"])
        }
    }

    @Test("reads still buffered when the service stops are recorded by the shutdown")
    func flushOnShutdown() async throws {
        // A flush window longer than the test: only the shutdown can record the read.
        let stack = try await TestStack.start(disclosures: DisclosureRecorder.Settings(flushInterval: .seconds(3600), maxBatch: 100_000))
        do {
            let org = try await stack.organization()
            let ann = try await Self.create(stack, org, [patientItem("Ann", "Lee")])[0]
            #expect(try await stack.request(.GET, "/v1/patients/\(ann)", apiKey: org.apiKey).status == 200)
            #expect(await stack.runtime.services.disclosures?.bufferedCount == 1, "answered before anything was recorded")
            try await stack.restart()
            let reads = try await Self.disclosures(stack, org: org.id, patient: ann, count: 1)
            #expect(reads.map(\.route) == ["solum.patients.get"])
            await stack.stop()
        } catch {
            await stack.stop()
            throw error
        }
    }

    @Test("clinicledger patient --as-of: the old city before the upsert, the new one after, today's record equal to the read model's, nothing before creation")
    func patientAsOf() async throws {
        try await withStack(disclosures: DisclosureRecorder.Settings()) { stack in
            let s = try await AuditReplayTests.scene(stack)
            let org = try #require(UUID(uuidString: s.org.id)), patient = try #require(UUID(uuidString: s.patient))
            func run(_ asOf: Date?, _ format: AuditReplay.PatientFormat, org: UUID = org) async throws -> [String]? {
                let lines = Lines()
                let found = try await AuditReplay.patient(client: stack.runtime.postgres, organizationId: org, patientId: patient, asOf: asOf,
                                                          format: format, logger: stack.logger) { lines.append($0) }
                return found ? lines.all : nil
            }
            func fields(_ asOf: Date?) async throws -> [String: Any] {
                let text = try #require(try await run(asOf, .json)?.first)
                let document = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
                return try #require(document["fields"] as? [String: Any])
            }
            let between = try #require(RFC3339.parse(s.between))
            #expect(try await fields(between)["city"] as? String == "Albany")
            #expect(try await fields(s.t1)["city"] as? String == "Buffalo", "an event at exactly T is included")
            let table = try #require(try await run(between, .table))
            #expect(table.first?.hasPrefix("FIELD") == true && table.contains { $0.hasPrefix("city") && $0.hasSuffix("Albany") })
            #expect(!table.contains { $0.contains("Buffalo") })

            // Without T: today's record, the read model's values.
            let today = try await fields(nil)
            let live = try await stack.request(.GET, "/v1/patients/\(s.patient)", apiKey: s.org.apiKey).json
            for name in ["first_name", "last_name", "date_of_birth", "city"] {
                #expect(today[name] as? String == live[name] as? String, "\(name)")
            }
            let text = try #require(try await run(nil, .json)?.first)
            let document = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
            #expect(document["version"] as? Int == live["version"] as? Int)
            #expect(document["updated_at"] as? String == RFC3339.format(s.t1))

            #expect(try await run(s.t0.addingTimeInterval(-1), .table) == nil, "before the patient existed")
            #expect(try await run(nil, .json, org: UUID()) == nil, "another organization has no such patient")
        }
    }
}
