import Domain
import EventStore
import Foundation
import ReadModels
import Runtime
import Testing

/// Audit replay (issue 11): History as of a time, over HTTP and the CLI, and the raw replay — all
/// built from event_archive.
@Suite("Audit replay: history as of T and replay, from event_archive", .serialized)
struct AuditReplayTests {
    struct Scene {
        let org: TestStack.Organization
        let patient: String
        /// Created at `t0` in Albany; the upsert that moved the patient to Buffalo at `t1`.
        let t0: Date, t1: Date
        var between: String { RFC3339.format(t0.addingTimeInterval(t1.timeIntervalSince(t0) / 2)) }
    }

    /// A patient created in Albany, then (a little later) upserted to Buffalo; waits until the
    /// archive holds both events (read-your-writes waits for the read models, not the archive), and
    /// when the stack records reads, the three recorded reads of the patient (both upserts' replies,
    /// the History) — so no flush of them lands later.
    static func scene(_ stack: TestStack) async throws -> Scene {
        let org = try await stack.organization()
        let base: [String: Any] = ["first_name": "Ann", "last_name": "Lee", "date_of_birth": "1984-07-12"]
        let created = try await stack.request(.POST, "/v1/patients/upsert", apiKey: org.apiKey, json: base.merging(["city": "Albany"]) { $1 })
        let id = try #require((created.json["patient"] as? [String: Any])?["id"] as? String)
        try await Task.sleep(for: .milliseconds(20))
        let updated = try await stack.request(.POST, "/v1/patients/upsert", apiKey: org.apiKey, json: base.merging(["city": "Buffalo"]) { $1 })
        #expect(updated.json["matched"] as? Bool == true)
        let live = try await stack.request(.GET, "/v1/patients/\(id)/history", apiKey: org.apiKey)
        let items = try #require(live.json["items"] as? [[String: Any]])
        #expect(items.map { $0["action"] as? String } == ["created", "updated"])
        let times = items.compactMap { ($0["occurred_at"] as? String).flatMap(RFC3339.parse) }
        try #require(times.count == 2 && times[0] < times[1])
        await stack.runtime.services.disclosures?.flushAll()
        let deadline = ContinuousClock.now + .seconds(20)
        while try await stack.database.scalars("""
            SELECT ((SELECT count(*) FROM event_archive WHERE aggregate_id = '\(id)') >= 2
                AND (SELECT coalesce(sum(jsonb_array_length(payload->'accesses')), 0) FROM event_archive
                     WHERE payload->>'patient_id' = upper('\(id)') AND event_type = 'clinicledger.disclosure.patient_record_accessed.v1')
                    >= \(stack.disclosures == nil ? 0 : 3))::text
            """, logger: stack.logger) != ["true"] {
            guard ContinuousClock.now < deadline else { throw TestFailure("the archive did not receive the patient's events") }
            try await Task.sleep(for: .milliseconds(50))
        }
        return Scene(org: org, patient: id, t0: times[0], t1: times[1])
    }

    static func json(_ data: Data) -> NSDictionary? { (try? JSONSerialization.jsonObject(with: data)) as? NSDictionary }

