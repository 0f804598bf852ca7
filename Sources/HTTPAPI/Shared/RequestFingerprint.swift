import Crypto
import Domain
import Foundation

enum RequestFingerprint {
    /// Digest of a request body, so an Idempotency-Key can tell a retry from a different request.
    /// JSON is digested in canonical form (keys sorted, whitespace dropped): a client that
    /// re-serialises the same request in another key order is still retrying, not changing it.
    static func of(_ json: JSONValue) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return digest((try? encoder.encode(json)) ?? Data())
    }

    private static func digest(_ data: Data) -> String {
        SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }
}
