import Foundation
import Logging
import PostgresNIO
import ReadModels

/// A throwaway database on the DATABASE_URL server, so a benchmark neither reads nor disturbs real data.
struct BenchDatabase {
    let settings: PostgresSettings
    let admin: PostgresSettings

    static func create(from url: String, label: String, logger: Logger) async throws -> BenchDatabase {
        let admin = try PostgresSettings(url: url)
        let name = "clinicledger_bench_\(label)_\(UInt32.random(in: 0...UInt32.max))"
        try await run(admin, "CREATE DATABASE \(name)", logger: logger)
        return BenchDatabase(settings: admin.with(database: name), admin: admin)
    }

    func drop(logger: Logger) async {
        try? await Self.run(admin, "DROP DATABASE IF EXISTS \(settings.database) WITH (FORCE)", logger: logger)
    }

    private static func run(_ settings: PostgresSettings, _ sql: String, logger: Logger) async throws {
        let client = PostgresClient(configuration: settings.clientConfiguration, backgroundLogger: logger)
        let task = Task { await client.run() }
        defer { task.cancel() }
        try await client.query(PostgresQuery(unsafeSQL: sql), logger: logger)
    }
}
