import AsyncHTTPClient
import EventLog
import Foundation
import NIOCore
import Testing

/// `clinicledger serve` as a user runs it, in its own process, stopped with SIGTERM.
@Suite("Shutdown", .serialized)
struct ShutdownTests {
    @Test("SIGTERM while the read models are catching up on 15,000 events: the process exits cleanly within 10 s")
    func sigtermDuringCatchUp() async throws {
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("clinicledger")
        let located = FileManager.default.isExecutableFile(atPath: binary.path)
            ? binary : URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(".build/debug/clinicledger")
        try #require(FileManager.default.isExecutableFile(atPath: located.path), "build the clinicledger executable first (swift build)")

        // The broker outlives the service: KAFKA_BROKERS when set (e.g. Tansu), else a mock of our own.
        let mock = TestStack.outsideBroker == nil ? try EmbeddedBroker(defaultPartitions: 4) : nil
        defer { mock?.stop() }
        let bootstrap = TestStack.outsideBroker ?? mock!.bootstrapServers
        let stack = try await TestStack.start(kafkaBrokers: bootstrap)
        do {
            let org = try await stack.organization()
            for batch in 0..<30 {
                let reply = try await stack.request(.POST, "/v1/patients/batch", apiKey: org.apiKey,
                                                    json: ["items": (0..<500).map { RetentionTests.item(batch: batch, index: $0) }])
                try #require(reply.status == 200)
            }
        } catch {
            await stack.stop()
            throw error
        }
        await stack.stopKeepingDatabase()
        do {
            try await Self.serveAndTerminate(located, stack: stack, bootstrap: bootstrap)
        } catch {
            await stack.database.drop(logger: stack.logger)
            throw error
        }
        await stack.database.drop(logger: stack.logger)
    }

    static func serveAndTerminate(_ located: URL, stack: TestStack, bootstrap: String) async throws {
        // Make the read models start over, so the new process has 15,000 events to catch up on.
        _ = try await stack.database.scalars("UPDATE projection_positions SET next_offset = 0 WHERE projector <> 'event_archive'", logger: stack.logger)
        _ = try await stack.database.scalars("DELETE FROM projected_events", logger: stack.logger)

        let s = stack.database.settings
        let process = Process()
        process.executableURL = located
        process.arguments = ["serve", "--port", "0"]
        var environment = ProcessInfo.processInfo.environment
        environment["DATABASE_URL"] = "postgres://\(s.username)\(s.password.map { ":\($0)" } ?? "")@\(s.host):\(s.port)/\(s.database)"
        environment["KAFKA_BROKERS"] = bootstrap
        environment["CLINICLEDGER_TOPIC_PREFIX"] = stack.topicPrefix
        environment["CLINICLEDGER_ADMIN_TOKEN"] = "shutdown-test"
        environment["LOG_LEVEL"] = "debug"
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        // Its log goes to a file: when the exit is late, the test shows what the process was doing.
        let logPath = FileManager.default.temporaryDirectory.appendingPathComponent("shutdown-\(UUID().uuidString).log").path
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        try process.run()
        defer {
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            try? FileManager.default.removeItem(atPath: logPath)
        }

        // Wait until it serves: the projections are now catching up in the background.
        let started = ContinuousClock.now
        var printed = ""
        while !printed.contains("Listening on"), ContinuousClock.now - started < .seconds(120), process.isRunning {
            printed += String(decoding: output.fileHandleForReading.availableData, as: UTF8.self)
        }
        try #require(printed.contains("Listening on"), "serve did not start: \(printed)")

        // Still catching up when the signal comes (else this would test an idle shutdown).
        let port = printed.split(separator: ":").last.flatMap { Int($0.prefix { $0.isNumber }) } ?? 0
        var health = HTTPClientRequest(url: "http://127.0.0.1:\(port)/health")
        health.method = .GET
        let answer = try await HTTPClient.shared.execute(health, timeout: .seconds(10))
        let body = try await answer.body.collect(upTo: 1 << 20)
        let offsets = ((try? JSONSerialization.jsonObject(with: Data(buffer: body))) as? [String: Any])?["projected_offsets"] as? [String: Int] ?? [:]
        let projected = offsets.values.reduce(0, +)
        #expect(projected < 15_000, "the read models had already caught up (\(projected) events) before SIGTERM")

        let signalled = ContinuousClock.now
        kill(process.processIdentifier, SIGTERM)
        while process.isRunning, ContinuousClock.now - signalled < .seconds(20) {
            try await Task.sleep(for: .milliseconds(50))
        }
        let took = ContinuousClock.now - signalled
        let log = { () -> String in
            let lines = ((try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "").split(separator: "\n")
                .filter { !$0.contains("projection batch") }
            // A crash's own lines (the runtime's reason and the crashed thread) come before its long register dump.
            let crash = lines.firstIndex { $0.contains("Fatal error") || $0.contains("crashed") || $0.contains("Crash") }
                .map { lines[$0..<min($0 + 40, lines.count)].joined(separator: "\n") + "\n  ...\n" } ?? ""
            return crash + lines.suffix(60).joined(separator: "\n")
        }
        guard !process.isRunning else {
            Issue.record("still running 20 s after SIGTERM; its log ends:\n\(log())")
            return
        }
        #expect(took < .seconds(10), "SIGTERM to exit took \(took); its log ends:\n\(log())")
        #expect(process.terminationReason == .exit && process.terminationStatus == 0)
    }
}
