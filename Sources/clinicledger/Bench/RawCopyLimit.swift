import Foundation
import Logging
import NIOCore
import PostgresNIO
import ReadModels

/// The projector's yardstick (issue 12): the rows the run's projections wrote — every table of
/// every projection, event_archive and projected_events included — copied out of the run's database (not timed) and
/// loaded with `COPY … FROM STDIN` (postgres-nio's `copyFrom`, text format) into the same tables
/// of a fresh migrated database, timed: the same indexes and constraints, one connection per
/// projection at once, as the runners write; none of the projector's reading, decoding or SQL.
enum RawCopyLimit {
    struct Figures {
        var rows = 0
        /// event_archive's rows: every event of the run.
        var events = 0
        var seconds = 0.0
        var tables: [(name: String, rows: Int)] = []

        var rowsPerSecond: Double { Double(rows) / max(seconds, 1e-9) }
        var rowsPerEvent: Double { Double(rows) / Double(max(1, events)) }
        /// How many events a second this copy speed is worth, at this run's rows per event.
        var eventsPerSecond: Double { Double(events) / max(seconds, 1e-9) }
    }

    /// `source`: the run's database (the bench's own scratch database: whole tables, every
    /// organization in it, as an operator tool reads); `server`: where the fresh database goes.
    static func measure(source: PostgresClient, server: PostgresSettings, logger: Logger) async throws -> Figures {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("clinicledger-bench-copy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }

        // Export: each table to a file in COPY's text format (rows never all in memory).
        var figures = Figures()
        var work: [[Export]] = []
        // Each projection's tables, and the claims the projections record per event applied
        // (projected_events: rows of the projector's too, though no projection owns them).
        for tables in ReadModelProjections.all.map(\.tables) + [["projected_events"]] {
            var exports: [Export] = []
            for table in tables {
                let export = try await exportTable(table, from: source, into: directory, logger: logger)
                guard export.rows > 0 else { continue }
                exports.append(export)
                figures.tables.append((table, export.rows))
                figures.rows += export.rows
                if table == "event_archive" { figures.events = export.rows }
            }
            if !exports.isEmpty { work.append(exports) }
        }

        let scratch = try await ScratchDatabase.create(on: server, prefix: "clinicledger_bench_copy", logger: logger)
        let client = PostgresClient(configuration: scratch.settings.clientConfiguration, backgroundLogger: logger)
        let clientTask = Task { await client.run() }
        defer { clientTask.cancel() }
        do {
            try await Migrator.migrate(client, logger: logger)
            let started = ContinuousClock.now
            try await withThrowingTaskGroup(of: Void.self) { group in
                for exports in work {
                    group.addTask {
                        try await client.withConnection { conn in
                            for export in exports { try await copy(export, on: conn, logger: logger) }
                        }
                    }
                }
                try await group.waitForAll()
            }
            figures.seconds = (ContinuousClock.now - started).seconds
        } catch {
            await scratch.drop(logger: logger)
            throw error
        }
        await scratch.drop(logger: logger)
        return figures
    }

    struct Export: Sendable {
        var table: String
        var columns: [String]
        var file: URL
        var rows: Int
    }

    /// One table's rows as COPY text lines: each column's text output (what COPY TO would write),
    /// with backslash, newline, carriage return and tab escaped, NULL as \N.
    private static func exportTable(_ table: String, from client: PostgresClient, into directory: URL, logger: Logger) async throws -> Export {
        var columns: [String] = []
        for try await name in try await client.query("""
            SELECT column_name::text FROM information_schema.columns
            WHERE table_schema = current_schema() AND table_name = \(table) ORDER BY ordinal_position
            """, logger: logger).decode(String.self) { columns.append(name) }
        guard !columns.isEmpty else { throw CLIError("table \(table) has no columns in the run's database") }
        let line = columns.map { column in
            #"coalesce(replace(replace(replace(replace(("\#(column)")::text, E'\\', E'\\\\'), E'\n', E'\\n'), E'\r', E'\\r'), E'\t', E'\\t'), E'\\N')"#
        }.joined(separator: " || E'\\t' || ")
        let file = directory.appendingPathComponent(table)
        guard FileManager.default.createFile(atPath: file.path, contents: nil) else { throw CLIError("cannot create \(file.path)") }
        let handle = try FileHandle(forWritingTo: file)
        defer { try? handle.close() }
        var buffer = Data(), rows = 0
        for try await text in try await client.query(PostgresQuery(unsafeSQL: "SELECT \(line) FROM \"\(table)\""), logger: logger).decode(String.self) {
            buffer.append(contentsOf: text.utf8)
            buffer.append(0x0A)
            rows += 1
            if buffer.count >= 1 << 20 {
                try handle.write(contentsOf: buffer)
                buffer.removeAll(keepingCapacity: true)
            }
        }
        try handle.write(contentsOf: buffer)
        return Export(table: table, columns: columns, file: file, rows: rows)
    }

    private static func copy(_ export: Export, on conn: PostgresConnection, logger: Logger) async throws {
        let handle = try FileHandle(forReadingFrom: export.file)
        defer { try? handle.close() }
        try await conn.copyFrom(table: export.table, columns: export.columns, logger: logger) { writer in
            while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
                try await writer.write(ByteBuffer(data: chunk))
            }
        }
    }
}
