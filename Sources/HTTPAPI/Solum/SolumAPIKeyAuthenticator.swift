import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdAuth
import ReadModels

/// `X-API-Key` → the organization's caller. Without the header it finds no one and
/// `SolumRequestContext` answers 401 `missing_api_key`; a key that names no organization is 401
/// `invalid_api_key` here. Known keys are cached in memory (`APIKeyCache`).
struct SolumAPIKeyAuthenticator: AuthenticatorMiddleware {
    typealias Context = APIRequestContext
    let queries: ReadModelQueries
    let cache: APIKeyCache

    func authenticate(request: Request, context: Context) async throws -> CallerIdentity? {
        guard let key = request.headers[.apiKey], !key.isEmpty else { return nil }
        guard let caller = try await cache.caller(forKey: key, in: queries) else { throw SolumError.badKey }
        return .organization(caller)
    }
}
