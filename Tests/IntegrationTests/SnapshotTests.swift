import EventLog
import EventStore
import Foundation
import Testing

/// Writer snapshots (docs/architecture.md, "Writer snapshots"): a writer that starts from a
/// snapshot and the log after it answers exactly as one that read the whole log, and a snapshot
/// that does not fit (another format, a chain head the log does not have) is ignored.
@Suite("Writer snapshots", .serialized)
struct SnapshotTests {
    /// A name of letters only (names may not carry digits): 0 → "Aaa", 1 → "Aab", ...
    static func name(_ i: Int) -> String {
        let letters = (0..<3).reversed().map { Character(UnicodeScalar(UInt8(97 + (i / Int(pow(26.0, Double($0)))) % 26))) }
        return String(letters).capitalized
    }

    static func item(_ group: String, _ i: Int) -> [String: Any] {
        patientItem(name(i), group, ["external_id": "\(group)-\(i)", "phone_number": String(format: "(212) 555-%04d", i % 10_000),
                                     "date_of_birth": String(format: "19%02d-%02d-%02d", 40 + i % 50, 1 + i % 12, 1 + i % 28)])
    }

    /// What the organization wrote before the snapshot and after it.
    struct Scene {
        var org: TestStack.Organization
        var beforeBody: [String: Any]
        var beforeIds: [String]
        var tailIds: [String] = []
    }

    static func writeBefore(_ stack: TestStack, count: Int = 30) async throws -> Scene {
        let org = try await stack.organization()
        let body: [String: Any] = ["items": (0..<count).map { item("Before", $0) }]
        let reply = try await stack.request(.POST, "/v1/patients/batch", apiKey: org.apiKey, json: body, headers: ["Idempotency-Key": "snap-before"])
        try #require(reply.status == 200, "\(reply.status)")
        return Scene(org: org, beforeBody: body, beforeIds: reply.json["patient_ids"] as? [String] ?? [])
    }

    static func writeTail(_ stack: TestStack, _ scene: inout Scene) async throws {
        let reply = try await stack.request(.POST, "/v1/patients/batch", apiKey: scene.org.apiKey,
                                            json: ["items": (0..<10).map { item("Tail", $0) }])
        try #require(reply.status == 200, "\(reply.status)")
        scene.tailIds = reply.json["patient_ids"] as? [String] ?? []
    }

    static func partition(_ stack: TestStack, _ scene: Scene) -> Int32 {
        EventRecordCodec.partition(for: UUID(uuidString: scene.org.id)!, partitionCount: stack.runtime.partitions)
    }

    static func snapshotOffsets(_ stack: TestStack, _ partition: Int32) async throws -> [Int64] {
        try await stack.database.scalars("SELECT log_offset::text FROM writer_snapshots WHERE partition = \(partition) ORDER BY log_offset",
                                         logger: stack.logger).compactMap { Int64($0) }
    }

    /// Stops the stack (a clean stop takes a snapshot), runs `between` on its database, and starts
    /// a new stack on the same database and topics.
    static func restart(_ stack: TestStack, between: (TestStack) async throws -> Void = { _ in }) async throws -> TestStack {
        await stack.stopKeepingDatabase()
        do { try await between(stack) } catch {
            await stack.database.drop(logger: stack.logger)
            throw error
        }
        return try await TestStack.start(database: stack.database, kafkaBrokers: stack.kafkaBrokers, topicPrefix: stack.topicPrefix)
    }

