import Logging
import PostgresNIO

/// What a projection's tables hold, as a fingerprint: per table the row count and the md5 of its
/// rows' text in primary-key order, and one md5 over those. Two databases (or a table before and
/// after a rebuild) with equal checksums hold the same rows. Every column is a function of the
/// events (timestamps are the events' times, `created_offset` the event's offset), none of the
/// wall clock at projection time, so all take part. Reads every organization: an operator's tool.
public struct ProjectionChecksum: Sendable, Equatable, CustomStringConvertible {
    public struct Table: Sendable, Equatable {
        public var name: String, rows: Int, md5: String
    }

    public var tables: [Table]
    public var md5: String

    public var rows: Int { tables.reduce(0) { $0 + $1.rows } }

    public var description: String {
        "\(md5) (" + tables.map { "\($0.name) \($0.rows) rows" }.joined(separator: ", ") + ")"
    }

    public static func of(_ projection: any Projection, client: PostgresClient, logger: Logger) async throws -> ProjectionChecksum {
        var tables: [Table] = []
        for table in projection.tables {
            let columns = try await primaryKey(table, client: client, logger: logger)
            let key = columns.isEmpty ? "t::text" : columns.map { "t.\"\($0)\"" }.joined(separator: ", ")
            // Table and column names come from the projection and the catalog, never from input.
            let sql = "SELECT count(*)::bigint, md5(coalesce(string_agg(t::text, E'\\n' ORDER BY \(key)), '')) FROM \(table) t"
            for try await (rows, md5) in try await client.query(PostgresQuery(unsafeSQL: sql), logger: logger).decode((Int64, String).self) {
                tables.append(Table(name: table, rows: Int(rows), md5: md5))
            }
        }
        let joined = tables.map { "\($0.name):\($0.rows):\($0.md5)" }.joined(separator: "\n")
        var md5 = ""
        for try await value in try await client.query("SELECT md5(\(joined))", logger: logger).decode(String.self) { md5 = value }
        return ProjectionChecksum(tables: tables, md5: md5)
    }

    /// The primary key's columns, in key order (`table` may be schema-qualified).
    static func primaryKey(_ table: String, client: PostgresClient, logger: Logger) async throws -> [String] {
        var columns: [String] = []
        for try await column in try await client.query("""
            SELECT a.attname::text FROM pg_index i
            JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
            WHERE i.indrelid = \(table)::regclass AND i.indisprimary ORDER BY array_position(i.indkey::int2[], a.attnum)
            """, logger: logger).decode(String.self) {
            columns.append(column)
        }
        return columns
    }
}
