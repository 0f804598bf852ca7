import Hummingbird

/// SPRY Health's waitlist API (seed 004): `/apis/v1/waitlist-requests` behind
/// `Authorization: Bearer <JWT>` verified with the organization's declared key, every answer in
/// `{code, message, data}`.
struct SpryDialect: Dialect {
    typealias Failure = SpryError
    let services: APIServices
    let prefixes = ["/apis"]

    func register(on router: some RouterMethods<APIRequestContext>) {
        let spry = router.group("/apis/v1")
            .add(middleware: SpryAuthenticator(queries: services.queries, keys: SpryKeyCache()))
            .group(context: SpryRequestContext.self)
        WaitlistRequestRoutes(services: services).register(spry)
    }
}