    @Test("as_of before the update shows the old state only, after it the update; without as_of the live answer; bad as_of 400; another org 404")
    func historyAsOfOverHTTP() async throws {
        try await withStack { stack in
            let s = try await Self.scene(stack)
            let path = "/v1/patients/\(s.patient)/history"

            let before = try await stack.request(.GET, "\(path)?as_of=\(s.between)", apiKey: s.org.apiKey)
            #expect(before.status == 200)
            let old = try #require(before.json["items"] as? [[String: Any]])
            #expect(old.map { $0["action"] as? String } == ["created"])
            let created = try #require(old.first?["changes"] as? [[String: Any]])
            #expect(created.contains { $0["field"] as? String == "city" && $0["new"] as? String == "Albany" })
            #expect(!String(decoding: before.body, as: UTF8.self).contains("Buffalo"))

            let after = try await stack.request(.GET, "\(path)?as_of=\(RFC3339.format(s.t1.addingTimeInterval(1)))", apiKey: s.org.apiKey)
            let items = try #require(after.json["items"] as? [[String: Any]])
            #expect(items.map { $0["action"] as? String } == ["created", "updated"])
            let city = (items[1]["changes"] as? [[String: Any]])?.first { $0["field"] as? String == "city" }
            #expect(city?["old"] as? String == "Albany" && city?["new"] as? String == "Buffalo")

            // At exactly t1 the update is included (occurred_at <= T).
            let atT1 = try await stack.request(.GET, "\(path)?as_of=\(RFC3339.format(s.t1))", apiKey: s.org.apiKey)
            #expect((atT1.json["items"] as? [[String: Any]])?.count == 2)

            // The archive's answer up to now equals the live History's, item for item.
            let live = try await stack.request(.GET, path, apiKey: s.org.apiKey)
            let now = try await stack.request(.GET, "\(path)?as_of=\(RFC3339.format(Date().addingTimeInterval(60)))", apiKey: s.org.apiKey)
            #expect(Self.json(live.body) != nil && Self.json(live.body) == Self.json(now.body))
            #expect(Self.json(after.body) == Self.json(live.body))

            // Before the patient existed: as unknown.
            let tooEarly = try await stack.request(.GET, "\(path)?as_of=\(RFC3339.format(s.t0.addingTimeInterval(-1)))", apiKey: s.org.apiKey)
            #expect(tooEarly.status == 404)
            #expect(tooEarly.errorCode == "not_found")

            for bad in ["yesterday", "2026-13-01T00:00:00Z", "", "1700000000"] {
                let reply = try await stack.request(.GET, "\(path)?as_of=\(bad)", apiKey: s.org.apiKey)
                #expect(reply.status == 400, "as_of=\(bad)")
                #expect(reply.errorParam == "as_of")
                #expect(reply.errorCode == "invalid_value")
            }

            // Another organization's key sees no such patient, with or without as_of.
            let other = try await stack.organization()
            #expect(try await stack.request(.GET, "\(path)?as_of=\(s.between)", apiKey: other.apiKey).status == 404)
            #expect(try await stack.request(.GET, path, apiKey: other.apiKey).status == 404)
        }
    }

    @Test("clinicledger history: the same rows as HTTP, as JSON or a table; as of before the update shows Albany only")
    func historyCommand() async throws {
        try await withStack { stack in
            let s = try await Self.scene(stack)
            let org = try #require(UUID(uuidString: s.org.id)), patient = try #require(UUID(uuidString: s.patient))
            func run(_ asOf: Date?, _ format: AuditReplay.HistoryFormat, org: UUID = org) async throws -> [String]? {
                let lines = Lines()
                let found = try await AuditReplay.history(client: stack.runtime.postgres, organizationId: org, patientId: patient, asOf: asOf,
                                                          format: format, logger: stack.logger) { lines.append($0) }
                return found ? lines.all : nil
            }

            let json = try #require(try await run(nil, .json))
            #expect(json.count == 1)
            let live = try await stack.request(.GET, "/v1/patients/\(s.patient)/history", apiKey: s.org.apiKey)
            #expect(Self.json(Data(json[0].utf8)) == Self.json(live.body))
            let between = try #require(RFC3339.parse(s.between))
            let then = try await stack.request(.GET, "/v1/patients/\(s.patient)/history?as_of=\(s.between)", apiKey: s.org.apiKey)
            #expect(Self.json(Data(try #require(try await run(between, .json))[0].utf8)) == Self.json(then.body))

            let table = try #require(try await run(nil, .table))
            #expect(table[0].hasPrefix("WHEN") && table[0].contains("ACTION") && table[0].contains("CHANGE"))
            let update = try #require(table.first { $0.contains("updated") })
            #expect(update.hasPrefix(RFC3339.format(s.t1)))
            #expect(update.contains("city: Albany → Buffalo"))
            #expect(update.contains("api_key:") && update.contains("api"))
            #expect(table.contains { $0.contains("city: ∅ → Albany") })

            let old = try #require(try await run(between, .table))
            #expect(!old.contains { $0.contains("Buffalo") })
            #expect(old.contains { $0.contains("created") && $0.hasPrefix(RFC3339.format(s.t0)) })

            #expect(try await run(s.t0.addingTimeInterval(-1), .table) == nil, "before the patient existed")
            #expect(try await run(nil, .json, org: UUID()) == nil, "another organization has no such patient")
        }
    }