    /// Until the archive has the partition's whole log (the broker may hold only its tail).
    static func waitForArchive(_ stack: TestStack, _ partition: Int32) async throws {
        let probe = try EventReader(bootstrapServers: stack.runtime.bootstrapServers, topic: stack.runtime.topics.events)
        let end = try await probe.watermarks(partition: partition).end
        await probe.close()
        let deadline = ContinuousClock.now + .seconds(60)
        while true {
            let archived = try await stack.database.scalars("""
                SELECT next_offset::text FROM projection_positions WHERE projector = 'event_archive' AND partition = \(partition)
                """, logger: stack.logger).first.flatMap { Int64($0) } ?? 0
            if archived >= end { return }
            guard ContinuousClock.now < deadline else { throw TestFailure("the archive reached offset \(archived) of \(end)") }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// The answers a writer gives only when its state holds the whole history.
    static func expectSameAnswers(_ stack: TestStack, _ scene: Scene) async throws {
        let key = scene.org.apiKey
        for held in ["Before-3"] + (scene.tailIds.isEmpty ? [] : ["Tail-4"]) {
            let repeated = try await stack.request(.POST, "/v1/patients/batch", apiKey: key,
                                                   json: ["items": [patientItem("Other", "Person", ["external_id": held])]])
            #expect(repeated.status == 409, "external_id \(held) is still held")
        }
        for (group, i, ids) in [("Before", 7, scene.beforeIds)] + (scene.tailIds.isEmpty ? [] : [("Tail", 5, scene.tailIds)]) {
            var probe = item(group, i)
            probe["external_id"] = nil
            probe["phone_number"] = nil
            let upsert = try await stack.request(.POST, "/v1/patients/upsert", apiKey: key, json: probe)
            #expect(upsert.status == 200 && upsert.json["matched"] as? Bool == true, "\(group) patient \(i) is matched: \(upsert.status)")
            #expect((upsert.json["patient"] as? [String: Any])?["id"] as? String == ids[i])
        }
        let replay = try await stack.request(.POST, "/v1/patients/batch", apiKey: key, json: scene.beforeBody,
                                             headers: ["Idempotency-Key": "snap-before"])
        #expect(replay.status == 200 && replay.header("Idempotent-Replayed") == "true", "the key from before the snapshot replays")
        #expect(replay.json["patient_ids"] as? [String] == scene.beforeIds)

        // The chain continues from the head the writer restored.
        let more = try await stack.request(.POST, "/v1/patients/batch", apiKey: key, json: ["items": [item("After", 1)]])
        #expect(more.status == 200)
        try await waitForArchive(stack, partition(stack, scene))
        let report = try await VerifyTests.verify(stack, org: scene.org.id)
        #expect(report.breaks.isEmpty, "the hash chain verifies: \(report.breaks)")
        #expect(report.events > scene.beforeIds.count + scene.tailIds.count)
    }

    @Test("A writer started from a snapshot and the log after it answers as one that read the whole log")
    func snapshotAndTail() async throws {
        let first = try await TestStack.start()
        var scene: Scene
        do { scene = try await Self.writeBefore(first) } catch {
            await first.stop()
            throw error
        }
        let p = Self.partition(first, scene)
        let second = try await Self.restart(first)
        var third: TestStack?
        do {
            let start = await second.runtime.writerStarts()[Int(p)]
            #expect(start.snapshotOffset != nil && start.eventsRead == 0, "the clean stop left a snapshot of everything: \(start)")
            try await Self.writeTail(second, &scene)

            // Keep only the first snapshot: the next start reads it and the tail after it.
            third = try await Self.restart(second) { stack in
                let offsets = try await Self.snapshotOffsets(stack, p)
                try #require(offsets.count == 2, "one snapshot per clean stop: \(offsets)")
                _ = try await stack.database.scalars("DELETE FROM writer_snapshots WHERE partition = \(p) AND log_offset = \(offsets[1])",
                                                     logger: stack.logger)
            }
            let resumed = await third!.runtime.writerStarts()[Int(p)]
            #expect(resumed.snapshotOffset == start.snapshotOffset && resumed.eventsRead >= scene.tailIds.count && resumed.eventsRead < resumed.events,
                    "started from the first snapshot and read the tail: \(resumed)")
            try await Self.expectSameAnswers(third!, scene)
        } catch {
            await (third ?? second).stop()
            throw error
        }
        await third!.stop()
    }

    enum Misfit: String, CaseIterable, Sendable {
        /// Taken by a build whose state has another shape.
        case otherFormat
        /// Its chain heads are not the log's (a snapshot of another log, or a damaged one).
        case otherHead
    }

    @Test("A snapshot that does not fit is ignored: the writer reads the whole log and answers the same", arguments: Misfit.allCases)
    func misfitIgnored(_ misfit: Misfit) async throws {
        let first = try await TestStack.start()
        var scene: Scene
        do {
            scene = try await Self.writeBefore(first)
            try await Self.writeTail(first, &scene)
        } catch {
            await first.stop()
            throw error
        }
        let p = Self.partition(first, scene)
        let second = try await Self.restart(first) { stack in
            let change = switch misfit {
            case .otherFormat: "format = format + 1000"
            // Every head in the JSON payload gains a digit: the last event no longer hashes to it.
            case .otherHead: #"payload = convert_to(replace(convert_from(payload, 'UTF8'), '"hash":"', '"hash":"f'), 'UTF8')"#
            }
            let changed = try await stack.database.scalars("UPDATE writer_snapshots SET \(change) WHERE partition = \(p) RETURNING 1",
                                                           logger: stack.logger)
            try #require(changed.count == 1, "the clean stop left one snapshot")
        }
        do {
            let start = await second.runtime.writerStarts()[Int(p)]
            #expect(start.snapshotOffset == nil && start.eventsRead == start.events && start.events > 0,
                    "the whole log was read: \(start)")
            try await Self.expectSameAnswers(second, scene)
        } catch {
            await second.stop()
            throw error
        }
        await second.stop()
    }

    @Test("Tens of thousands of events: periodic snapshots while writing, the newest two kept, a restart from one decides the same")
    func atScale() async throws {
        let batches = 40, size = 500
        let stack = try await TestStack.start(snapshotEvery: 3_000)
        var restarted: TestStack?
        do {
            var scene = try await Self.writeBefore(stack, count: size)
            for b in 1..<batches {
                let reply = try await stack.request(.POST, "/v1/patients/batch", apiKey: scene.org.apiKey,
                                                    json: ["items": (0..<size).map { Self.item("Bulk\(Self.name(b))", $0) }])
                try #require(reply.status == 200, "batch \(b): \(reply.status)")
            }
            try await Self.writeTail(stack, &scene)
            let p = Self.partition(stack, scene)
            restarted = try await Self.restart(stack) { stack in
                let offsets = try await Self.snapshotOffsets(stack, p)
                #expect(offsets.count == 2, "periodic snapshots and the one at the stop: the newest two are kept (\(offsets))")
            }
            let start = await restarted!.runtime.writerStarts()[Int(p)]
            #expect(start.snapshotOffset != nil && start.events >= batches * size, "\(start)")
            try await Self.expectSameAnswers(restarted!, scene)
            let patients = try await restarted!.database.scalars(
                "SELECT count(*)::text FROM patients WHERE organization_id = '\(scene.org.id)'", logger: restarted!.logger)
            #expect(patients == ["\(batches * size + 10 + 1)"])
        } catch {
            await (restarted ?? stack).stop()
            throw error
        }
        await restarted!.stop()
    }
}
