import Hummingbird

/// Every route the API serves. `schemas/openapi.yaml` must describe exactly these (a test checks).
public enum APIRoutes {
    public static let all: [(method: String, path: String)] = [
        ("POST", "/v1/patients/batch"),
        ("POST", "/v1/patients/upsert"),
        ("POST", "/v1/patients/match-suggestion"),
        ("POST", "/v1/patients/{id}/communications"),
        ("GET", "/v1/patients"),
        ("GET", "/v1/patients/{id}"),
        ("GET", "/v1/patients/{id}/history"),
        ("GET", "/v1/locations"),
        ("GET", "/v1/workflow-stages"),
        ("GET", "/v1/users"),
        ("GET", "/v1/external-id-types"),
        ("GET", "/v1/tags"),
        ("POST", "/admin/v1/organizations"),
        ("PUT", "/admin/v1/organizations/{id}/reference-data"),
        ("GET", "/health"),
        ("GET", "/ready"),
    ]
}

extension APIRoutes {
    /// The methods served at a concrete path (`/v1/patients/0197…/history` → GET), for 405's
    /// `Allow`. Where templates overlap, a literal segment wins over a parameter, as in the
    /// router: `/v1/patients/batch` is the batch route, not a patient id.
    static func methods(at path: String) -> [String] {
        let segments = path.split(separator: "/")
        let matching = all.compactMap { route -> (literals: [Bool], route: (method: String, path: String))? in
            let template = route.path.split(separator: "/")
            guard template.count == segments.count else { return nil }
            var literals: [Bool] = []
            for (t, s) in zip(template, segments) {
                let parameter = t.hasPrefix("{") && t.hasSuffix("}")
                guard parameter || t == s else { return nil }
                literals.append(!parameter)
            }
            return (literals, route)
        }
        guard let best = matching.map(\.literals).max(by: { a, b in a.lexicographicallyPrecedes(b) { !$0 && $1 } }) else { return [] }
        return matching.filter { $0.literals == best }.map(\.route.method)
    }
}

/// Builds the router: public health check, `/v1` behind X-API-Key, `/admin/v1` behind the admin token.
public func makeRouter(_ services: APIServices) -> Router<APIRequestContext> {
    let router = Router(context: APIRequestContext.self)
    router.add(middleware: ErrorEnvelopeMiddleware())
    router.add(middleware: RequestScreenMiddleware())
    // 503 when an operator must act (a stopped writer or projection); /ready also while anything retries.
    router.get("/health") { _, _ in
        let report = await services.health()
        return report.response(ok: report.healthy)
    }
    router.get("/ready") { _, _ in
        let report = await services.health()
        return report.response(ok: report.ready)
    }
    let v1 = router.group("/v1").add(middleware: APIKeyMiddleware(queries: services.queries, cache: APIKeyCache()))
    PatientRoutes(services: services).register(v1)
    UpsertRoutes(services: services).register(v1)
    ReferenceDataRoutes(services: services).register(v1)
    let admin = router.group("/admin/v1").add(middleware: AdminTokenMiddleware(token: services.adminToken))
    AdminRoutes(services: services).register(admin)
    return router
}
