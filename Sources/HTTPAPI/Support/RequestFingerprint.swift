import Domain
import Crypto
import Foundation

enum RequestFingerprint {
    /// Digest of a request body, so an Idempotency-Key can tell a retry from a different request.
    /// JSON is digested in canonical form (keys sorted, whitespace dropped): a client that
    /// re-serialises the same request in another key order is still retrying, not changing it.
    static func of(_ bytes: some Sequence<UInt8>) -> String {
        let raw = Data(bytes)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let canonical = (try? JSONDecoder().decode(JSONValue.self, from: raw)).flatMap { try? encoder.encode($0) } ?? raw
        return SHA256.hash(data: canonical).map { String(format: "%02x", $0) }.joined()
    }
}
