import Foundation

/// An organization (a clinic company, the tenant) came into being.
public struct OrganizationCreated: Codable, Sendable, Equatable {
    public var organizationId: UUID
    public var name: String
    public init(organizationId: UUID, name: String) { self.organizationId = organizationId; self.name = name }
    enum CodingKeys: String, CodingKey { case organizationId = "organization_id", name }
}

/// An API key was issued to an organization. Only its SHA-256 hash is ever recorded.
public struct ApiKeyIssued: Codable, Sendable, Equatable {
    public var keyId: UUID
    public var keyHash: String
    public var keyPrefix: String
    public init(keyId: UUID, keyHash: String, keyPrefix: String) {
        self.keyId = keyId; self.keyHash = keyHash; self.keyPrefix = keyPrefix
    }
    enum CodingKeys: String, CodingKey { case keyId = "key_id", keyHash = "key_hash", keyPrefix = "key_prefix" }
}
