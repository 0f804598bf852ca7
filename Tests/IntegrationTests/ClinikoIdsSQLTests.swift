import Domain
import Foundation
@testable import HTTPAPI
import Logging
import PostgresNIO
import ReadModels
import Testing

/// The Cliniko number of a UUID is computed twice — `ClinikoIds.number` in Swift, `cliniko_id`
/// in SQL (migration 0006) — and every lookup relies on them agreeing.
@Suite("Cliniko ids in Swift and SQL")
struct ClinikoIdsSQLTests {
    /// All zero, all 0xff, each half's top bit alone and together, the largest number, halves
    /// that cancel.
    static let edges = [
        "00000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff",
        "80000000-0000-0000-0000-000000000000", "00000000-0000-0000-8000-000000000000",
        "80000000-0000-0000-8000-000000000000", "7fffffff-ffff-ffff-0000-000000000000",
        "00000000-0000-0000-7fff-ffffffffffff", "ffffffff-ffff-ffff-0000-000000000000",
        "00000000-0000-0000-ffff-ffffffffffff", "01234567-89ab-cdef-fedc-ba9876543210",
        "00000000-0000-0000-0000-000000000001", "deadbeef-0000-7000-dead-beef00007000",
    ].map { UUID(uuidString: $0)! }

    /// A fresh database on today's schema.
    static func withSchema(_ body: (PostgresClient, Logger) async throws -> Void) async throws {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        try await TestDatabase.withClient(logger: logger) { _, client in
            try await Migrator.migrate(client, logger: logger)
            try await body(client, logger)
        }
    }

    @Test("cliniko_id(uuid) equals ClinikoIds.number on 10,000 UUIDv7s and the edge UUIDs")
    func agree() async throws {
        try await Self.withSchema { client, logger in
            let ids = Self.edges + (0..<10_000).map { n in UUIDv7.make(at: Date(timeIntervalSince1970: 1_700_000_000 + Double(n) * 97.3)) }
            let rows = try await client.query("SELECT u, cliniko_id(u) FROM unnest(\(ids)::uuid[]) AS u", logger: logger)
            var checked = 0
            for try await (id, number) in rows.decode((UUID, Int64).self) {
                #expect(number == ClinikoIds.number(id), "\(id)")
                checked += 1
            }
            #expect(checked == ids.count)
            let maximum = try await client.query("SELECT cliniko_id('7fffffff-ffff-ffff-0000-000000000000')", logger: logger)
            for try await n in maximum.decode(Int64.self) { #expect(n == Int64.max) }
        }
    }

    /// `ListSQL` on a real table: each operator finds the rows it should, archived rows stay out
    /// by default, and another organization's rows never come back.
    @Test("list queries run on PostgreSQL: operators, LIKE escaping, archived rows, organization scope")
    func listSQL() async throws {
        try await Self.withSchema { client, logger in
            try await client.query("""
                CREATE TABLE things (organization_id uuid NOT NULL, id uuid NOT NULL, name text NOT NULL, created_at timestamptz NOT NULL,
                    archived_at timestamptz, patient_numbers bigint[] NOT NULL DEFAULT '{}')
                """, logger: logger)
            let org = UUID(), other = UUID()
            let rows: [(UUID, String, String, Bool, [Int64])] = [
                (org, "50% off", "2026-12-01T09:00:00Z", false, [7]), (org, "50 x off", "2026-12-01T23:59:59Z", false, [7, 8]),
                (org, "A_b", "2026-12-02T00:00:00Z", false, []), (org, "Axb", "2026-11-30T12:00:00Z", true, [8]),
                (other, "50% off", "2026-12-01T09:00:00Z", false, [7]),
            ]
            var ids: [String: UUID] = [:]
            for (owner, name, at, archived, numbers) in rows {
                let id = UUIDv7.make()
                if owner == org { ids[name] = id }
                let archivedAt: Date? = archived ? Date() : nil
                try await client.query("""
                    INSERT INTO things VALUES (\(owner), \(id), \(name), \(RFC3339.parse(at)!), \(archivedAt), \(numbers))
                    """, logger: logger)
            }
            let schema = ClinikoListQueryTests.schema
            let queries = ReadModelQueries(client: client, logger: logger)
            func names(_ filters: [String]) async throws -> [String] {
                let list = ListQuery(conditions: try filters.map { try ClinikoListQuery.condition($0, schema: schema) },
                                     offset: 0, limit: 50)
                return try await queries.page(list, schema: schema, select: "name", org: org) { try $0.decode(String.self) }.items.sorted()  // by code point: the server's collation may differ
            }
            #expect(try await names([]) == ["50 x off", "50% off", "A_b"], "archived left out, other organization never")
            #expect(try await names(["archived_at:*"]) == ["50 x off", "50% off", "A_b", "Axb"])
            #expect(try await names(["archived_at:?"]) == ["Axb"])
            #expect(try await names(["name:~~50%"]) == ["50 x off", "50% off"], "% is a wildcard")
            #expect(try await names(["name:~~a_b", "archived_at:*"]) == ["A_b"], "_ is matched literally, case ignored")
            #expect(try await names(["name:~% O"]) == ["50% off"], "contains, case ignored, % literal")
            #expect(try await names(["name:!=A_b"]) == ["50 x off", "50% off"])
            #expect(try await names(["created_at:=2026-12-01"]) == ["50 x off", "50% off"], "a date is the whole UTC day")
            #expect(try await names(["created_at:>2026-12-01"]) == ["A_b"])
            #expect(try await names(["created_at:<=2026-12-01T09:00:00Z"]) == ["50% off"])
            #expect(try await names(["patient_ids:~8", "archived_at:*"]) == ["50 x off", "Axb"])
            let two = [ids["50% off"]!, ids["A_b"]!].map(ClinikoIds.text).joined(separator: ",")
            #expect(try await names(["id:=\(two)"]) == ["50% off", "A_b"])
            let page = try await queries.page(ListQuery(sort: [ListSort("created_at", descending: true)], offset: 1, limit: 1), schema: schema,
                                              select: "name", org: org) { try $0.decode(String.self) }
            #expect(page.items == ["50 x off"] && page.total == 3)
        }
    }
}
