import Foundation
import Logging
import PostgresNIO

/// `clinicledger verify --projections`: rebuilds every read model from `event_archive` into a
/// scratch schema of the same database (the same migrations, through `search_path`) and compares
/// its tables with the live ones, checksum by checksum (`ProjectionChecksum`); a table that differs
/// is compared row by row to name the primary keys of the rows that differ. Each projection is
/// rebuilt up to the live projection's own positions, so both hold the same events. The scratch
/// schema is dropped afterwards. Reads every organization: an operator's tool.
public enum ProjectionVerify {
    public struct Difference: Sendable, Equatable {
        public var projection: String
        public var table: String
        public var liveRows: Int
        public var rebuiltRows: Int
        /// The primary keys (`column=value, …`) of rows that are in one table and not the other, at most `keyLimit`.
        public var keys: [String]
    }

    public struct Report: Sendable {
        public var projections: [String]
        public var tables: Int
        public var differences: [Difference]
        /// Projections whose live positions moved while they were compared (serve wrote meanwhile): run again.
        public var moved: [String]
        /// Projections that had applied events the archive does not hold yet (Kafka mode, archiver behind).
        public var aheadOfArchive: [String]
        public var verified: Bool { differences.isEmpty && moved.isEmpty && aheadOfArchive.isEmpty }
    }

    public static func run(client live: PostgresClient, settings: PostgresSettings, topic: String, keyLimit: Int = 20,
                           logger: Logger) async throws -> Report {
        var liveSchema = "public"
        for try await name in try await live.query("SELECT current_schema()::text", logger: logger).decode(String.self) { liveSchema = name }
        let scratch = "clinicledger_verify_\(UInt64.random(in: 0...UInt64.max))"
        try await live.query(PostgresQuery(unsafeSQL: "CREATE SCHEMA \(scratch)"), logger: logger)
        do {
            let report = try await inScratch(scratch, live: live, liveSchema: liveSchema, settings: settings, topic: topic,
                                             keyLimit: keyLimit, logger: logger)
            try await live.query(PostgresQuery(unsafeSQL: "DROP SCHEMA \(scratch) CASCADE"), logger: logger)
            return report
        } catch {
            _ = try? await live.query(PostgresQuery(unsafeSQL: "DROP SCHEMA \(scratch) CASCADE"), logger: logger)
            throw error
        }
    }

    private static func inScratch(_ scratch: String, live: PostgresClient, liveSchema: String, settings: PostgresSettings, topic: String,
                                  keyLimit: Int, logger: Logger) async throws -> Report {
        var configuration = settings.clientConfiguration
        // Unqualified names (migrations, projections, checksums) resolve in the scratch schema.
        configuration.options.additionalStartupParameters = [("search_path", scratch)]
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        return try await withThrowingTaskGroup(of: Report?.self) { group in
            group.addTask { await client.run(); return nil }
            defer { group.cancelAll() }
            try await Migrator.migrate(client, logger: logger)
            // The scratch read models replay the live archive, without copying it.
            try await client.query("DROP TABLE event_archive", logger: logger)
            try await client.query(PostgresQuery(unsafeSQL: "CREATE VIEW event_archive AS SELECT * FROM \"\(liveSchema)\".event_archive"), logger: logger)
            let archived = try await ArchiveProjection().positions(topic: topic, client: live, logger: logger)
            var report = Report(projections: [], tables: 0, differences: [], moved: [], aheadOfArchive: [])
            for projection in ReadModelProjections.readModels {
                let positions = try await projection.positions(topic: topic, client: live, logger: logger)
                if positions.contains(where: { $0.value > archived[$0.key] ?? 0 }) {
                    report.aheadOfArchive.append(projection.name)
                    continue
                }
                // The rebuild reads the archive up to its position: here, up to the live projection's.
                try await client.withTransaction(logger: logger) { conn in
                    try await conn.query("DELETE FROM projection_positions WHERE projector = \(ArchiveProjection.name)", logger: logger)
                    try await ProjectionPositions.save(projector: ArchiveProjection.name, topic: topic, positions, on: conn, logger: logger)
                }
                let rebuilt = try await ProjectionRebuild(name: projection.name, client: client, topic: topic, logger: logger).run(from: .archive)
                let current = try await ProjectionChecksum.of(projection, client: live, logger: logger)
                if try await projection.positions(topic: topic, client: live, logger: logger) != positions {
                    report.moved.append(projection.name)
                    continue
                }
                report.projections.append(projection.name)
                report.tables += current.tables.count
                for (mine, theirs) in zip(current.tables, rebuilt.checksum.tables) where mine != theirs {
                    let keys = try await differingKeys(mine.name, live: "\"\(liveSchema)\"", scratch: scratch, limit: keyLimit,
                                                       client: live, logger: logger)
                    report.differences.append(Difference(projection: projection.name, table: mine.name, liveRows: mine.rows,
                                                         rebuiltRows: theirs.rows, keys: keys))
                }
            }
            return report
        }
    }

    /// The primary keys of rows in one schema's table and not the other's (whole rows compared as text, both ways).
    private static func differingKeys(_ table: String, live: String, scratch: String, limit: Int, client: PostgresClient,
                                      logger: Logger) async throws -> [String] {
        let columns = try await ProjectionChecksum.primaryKey("\(live).\(table)", client: client, logger: logger)
        // Names come from the projection and the catalog, never from input.
        let key = columns.isEmpty ? "t::text"
            : "concat_ws(', ', " + columns.map { "'\($0)=' || t.\"\($0)\"::text" }.joined(separator: ", ") + ")"
        let sql = """
            SELECT DISTINCT k FROM (
                (SELECT \(key) AS k, t::text AS r FROM \(live).\(table) t EXCEPT SELECT \(key), t::text FROM \(scratch).\(table) t)
                UNION ALL
                (SELECT \(key), t::text FROM \(scratch).\(table) t EXCEPT SELECT \(key), t::text FROM \(live).\(table) t)
            ) d ORDER BY k LIMIT \(limit)
            """
        var keys: [String] = []
        for try await k in try await client.query(PostgresQuery(unsafeSQL: sql), logger: logger).decode(String.self) { keys.append(k) }
        return keys
    }
}
