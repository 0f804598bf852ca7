import Foundation
import HTTPTypes
import Hummingbird
import ReadModels

/// `X-API-Key` → caller. Known keys are cached in memory; keys are never revoked yet, so the
/// cache never needs invalidating.
struct APIKeyMiddleware: RouterMiddleware {
    typealias Context = APIRequestContext
    let queries: ReadModelQueries
    let cache: APIKeyCache

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let key = request.headers[.apiKey], !key.isEmpty else { throw APIError.missingKey }
        let hash = APIKeys.hash(key)
        let caller: Caller
        if let known = await cache.get(hash) {
            caller = known
        } else if let found = try await queries.apiKey(hash: hash) {
            caller = Caller(organizationId: found.organizationId, keyId: found.keyId)
            await cache.put(hash, caller)
        } else {
            throw APIError.badKey
        }
        var context = context
        context.caller = caller
        return try await next(request, context)
    }
}

actor APIKeyCache {
    private var entries: [String: Caller] = [:]
    func get(_ hash: String) -> Caller? { entries[hash] }
    func put(_ hash: String, _ caller: Caller) { entries[hash] = caller }
}
