import Hummingbird

/// The admin API behind `clinicledger org`: `/admin/v1` behind the admin token.
struct AdminDialect: Dialect {
    typealias Failure = AdminError
    let services: APIServices
    let prefixes = ["/admin/v1"]

    func register(on router: some RouterMethods<APIRequestContext>) {
        let admin = router.group("/admin/v1")
            .add(middleware: AdminTokenAuthenticator(token: services.adminToken))
            .group(context: AdminRequestContext.self)
        AdminRoutes(services: services).register(admin)
    }
}
