import Crypto
import Foundation

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
