import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdAuth
import ReadModels

/// `X-API-Key` → the organization's caller. Without the header it finds no one and
/// `SolumRequestContext` answers 401 `missing_api_key`; a key that names no organization is 401
/// `invalid_api_key` here. Known keys are cached in memory; keys are never revoked yet, so the
/// cache never needs invalidating.
struct SolumAPIKeyAuthenticator: AuthenticatorMiddleware {
    typealias Context = APIRequestContext
    let queries: ReadModelQueries
    let cache: APIKeyCache

    func authenticate(request: Request, context: Context) async throws -> CallerIdentity? {
        guard let key = request.headers[.apiKey], !key.isEmpty else { return nil }
        let hash = APIKeys.hash(key)
        if let known = await cache.get(hash) { return .organization(known) }
        guard let found = try await queries.apiKey(hash: hash) else { throw SolumError.badKey }
        let caller = Caller(organizationId: found.organizationId, keyId: found.keyId)
        await cache.put(hash, caller)
        return .organization(caller)
    }
}

actor APIKeyCache {
    private var entries: [String: Caller] = [:]
    func get(_ hash: String) -> Caller? { entries[hash] }
    func put(_ hash: String, _ caller: Caller) { entries[hash] = caller }
}
