import Hummingbird

/// `/health` and `/ready`, public: 503 when an operator must act (a stopped writer or
/// projection); `/ready` also while anything retries.
struct HealthRoutes {
    let services: APIServices

    func register(on router: some RouterMethods<APIRequestContext>) {
        router.get("/health") { _, _ in
            let report = await services.health()
            return report.response(ok: report.healthy)
        }
        router.get("/ready") { _, _ in
            let report = await services.health()
            return report.response(ok: report.ready)
        }
    }
}
