import Foundation
import Logging
import PostgresNIO
import ReadModels

/// A fresh database per test on the DATABASE_URL server (scripts/test starts one). No server is a
/// failure, never a skip.
struct TestDatabase: Sendable {
    let settings: PostgresSettings
    private let admin: PostgresSettings

    struct Missing: Error, CustomStringConvertible {
        var description: String { "DATABASE_URL is not set: integration tests need a real PostgreSQL; run scripts/test" }
    }

    static func create(logger: Logger) async throws -> TestDatabase {
        guard let url = ProcessInfo.processInfo.environment["DATABASE_URL"], !url.isEmpty else { throw Missing() }
        let admin = try PostgresSettings(url: url)
        let name = "clinicledger_test_\(UInt64.random(in: 0...UInt64.max))"
        try await run(admin, "CREATE DATABASE \(name)", logger: logger)
        return TestDatabase(settings: admin.with(database: name), admin: admin)
    }

    func drop(logger: Logger) async {
        try? await Self.run(admin, "DROP DATABASE IF EXISTS \(settings.database) WITH (FORCE)", logger: logger)
    }

    /// Runs one query on a short-lived client and returns the first column of each row as text.
    func scalars(_ sql: String, logger: Logger) async throws -> [String] {
        try await Self.run(settings, sql, logger: logger)
    }

    @discardableResult
    private static func run(_ settings: PostgresSettings, _ sql: String, logger: Logger) async throws -> [String] {
        let client = PostgresClient(configuration: settings.clientConfiguration, backgroundLogger: logger)
        let task = Task { await client.run() }
        defer { task.cancel() }
        var out: [String] = []
        for try await row in try await client.query(PostgresQuery(unsafeSQL: sql), logger: logger) {
            let cells = Array(row)
            if let first = cells.first { out.append((try? first.decode(String.self)) ?? "") }
        }
        return out
    }
}
