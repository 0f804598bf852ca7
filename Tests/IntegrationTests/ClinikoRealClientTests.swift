import Foundation
import HTTPAPI
import Testing

/// A Cliniko client no one here wrote — ClinikoClient from the PyPI package cliniko-mcp-server,
/// unchanged but for its base URL — creates, pages, books, reads conflicts, archives and parses our
/// errors (scripts/cliniko-client-check.py says exactly what it checks).
@Suite("A real Cliniko client", .serialized)
struct ClinikoRealClientTests {
    @Test("cliniko-mcp-server's ClinikoClient works against the Cliniko dialect unchanged")
    func realClient() async throws {
        try await withStack { stack in
            let (org, _) = try await ClinikoDialectTests.clinic(stack)
            let batch = try await stack.request(.POST, "/v1/patients/batch", apiKey: org.apiKey,
                                                json: ["items": [["first_name": "Ivy", "last_name": "Okafor", "date_of_birth": "1979-03-04"]]])
            let patient = try #require((batch.json["patient_ids"] as? [String])?.first.flatMap(UUID.init(uuidString:)))

            let root = FileManager.default.currentDirectoryPath
            let output = FileManager.default.temporaryDirectory.appendingPathComponent("cliniko-client-\(UUID().uuidString).log")
            _ = FileManager.default.createFile(atPath: output.path, contents: nil)
            defer { try? FileManager.default.removeItem(at: output) }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "\(root)/scripts/cliniko-client")
            process.arguments = ["http://127.0.0.1:\(stack.port)/v1/", org.apiKey, ClinikoIds.text(patient)]
            let log = try FileHandle(forWritingTo: output)
            process.standardOutput = log
            process.standardError = log
            try process.run()
            defer { if process.isRunning { process.terminate() } }
            // Polled, not waitUntilExit: a blocked thread would starve the server this process talks to.
            let started = ContinuousClock.now
            while process.isRunning, ContinuousClock.now - started < .seconds(300) {
                try await Task.sleep(for: .milliseconds(100))
            }
            let printed = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
            try #require(!process.isRunning, "the client did not finish in 5 minutes: \(printed)")
            #expect(process.terminationStatus == 0, "\(printed)")
            #expect(printed.contains("cliniko client check passed"), "\(printed)")
        }
    }
}
