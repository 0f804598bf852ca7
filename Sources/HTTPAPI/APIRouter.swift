import Hummingbird

/// The HTTP API: Hummingbird's router, and every route registered on it (for the OpenAPI contract
/// test, and the 405's `Allow`).
public struct APIRouter: HTTPResponderBuilder {
    public let router: Router<APIRequestContext>
    public let routes: RegisteredRoutes

    public func buildResponder() -> RouterResponder<APIRequestContext> { router.buildResponder() }
}

/// Builds the router: the health checks, then one line per dialect. Each dialect owns path
/// prefixes and registers its routes under them, behind its own authenticator and request context;
/// what the router itself answers there (404, 405, 500, the request screen's 400) is in that
/// dialect's envelope, and in Solum's where no dialect owns the path.
public func makeRouter(_ services: APIServices) -> APIRouter {
    let dialects: [any Dialect] = [
        SolumDialect(services: services),
        HeimDialect(services: services),
        ClinikoDialect(services: services),
        SpryDialect(services: services),
        AdminDialect(services: services),
    ]
    let table = DialectTable(dialects, fallback: SolumError.self)
    let routes = RegisteredRoutes()
    let router = RecordingRouter(Router(context: APIRequestContext.self), routes: routes)
    // Outside the error middleware, so Cliniko's rate-limit headers reach the answers the router
    // itself gives under Cliniko's prefixes (404, 405), already in Cliniko's envelope.
    router.add(middleware: ClinikoRateLimitMiddleware(dialects: table, limiter: ClinikoRateLimiter(limit: services.clinikoRequestsPerMinute)))
    router.add(middleware: RouterErrorMiddleware(dialects: table, routes: routes))
    router.add(middleware: RequestScreenMiddleware(dialects: table))
    HealthRoutes(services: services).register(on: router)
    for dialect in dialects { dialect.register(on: router) }
    return APIRouter(router: router.router, routes: routes)
}
