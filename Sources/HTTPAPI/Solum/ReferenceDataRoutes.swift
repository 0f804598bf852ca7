import Domain
import Hummingbird
import ReadModels

/// Reference data integrators need to fill ids in: locations, stages, users, external-id types, tags.
struct ReferenceDataRoutes {
    let services: APIServices

    func register(_ group: RouterGroup<SolumRequestContext>) {
        let q = services.queries
        group.get("/locations") { _, ctx in
            try await list(try await q.locations(org: ctx.caller.organizationId).map(ReferenceRenderer.location))
        }
        group.get("/workflow-stages") { _, ctx in
            try await list(try await q.workflowStages(org: ctx.caller.organizationId).map(ReferenceRenderer.stage))
        }
        group.get("/users") { _, ctx in
            try await list(try await q.users(org: ctx.caller.organizationId).map(ReferenceRenderer.user))
        }
        group.get("/external-id-types") { _, ctx in
            try await list(try await q.externalIdTypes(org: ctx.caller.organizationId).map(ReferenceRenderer.externalIdType))
        }
        group.get("/tags") { _, ctx in
            try await list(try await q.tags(org: ctx.caller.organizationId).map(ReferenceRenderer.tag))
        }
    }

    private func list(_ items: [JSONValue]) async throws -> Response {
        JSONResponse.make(.object([("items", .array(items))]))
    }
}
