import Foundation
import HTTPTypes
import Hummingbird

/// Where a key stands in its rate-limit window, and the headers that say so.
struct ClinikoRateLimit: Equatable, Sendable {
    var limit: Int
    var remaining: Int
    /// Unix seconds at which the window ends and the count starts again.
    var reset: Int64
    /// False: this request is over the limit (429).
    var allowed: Bool
    /// Whole seconds until `reset`, at least 1.
    var retryAfter: Int64

    /// `X-RateLimit-Limit`, `-Remaining`, `-Reset` (on every Cliniko response, success or error),
    /// and `Retry-After` when the request is refused.
    var headers: HTTPFields {
        var fields: HTTPFields = [.rateLimitLimit: String(limit), .rateLimitRemaining: String(remaining), .rateLimitReset: String(reset)]
        if !allowed { fields[.retryAfter] = String(retryAfter) }
        return fields
    }
}

/// Cliniko's rate limit: `limit` requests per API key per fixed minute (docs.api.cliniko.com: 200
/// per minute per key). Fixed windows aligned to the Unix minute, not rolling ones: `Reset` is
/// then one instant every client can wait for, the count is one integer per key, and because all
/// keys share the window boundaries, the whole table is dropped when a minute ends — memory holds
/// only the keys seen in the current minute, however many keys there are. The cost is the known
/// one of fixed windows: up to twice the limit across a boundary. The clock is injected so tests
/// cross windows without sleeping.
actor ClinikoRateLimiter {
    /// Cliniko's published limit; `APIServices.clinikoRequestsPerMinute` defaults to it too.
    static let defaultLimit = 200
    static let window: Int64 = 60

    let limit: Int
    private let now: @Sendable () -> Date
    private var windowStart: Int64 = .min
    private var counts: [String: Int] = [:]

    init(limit: Int = defaultLimit, now: @escaping @Sendable () -> Date = { Date() }) {
        precondition(limit > 0, "a rate limit allows at least one request")
        self.limit = limit
        self.now = now
    }

    /// Counts one request of `key` (any stable text: the limiter keeps it, so pass a digest, not a
    /// secret) and says whether it is allowed. A refused request is not counted.
    func take(_ key: String) -> ClinikoRateLimit {
        let seconds = Int64(now().timeIntervalSince1970.rounded(.down))
        let start = seconds - ((seconds % Self.window) + Self.window) % Self.window
        if start != windowStart {
            windowStart = start
            counts.removeAll(keepingCapacity: false)
        }
        let used = counts[key, default: 0]
        let allowed = used < limit
        if allowed { counts[key] = used + 1 }
        return ClinikoRateLimit(limit: limit, remaining: limit - (allowed ? used + 1 : used), reset: start + Self.window, allowed: allowed,
                                retryAfter: max(1, start + Self.window - seconds))
    }

    /// Keys counted in the current window (tests: memory is bounded by one minute's keys).
    var trackedKeys: Int { counts.count }
}

/// Applies the limit to every request under Cliniko's prefixes and puts the three headers on
/// every answer there, success or error. It sits outside the router's error middleware, so the
/// router's own 404/405 and the 401s of the authenticator, already in Cliniko's envelope by
/// then, carry the headers too. Requests are counted per presented Basic user name (its digest),
/// valid or not, before the key is checked: a client guessing keys is limited as well; requests
/// with no credentials share one bucket, and all they can get is a 401.
struct ClinikoRateLimitMiddleware: RouterMiddleware {
    typealias Context = APIRequestContext
    let dialects: DialectTable
    let limiter: ClinikoRateLimiter

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard ObjectIdentifier(dialects.failure(at: request.uri.path)) == ObjectIdentifier(ClinikoError.self) else {
            return try await next(request, context)
        }
        let bucket = ClinikoAuthenticator.key(in: request.headers[.authorization]).map(APIKeys.hash) ?? ""
        let state = await limiter.take(bucket)
        guard state.allowed else {
            throw ClinikoError(.tooManyRequests, "Too many requests: \(state.limit) a minute per API key; try again in \(state.retryAfter) s",
                               headers: state.headers)
        }
        do {
            var response = try await next(request, context)
            response.headers.append(contentsOf: state.headers)
            return response
        } catch var error as ClinikoError {
            error.headers.append(contentsOf: state.headers)
            throw error
        }
    }
}
