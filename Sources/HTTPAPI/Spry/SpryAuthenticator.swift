import Domain
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdAuth
import JWTKit
import ReadModels

/// Who called SPRY's routes: the token's organization, user and role.
public struct SpryCaller: Sendable {
    public var organizationId: UUID
    /// The token's `sub`: recorded as `created_by`/`updated_by` and on events.
    public var userId: String
    /// Set for a patient (role USER): the patient the token speaks for.
    public var patientId: UUID?

    /// How the domain sees the caller: a patient acts only on its own requests.
    var actor: WaitlistActor {
        patientId.map { .patient(userId: userId, patientId: $0) } ?? .staff(userId: userId)
    }

    /// The caller as shared code records it (events' actor, disclosures).
    var caller: Caller { Caller(organizationId: organizationId, actor: "jwt:\(userId)") }
}

/// SPRY's credential: `Authorization: Bearer <JWT>`. The token names its organization (`org`); it
/// is verified with the key that organization declared (`jwt:` in its org file), so a token signed
/// for another organization, unsigned, wrongly signed, expired or malformed is 401 here. A token
/// without a role this API knows is 403. Without the header, `SpryRequestContext` answers 401.
struct SpryAuthenticator: AuthenticatorMiddleware {
    typealias Context = APIRequestContext
    let queries: ReadModelQueries
    let keys: SpryKeyCache

    func authenticate(request: Request, context: Context) async throws -> CallerIdentity? {
        guard let header = request.headers[.authorization] else { return nil }
        let value = header.trimmingCharacters(in: .whitespaces)
        guard value.prefix(7).lowercased() == "bearer " else {
            throw SpryError.unauthorized("Authorization must be Bearer <JWT>")
        }
        return .token(try await verify(value.dropFirst(7).trimmingCharacters(in: .whitespaces)))
    }

    func verify(_ token: String) async throws(SpryError) -> SpryCaller {
        // The organization is read before the signature is checked only to pick the key to check it with.
        let claimed: SpryTokens.Claims
        do { claimed = try await JWTKeyCollection().unverified(token, as: SpryTokens.Claims.self) } catch {
            throw .unauthorized("the token is not a JWT with sub, org, roles and exp")
        }
        guard let org = UUID(uuidString: claimed.org) else { throw .unauthorized("the token's org is not an organization id") }
        let collection: JWTKeyCollection?
        do { collection = try await keys.collection(org: org, queries: queries) } catch {
            throw SpryError(.serviceUnavailable, "the token's key could not be read; retry")
        }
        guard let collection else { throw .unauthorized("the token's organization accepts no tokens (it declared no jwt key)") }
        let claims: SpryTokens.Claims
        do { claims = try await collection.verify(token, as: SpryTokens.Claims.self) } catch let error as JWTError
            where error.errorType == .claimVerificationFailure {
            throw .unauthorized("the token has expired")
        } catch {
            throw .unauthorized("the token's signature does not verify with its organization's key")
        }
        let roles = Set(claims.roles.map { $0.uppercased() })
        if !roles.isDisjoint(with: SpryTokens.staffRoles) {
            return SpryCaller(organizationId: org, userId: claims.sub.value, patientId: nil)
        }
        guard roles.contains(SpryTokens.patientRole) else {
            throw .forbidden("the token's roles (\(claims.roles.joined(separator: ", "))) may not use the waitlist")
        }
        guard let text = claims.patientId, let patient = UUID(uuidString: text) else {
            throw .unauthorized("a USER token must carry the patient's id in patient_id")
        }
        return SpryCaller(organizationId: org, userId: claims.sub.value, patientId: patient)
    }
}

/// Organizations' verification keys, parsed once: a key declared again by `org apply` is read
/// anew after `ttl`, so a changed key takes effect within that time.
actor SpryKeyCache {
    private var entries: [UUID: (collection: JWTKeyCollection, loaded: ContinuousClock.Instant)] = [:]
    private let ttl: Duration

    init(ttl: Duration = .seconds(30)) { self.ttl = ttl }

    func collection(org: UUID, queries: ReadModelQueries) async throws -> JWTKeyCollection? {
        let now = ContinuousClock.now
        if let entry = entries[org], now - entry.loaded < ttl { return entry.collection }
        // Only found keys are kept: tokens naming made-up organizations must not grow the cache.
        guard let key = try await queries.jwtKey(org: org) else { entries[org] = nil; return nil }
        let collection = try await SpryTokens.collection(for: key)
        entries[org] = (collection, now)
        return collection
    }
}
