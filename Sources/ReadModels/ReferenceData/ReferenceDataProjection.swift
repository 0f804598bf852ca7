import Domain
import EventStore
import Foundation
import Logging
import PostgresNIO

/// Organizations and their API keys, and the reference data patients point at: locations,
/// workflow stages, users, external id types, tags.
public struct ReferenceDataProjection: Projection {
    public static let name = "reference_data"
    public var name: String { Self.name }
    /// Every organization event: reference data is the organization slice's read model.
    public let eventTypes: Set<String>? = Set(OrganizationEventType.allCases.map(\.rawValue))
    public let tables = ["organizations", "api_keys", "locations", "workflow_stages", "users", "external_id_types", "tags"]

    public init() {}

    public func apply(_ events: [StoredEvent], on conn: PostgresConnection, logger: Logger) async throws {
        // Every statement is an insert-if-absent or an upsert of the entity's declared state, and a
        // redelivered event (an aborted-then-retried transaction on a broker without abort markers)
        // comes right after its first copy: applying it again changes nothing. No claim needed.
        var applied = Set<UUID>()
        for e in events where applied.insert(e.envelope.eventId).inserted {
            try await Self.apply(e.envelope, on: conn, logger: logger)
        }
    }

    /// One statement per fact, in log order. The only switch over events in this projection.
    static func apply(_ e: EventEnvelope, on conn: PostgresConnection, logger: Logger) async throws {
        guard case .organization(let event) = e.event else { return }  // eventTypes keeps others away
        let org = e.organizationId, at = e.time
        switch event {
        case .organizationCreated(let o):
            try await conn.query("""
                INSERT INTO organizations (organization_id, name, created_at) VALUES (\(org), \(o.name), \(at))
                ON CONFLICT DO NOTHING
                """, logger: logger)
        case .apiKeyIssued(let k):
            try await conn.query("""
                INSERT INTO api_keys (organization_id, key_id, key_hash, key_prefix, created_at)
                VALUES (\(org), \(k.keyId), \(k.keyHash), \(k.keyPrefix), \(at)) ON CONFLICT DO NOTHING
                """, logger: logger)
        case .locationCreated(let l), .locationUpdated(let l):
            try await conn.query("""
                INSERT INTO locations (organization_id, id, name, address, timezone, created_at, updated_at)
                VALUES (\(org), \(l.id), \(l.name), \(l.address), \(l.timezone), \(at), \(at))
                ON CONFLICT (organization_id, id) DO UPDATE SET name = EXCLUDED.name, address = EXCLUDED.address,
                    timezone = EXCLUDED.timezone, updated_at = EXCLUDED.updated_at
                """, logger: logger)
        case .workflowStageCreated(let s), .workflowStageUpdated(let s):
            let actions = try JSONRows.encode(s.actions)
            try await conn.query("""
                INSERT INTO workflow_stages (organization_id, id, title, "order", description, actions, created_at, updated_at)
                VALUES (\(org), \(s.id), \(s.title), \(s.order), \(s.description), \(actions)::jsonb, \(at), \(at))
                ON CONFLICT (organization_id, id) DO UPDATE SET title = EXCLUDED.title, "order" = EXCLUDED."order",
                    description = EXCLUDED.description, actions = EXCLUDED.actions, updated_at = EXCLUDED.updated_at
                """, logger: logger)
        case .userCreated(let u), .userUpdated(let u):
            try await conn.query("""
                INSERT INTO users (organization_id, id, name, email, created_at, updated_at)
                VALUES (\(org), \(u.id), \(u.name), \(u.email), \(at), \(at))
                ON CONFLICT (organization_id, id) DO UPDATE SET name = EXCLUDED.name, email = EXCLUDED.email,
                    updated_at = EXCLUDED.updated_at
                """, logger: logger)
        case .externalIdTypeCreated(let t):
            try await conn.query("""
                INSERT INTO external_id_types (organization_id, id, name, created_at) VALUES (\(org), \(t.id), \(t.name), \(at))
                ON CONFLICT DO NOTHING
                """, logger: logger)
        case .tagCreated(let t):
            try await conn.query("""
                INSERT INTO tags (organization_id, id, name, created_at) VALUES (\(org), \(t.id), \(t.name), \(at))
                ON CONFLICT DO NOTHING
                """, logger: logger)
        }
    }
}
