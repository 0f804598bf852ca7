import Hummingbird

/// Solum Health's patients API (seeds 000 and 001): `/v1` behind `X-API-Key`, errors in
/// `{"detail":…}`.
struct SolumDialect: Dialect {
    typealias Failure = SolumError
    let services: APIServices
    let prefixes = ["/v1"]

    func register(on router: some RouterMethods<APIRequestContext>) {
        let v1 = router.group("/v1")
            .add(middleware: SolumAPIKeyAuthenticator(queries: services.queries, cache: APIKeyCache()))
            .group(context: SolumRequestContext.self)
        PatientRoutes(services: services).register(v1)
        UpsertRoutes(services: services).register(v1)
        ReviewRoutes(services: services).register(v1)
        ReferenceDataRoutes(services: services).register(v1)
    }
}
