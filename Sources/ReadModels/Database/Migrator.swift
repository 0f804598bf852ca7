import Logging
import PostgresNIO

/// Applies the migrations (`Migration.all()`) that have not run yet, each in its own transaction, recording them
/// in `schema_migrations`. An advisory lock keeps two starting processes from racing.
public enum Migrator {
    static let lockKey: Int64 = 0x436C_696E_4C65  // "ClinLe"

    /// `through`: apply none past this version (tests build yesterday's schema with it).
    @discardableResult
    public static func migrate(_ client: PostgresClient, through last: Int = .max, logger: Logger) async throws -> [Migration] {
        let migrations = try Migration.all().filter { $0.version <= last }
        return try await client.withConnection { conn in
            try await conn.query("SELECT pg_advisory_lock(\(lockKey))", logger: logger)
            do {
                let applied = try await apply(migrations, conn, logger: logger)
                try await conn.query("SELECT pg_advisory_unlock(\(lockKey))", logger: logger)
                return applied
            } catch {
                _ = try? await conn.query("SELECT pg_advisory_unlock(\(lockKey))", logger: logger)
                throw error
            }
        }
    }

    private static func apply(_ migrations: [Migration], _ conn: PostgresConnection, logger: Logger) async throws -> [Migration] {
        try await conn.query("""
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())
            """, logger: logger)
        var done = Set<Int>()
        for try await version in try await conn.query("SELECT version FROM schema_migrations", logger: logger).decode(Int.self) {
            done.insert(version)
        }
        var applied: [Migration] = []
        for migration in migrations where !done.contains(migration.version) {
            try await conn.withTransaction(logger: logger) { tx in
                for statement in statements(of: migration.sql) {
                    try await tx.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await tx.query("INSERT INTO schema_migrations (version, name) VALUES (\(migration.version), \(migration.name))", logger: logger)
            }
            logger.info("migration applied", metadata: ["version": "\(migration.version)", "name": "\(migration.name)"])
            applied.append(migration)
        }
        return applied
    }

    /// Splits a migration into statements at semicolons that end a line (the extended query
    /// protocol takes one statement at a time). Migrations keep to that form.
    static func statements(of sql: String) -> [String] {
        sql.components(separatedBy: ";\n")
            .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            .map { $0.hasSuffix(";") ? String($0.dropLast()) : $0 }
            .filter { stmt in !stmt.split(separator: "\n").allSatisfy { $0.trimmingCharacters(in: .whitespaces).hasPrefix("--") || $0.trimmingCharacters(in: .whitespaces).isEmpty } }
    }
}
