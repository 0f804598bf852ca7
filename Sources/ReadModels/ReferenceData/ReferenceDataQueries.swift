import Foundation
import Logging
import PostgresNIO

extension ReadModelQueries {
    /// The organization (and key id) an API key belongs to, by the key's SHA-256 hash.
    public func apiKey(hash: String) async throws -> (organizationId: UUID, keyId: UUID)? {
        let rows = try await client.query("SELECT organization_id, key_id FROM api_keys WHERE key_hash = \(hash)", logger: logger)
        for try await (org, key) in rows.decode((UUID, UUID).self) { return (org, key) }
        return nil
    }

    public func organizationExists(_ org: UUID) async throws -> Bool {
        let rows = try await client.query("SELECT 1 FROM organizations WHERE organization_id = \(org)", logger: logger)
        for try await _ in rows { return true }
        return false
    }

    public func locations(org: UUID) async throws -> [LocationView] {
        var out: [LocationView] = []
        let rows = try await client.query("""
            SELECT \(unescaped: Self.locationColumns) FROM locations WHERE organization_id = \(org) ORDER BY name, id
            """, logger: logger)
        for try await row in rows { out.append(try Self.location(row)) }
        return out
    }

    /// The organization's stages; with `ids`, only those (an empty list reads nothing).
    public func workflowStages(org: UUID, ids: [UUID]? = nil) async throws -> [WorkflowStageView] {
        var out: [WorkflowStageView] = []
        if let ids, ids.isEmpty { return out }
        let rows = try await client.query("""
            SELECT id, title, "order", description, actions::text FROM workflow_stages
            WHERE organization_id = \(org) AND (\(ids == nil) OR id = ANY(\(ids ?? []))) ORDER BY "order", title
            """, logger: logger)
        for try await (id, title, order, description, actions) in rows.decode((UUID, String, Int, String?, String).self) {
            out.append(WorkflowStageView(id: id, title: title, order: order, description: description, actionsJSON: actions))
        }
        return out
    }

    /// The organization's users; with `ids`, only those (an empty list reads nothing).
    public func users(org: UUID, ids: [UUID]? = nil) async throws -> [UserView] {
        var out: [UserView] = []
        if let ids, ids.isEmpty { return out }
        let rows = try await client.query("""
            SELECT id, name, email FROM users WHERE organization_id = \(org) AND (\(ids == nil) OR id = ANY(\(ids ?? [])))
            ORDER BY name, id
            """, logger: logger)
        for try await (id, name, email) in rows.decode((UUID, String, String).self) { out.append(UserView(id: id, name: name, email: email)) }
        return out
    }

    public func externalIdTypes(org: UUID) async throws -> [ExternalIdTypeView] {
        var out: [ExternalIdTypeView] = []
        let rows = try await client.query("""
            SELECT id, name, created_at FROM external_id_types WHERE organization_id = \(org) ORDER BY name
            """, logger: logger)
        for try await (id, name, at) in rows.decode((UUID, String, Date).self) { out.append(ExternalIdTypeView(id: id, name: name, createdAt: at)) }
        return out
    }

    public func tags(org: UUID) async throws -> [TagView] {
        var out: [TagView] = []
        let rows = try await client.query("SELECT id, name FROM tags WHERE organization_id = \(org) ORDER BY lower(name)", logger: logger)
        for try await (id, name) in rows.decode((UUID, String).self) { out.append(TagView(id: id, name: name)) }
        return out
    }

    /// Organizations with this exact name, oldest first (the demo organization is found by name).
    public func organizations(named name: String) async throws -> [UUID] {
        var out: [UUID] = []
        let rows = try await client.query("SELECT organization_id FROM organizations WHERE name = \(name) ORDER BY created_at", logger: logger)
        for try await id in rows.decode(UUID.self) { out.append(id) }
        return out
    }
}
