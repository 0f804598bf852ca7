import Foundation
import Logging
import PostgresNIO

/// An organization's key for verifying SPRY tokens (`organization_jwt_keys`, migration 0011).
public struct JWTVerificationKey: Sendable, Equatable {
    public enum Algorithm: String, Sendable, CaseIterable { case hs256 = "HS256", rs256 = "RS256", es256 = "ES256" }
    public var algorithm: Algorithm
    /// The HS256 secret, or the public key in PEM.
    public var material: String
    public var fingerprint: String

    public init(algorithm: Algorithm, material: String, fingerprint: String) {
        self.algorithm = algorithm; self.material = material; self.fingerprint = fingerprint
    }
}

extension ReadModelQueries {
    /// The organization's declared key, or nil when it declared none (its SPRY tokens are all refused).
    public func jwtKey(org: UUID) async throws -> JWTVerificationKey? {
        let rows = try await client.query(
            "SELECT algorithm, key_material, fingerprint FROM organization_jwt_keys WHERE organization_id = \(org)", logger: logger)
        for try await (algorithm, material, fingerprint) in rows.decode((String, String, String).self) {
            guard let a = JWTVerificationKey.Algorithm(rawValue: algorithm) else { return nil }
            return JWTVerificationKey(algorithm: a, material: material, fingerprint: fingerprint)
        }
        return nil
    }

    /// Declares (or replaces) the organization's key. Written by the admin API's `org apply` only.
    public func saveJWTKey(org: UUID, key: JWTVerificationKey, at: Date) async throws {
        try await client.query("""
            INSERT INTO organization_jwt_keys (organization_id, algorithm, key_material, fingerprint, updated_at)
            VALUES (\(org), \(key.algorithm.rawValue), \(key.material), \(key.fingerprint), \(at))
            ON CONFLICT (organization_id) DO UPDATE SET algorithm = EXCLUDED.algorithm, key_material = EXCLUDED.key_material,
                fingerprint = EXCLUDED.fingerprint, updated_at = EXCLUDED.updated_at
            """, logger: logger)
    }
}
