/// One schema step. Migrations are Swift string constants so they ship inside the binary.
public struct Migration: Sendable {
    public let version: Int
    public let name: String
    public let sql: String
}

/// Every migration, in order. Append only: a released migration never changes.
public let allMigrations: [Migration] = [m0001Initial, m0002Upsert, m0003ProjectionPerReadModel]
