import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdAuth
import ReadModels

/// Heim's credential: `Authorization: <api key>` with no scheme, as Heim's clients send it; also
/// `Authorization: Bearer <api key>`, the scheme matched case-insensitively (RFC 7235), for
/// clients that add one. Without the header it finds no one and `HeimRequestContext` answers 401
/// `missing_api_key`; a key that names no organization is 401 `invalid_api_key` here. The key
/// store and its cache are Solum's: one key works in every dialect of its organization.
struct HeimAPIKeyAuthenticator: AuthenticatorMiddleware {
    typealias Context = APIRequestContext
    let queries: ReadModelQueries
    let cache: APIKeyCache

    func authenticate(request: Request, context: Context) async throws -> CallerIdentity? {
        guard let key = Self.key(in: request.headers[.authorization]) else { return nil }
        guard let caller = try await cache.caller(forKey: key, in: queries) else { throw HeimError.badKey }
        return .organization(caller)
    }

    /// The key in an `Authorization` value: the whole value, or what follows `Bearer `. Keys hold
    /// no spaces; any other scheme is read as a key, and refused as one that names no organization.
    static func key(in header: String?) -> String? {
        guard let value = header?.trimmingCharacters(in: .whitespaces), value.lowercased() != "bearer" else { return nil }
        let key = value.prefix(7).lowercased() == "bearer " ? value.dropFirst(7).trimmingCharacters(in: .whitespaces) : value
        return key.isEmpty ? nil : key
    }
}
