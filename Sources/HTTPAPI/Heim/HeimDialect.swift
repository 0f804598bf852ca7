import Hummingbird

/// Heim Health's appointments API (seed 002): `/v1/appointments` and `/v1/availability` behind
/// `Authorization: <api key>`, errors in `{"error":…}`. Its paths sit inside Solum's `/v1`; each
/// dialect's authenticator is middleware of its own route group, and Hummingbird wraps a group's
/// middleware around that group's routes only, so Solum's `X-API-Key` never reaches these paths
/// nor Heim's `Authorization` Solum's.
struct HeimDialect: Dialect {
    typealias Failure = HeimError
    let services: APIServices
    let prefixes = ["/v1/appointments", "/v1/availability"]

    func register(on router: some RouterMethods<APIRequestContext>) {
        routes(group(on: router))
    }

    /// Heim's routes, each under one of `prefixes`.
    func routes(_ heim: RouterGroup<HeimRequestContext>) {
        AppointmentRoutes(services: services).register(heim)
        AvailabilityRoutes(services: services).register(heim)
    }

    /// The group every Heim route is registered on: the key checked, the context Heim's.
    func group(on router: some RouterMethods<APIRequestContext>) -> RouterGroup<HeimRequestContext> {
        router.group("/v1")
            .add(middleware: HeimAPIKeyAuthenticator(queries: services.queries, cache: APIKeyCache()))
            .group(context: HeimRequestContext.self)
    }
}