    @Test("clinicledger replay: the organization's events in log order, filtered by --type and --from/--to, paged")
    func replayCommand() async throws {
        try await withStack { stack in
            let s = try await Self.scene(stack)
            let other = try await stack.organization()
            _ = try await stack.request(.POST, "/v1/patients/upsert", apiKey: other.apiKey,
                                        json: ["first_name": "Bo", "last_name": "Kim", "date_of_birth": "1990-01-02"])
            let org = try #require(UUID(uuidString: s.org.id))
            func run(_ filter: EventArchive.ReplayFilter, _ format: AuditReplay.ReplayFormat = .jsonl, pageSize: Int = 1000) async throws -> [String] {
                let lines = Lines()
                let count = try await AuditReplay.replay(client: stack.runtime.postgres, filter: filter, format: format, pageSize: pageSize,
                                                         logger: stack.logger) { lines.append($0) }
                #expect(count == lines.all.count - (format == .table ? 1 : 0))
                return lines.all
            }
            func objects(_ lines: [String]) -> [[String: Any]] {
                lines.compactMap { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any] }
            }

            let all = objects(try await run(.init(organizationId: org)))
            let archived = try await stack.database.scalars(
                "SELECT event_id::text FROM event_archive WHERE organization_id = '\(s.org.id)' ORDER BY partition, \"offset\"", logger: stack.logger)
            #expect(all.map { $0["event_id"] as? String } == archived, "every archived event of the organization, in log order")
            #expect(all.allSatisfy { $0["organization_id"] as? String == s.org.id.lowercased() })
            #expect(all.first?["type"] as? String == "clinicledger.organization.created.v1")
            let offsets = all.compactMap { $0["offset"] as? Int }
            #expect(offsets == offsets.sorted() && offsets.count == all.count)
            #expect(objects(try await run(.init(organizationId: org), pageSize: 2)).map { $0["event_id"] as? String } == archived,
                    "paging two rows at a time gives the same stream")

            let updates = objects(try await run(.init(organizationId: org, types: ["clinicledger.patient.updated.v1"])))
            #expect(updates.count == 1)
            let update = try #require(updates.first)
            #expect(update["aggregate_type"] as? String == "patient" && update["aggregate_id"] as? String == s.patient.lowercased())
            #expect(update["time"] as? String == RFC3339.format(s.t1))
            #expect(update["channel"] as? String == "api" && (update["actor"] as? String)?.hasPrefix("api_key:") == true)
            let changes = (update["payload"] as? [String: Any])?["changes"] as? [[String: Any]]
            #expect(changes?.contains { $0["field"] as? String == "city" && $0["new"] as? String == "Buffalo" } == true)
            let patientEvents = objects(try await run(.init(organizationId: org, types: ["clinicledger.patient.created.v1", "clinicledger.patient.updated.v1"])))
            #expect(patientEvents.map { $0["type"] as? String } == ["clinicledger.patient.created.v1", "clinicledger.patient.updated.v1"])

            // The time bounds, on the changes alone: the scene's reads are recorded at flush times
            // of their own (docs/audit.md), which may fall on either side of a bound.
            func facts(_ events: [[String: Any]]) -> [[String: Any]] {
                events.filter { ($0["type"] as? String)?.hasPrefix("clinicledger.disclosure.") != true }
            }
            let fromT1 = facts(objects(try await run(.init(organizationId: org, from: s.t1))))
            #expect(fromT1.map { $0["type"] as? String } == ["clinicledger.patient.updated.v1"])
            let toBetween = facts(objects(try await run(.init(organizationId: org, to: RFC3339.parse(s.between)))))
            #expect(toBetween.count == facts(all).count - 1 && !toBetween.contains { $0["type"] as? String == "clinicledger.patient.updated.v1" })
            #expect(facts(objects(try await run(.init(organizationId: org, to: s.t1)))).count == facts(all).count,
                    "--to is inclusive, to the millisecond")
            let window = facts(objects(try await run(.init(organizationId: org, from: s.t0, to: RFC3339.parse(s.between)))))
            #expect(window.map { $0["type"] as? String } == ["clinicledger.patient.created.v1"])

            let table = try await run(.init(organizationId: org, types: ["clinicledger.patient.updated.v1"]), .table)
            #expect(table.count == 2 && table[0].hasPrefix("TIME") && table[0].contains("PARTITION:OFFSET"))
            #expect(table[1].hasPrefix(RFC3339.format(s.t1)) && table[1].contains("clinicledger.patient.updated.v1")
                    && table[1].contains("patient/\(s.patient.lowercased())"))

            #expect(try await run(.init(organizationId: UUID())).isEmpty, "an unknown organization replays nothing")
        }
    }
}

/// Lines a command wrote, collected across its (sequential) calls.
final class Lines: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    func append(_ line: String) { lock.lock(); lines.append(line); lock.unlock() }
    var all: [String] { lock.lock(); defer { lock.unlock() }; return lines }
}
