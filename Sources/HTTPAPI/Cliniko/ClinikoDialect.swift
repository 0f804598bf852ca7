import Hummingbird

/// Cliniko's API (seed 003): group appointments, attendees and the reference data they point at,
/// behind HTTP Basic (`ClinikoAuthenticator`), errors in `{"message","errors"}`, 200 requests a
/// minute per key (`ClinikoRateLimitMiddleware`, registered around the router in `makeRouter`).
/// Its paths sit inside Solum's `/v1`; prefixes are matched segment by segment, so
/// `/v1/appointment_types` is Cliniko's, not under Heim's `/v1/appointments`.
struct ClinikoDialect: Dialect {
    typealias Failure = ClinikoError
    let services: APIServices
    let prefixes = ["/v1/group_appointments", "/v1/attendees", "/v1/businesses", "/v1/practitioners", "/v1/appointment_types"]

    func register(on router: some RouterMethods<APIRequestContext>) {
        routes(group(on: router))
    }

    /// Cliniko's routes, each under one of `prefixes`.
    func routes(_ cliniko: RouterGroup<ClinikoRequestContext>) {
        ClinikoReferenceRoutes(services: services).register(cliniko)
        GroupAppointmentRoutes(services: services).register(cliniko)
        AttendeeRoutes(services: services).register(cliniko)
    }

    /// The group every Cliniko route is registered on: the key checked, the context Cliniko's.
    func group(on router: some RouterMethods<APIRequestContext>) -> RouterGroup<ClinikoRequestContext> {
        router.group("/v1")
            .add(middleware: ClinikoAuthenticator(queries: services.queries, cache: APIKeyCache()))
            .group(context: ClinikoRequestContext.self)
    }
}
