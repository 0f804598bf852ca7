import Logging
import PostgresNIO

/// Who may write a projection's rows: the server's runner while the `projections` row says
/// `running`, a rebuild while it says `rebuilding` — each only at the generation it read. Every
/// batch transaction locks the row (`SELECT … FOR UPDATE`) and checks it, so a rebuild (which
/// bumps the generation under the same lock) and a runner never both write, and a runner that
/// sees a new generation seeks to the rebuilt positions instead of writing on top of them.
public struct ProjectionLease: Sendable, Equatable, CustomStringConvertible {
    public enum Status: String, Sendable { case running, rebuilding }
    public var status: Status
    public var generation: Int64

    public init(status: Status, generation: Int64) {
        self.status = status
        self.generation = generation
    }

    public var description: String { "\(status.rawValue) (generation \(generation))" }

    /// The lease changed under a batch: the batch was rolled back.
    struct Changed: Error, CustomStringConvertible {
        let expected: ProjectionLease, found: ProjectionLease
        var description: String { "projection lease changed from \(expected) to \(found)" }
    }

    /// The current lease (a missing row is created `running`, generation 0).
    public static func load(_ name: String, client: PostgresClient, logger: Logger) async throws -> ProjectionLease {
        try await client.withConnection { conn in
            try await conn.query("INSERT INTO projections (name) VALUES (\(name)) ON CONFLICT DO NOTHING", logger: logger)
            return try await read(name, on: conn, lock: false, logger: logger)
        }
    }

    /// Locks the row (which `load` or the migrations created) for the rest of the transaction and returns it.
    static func lock(_ name: String, on conn: PostgresConnection, logger: Logger) async throws -> ProjectionLease {
        try await read(name, on: conn, lock: true, logger: logger)
    }

    /// Inside a batch transaction: fails (`Changed`) unless the lease is still `self`.
    func check(_ name: String, on conn: PostgresConnection, logger: Logger) async throws {
        let found = try await Self.lock(name, on: conn, logger: logger)
        guard found == self else { throw Changed(expected: self, found: found) }
    }

    static func set(_ name: String, _ lease: ProjectionLease, on conn: PostgresConnection, logger: Logger) async throws {
        try await conn.query("""
            UPDATE projections SET status = \(lease.status.rawValue), generation = \(lease.generation), updated_at = now() WHERE name = \(name)
            """, logger: logger)
    }

    private static func read(_ name: String, on conn: PostgresConnection, lock: Bool, logger: Logger) async throws -> ProjectionLease {
        let sql = "SELECT status, generation FROM projections WHERE name = $1" + (lock ? " FOR UPDATE" : "")
        var binds = PostgresBindings()
        binds.append(name)
        for try await (status, generation) in try await conn.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger)
            .decode((String, Int64).self) {
            return ProjectionLease(status: Status(rawValue: status) ?? .rebuilding, generation: generation)
        }
        return ProjectionLease(status: .running, generation: 0)
    }
}
