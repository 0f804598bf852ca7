import Crypto
import Foundation
import ReadModels

/// API keys: random, shown once, stored only as a SHA-256 hash.
public enum APIKeys {
    public struct Issued: Sendable {
        public var key: String
        public var hash: String
        public var prefix: String
    }

    public static func generate() -> Issued {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let key = "ck_" + bytes.map { String(format: "%02x", $0) }.joined()
        return Issued(key: key, hash: hash(key), prefix: String(key.prefix(11)))
    }

    public static func hash(_ key: String) -> String {
        SHA256.hash(data: Data(key.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}

/// Organizations' keys already looked up, by hash: every dialect that takes an organization's API
/// key (Solum's `X-API-Key`, Heim's `Authorization`) caches what `queries.apiKey(hash:)` found here.
/// Keys are never revoked yet, so the cache never needs invalidating.
actor APIKeyCache {
    private var entries: [String: Caller] = [:]

    /// The caller of the organization a key belongs to, from the cache or else the key store;
    /// nil when the key names no organization (each dialect refuses it in its own envelope).
    func caller(forKey key: String, in queries: ReadModelQueries) async throws -> Caller? {
        let hash = APIKeys.hash(key)
        if let known = entries[hash] { return known }
        guard let found = try await queries.apiKey(hash: hash) else { return nil }
        let caller = Caller(organizationId: found.organizationId, keyId: found.keyId)
        entries[hash] = caller
        return caller
    }
}
