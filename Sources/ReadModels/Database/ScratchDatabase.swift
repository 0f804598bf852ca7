import Logging
import PostgresNIO

/// A throwaway database on a server (benchmarks and tests): created empty, dropped after.
public struct ScratchDatabase: Sendable {
    public let settings: PostgresSettings
    private let server: PostgresSettings

    /// Creates `<prefix>_<random>` on the server `server` points at.
    public static func create(on server: PostgresSettings, prefix: String, logger: Logger) async throws -> ScratchDatabase {
        let name = "\(prefix)_\(UInt64.random(in: 0...UInt64.max))"
        try await execute(server, "CREATE DATABASE \(name)", logger: logger)
        return ScratchDatabase(settings: server.with(database: name), server: server)
    }

    public func drop(logger: Logger) async {
        _ = try? await Self.execute(server, "DROP DATABASE IF EXISTS \(settings.database) WITH (FORCE)", logger: logger)
    }

    /// Runs one statement on a short-lived client and returns each row's first column as text.
    @discardableResult
    public static func execute(_ settings: PostgresSettings, _ sql: String, logger: Logger) async throws -> [String] {
        let client = PostgresClient(configuration: settings.clientConfiguration, backgroundLogger: logger)
        return try await withThrowingTaskGroup(of: [String]?.self) { group in
            group.addTask { await client.run(); return nil }
            defer { group.cancelAll() }
            var out: [String] = []
            for try await row in try await client.query(PostgresQuery(unsafeSQL: sql), logger: logger) {
                if let first = Array(row).first { out.append((try? first.decode(String.self)) ?? "") }
            }
            return out
        }
    }
}
