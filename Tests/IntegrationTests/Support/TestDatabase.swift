import Foundation
import Logging
import PostgresNIO
import ReadModels

/// A fresh database per test on the DATABASE_URL server (scripts/test starts one). No server is a
/// failure, never a skip.
struct TestDatabase: Sendable {
    let scratch: ScratchDatabase
    var settings: PostgresSettings { scratch.settings }

    struct Missing: Error, CustomStringConvertible {
        var description: String { "DATABASE_URL is not set: integration tests need a real PostgreSQL; run scripts/test" }
    }

    static func create(logger: Logger) async throws -> TestDatabase {
        guard let url = ProcessInfo.processInfo.environment["DATABASE_URL"], !url.isEmpty else { throw Missing() }
        return TestDatabase(scratch: try await ScratchDatabase.create(on: try PostgresSettings(url: url), prefix: "clinicledger_test", logger: logger))
    }

    func drop(logger: Logger) async { await scratch.drop(logger: logger) }

    /// Each row's first column as text.
    func scalars(_ sql: String, logger: Logger) async throws -> [String] {
        try await ScratchDatabase.execute(settings, sql, logger: logger)
    }

    /// A fresh database with a running client on it for `body`; dropped afterwards, whatever `body` throws.
    static func withClient(logger: Logger, _ body: (TestDatabase, PostgresClient) async throws -> Void) async throws {
        let database = try await create(logger: logger)
        let client = PostgresClient(configuration: database.settings.clientConfiguration, backgroundLogger: logger)
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { await client.run() }
                defer { group.cancelAll() }
                try await body(database, client)
            }
        } catch {
            await database.drop(logger: logger)
            throw error
        }
        await database.drop(logger: logger)
    }
}
