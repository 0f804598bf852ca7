import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdAuth
import ReadModels

/// Cliniko's credential: HTTP Basic with the organization's API key as the user name
/// (`Authorization: Basic base64("<api key>:")`). The password is ignored, whatever it is, as
/// Cliniko ignores it: its docs tell clients to send none, and some send one anyway. A key may
/// carry Cliniko's shard suffix (`ck_…-au1`); ClinicLedger's keys hold no `-`, so it is dropped.
/// Without a readable Basic header it finds no one and `ClinikoRequestContext` answers 401; a
/// key that names no organization is 401 here. The key store and cache are shared with the
/// other dialects: one key works in every dialect of its organization.
struct ClinikoAuthenticator: AuthenticatorMiddleware {
    typealias Context = APIRequestContext
    let queries: ReadModelQueries
    let cache: APIKeyCache

    func authenticate(request: Request, context: Context) async throws -> CallerIdentity? {
        guard let key = Self.key(in: request.headers[.authorization]) else { return nil }
        guard let caller = try await cache.caller(forKey: key, in: queries) else { throw ClinikoError.badKey }
        return .organization(caller)
    }

    /// The API key in an `Authorization` value, or nil when it is not Basic credentials with a
    /// user name. Read here rather than with hummingbird-auth's `headers.basic`, which refuses
    /// `key:` — an empty password, the very form Cliniko's docs prescribe. The scheme is
    /// case-insensitive (RFC 7235); a missing `:` is tolerated (the whole text is the user name).
    static func key(in header: String?) -> String? {
        guard let value = header?.trimmingCharacters(in: .whitespaces), value.count > 6,
              value.prefix(6).lowercased() == "basic " else { return nil }
        let encoded = value.dropFirst(6).trimmingCharacters(in: .whitespaces)
        guard let data = Data(base64Encoded: encoded), let text = String(data: data, encoding: .utf8) else { return nil }
        let user = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
        guard !user.isEmpty else { return nil }
        return withoutShard(user)
    }

    /// `ck_…-au1` → `ck_…`: the shard a Cliniko key names after its last `-` (letters then digits).
    static func withoutShard(_ key: String) -> String {
        guard let dash = key.lastIndex(of: "-") else { return key }
        let shard = key[key.index(after: dash)...]
        let letters = shard.prefix { $0.isASCII && $0.isLetter }
        let digits = shard.dropFirst(letters.count)
        guard !letters.isEmpty, !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return key }
        return String(key[..<dash])
    }
}
