import Domain
import Foundation
import Hummingbird
import ReadModels

/// A Cliniko resource served read-only by id and as a list: its path (also the list's key), the
/// name errors use, its field table, how to read a page of it and how to render one. Declaring
/// one and calling `register` gives `GET /v1/<path>` (q[], sort, paging, links) and
/// `GET /v1/<path>/{id}`; `find` resolves a Cliniko id for other routes.
struct ClinikoResource<View: Sendable>: Sendable {
    /// `businesses`: the path segment under `/v1` and the list's member name.
    let path: String
    /// `Business`: what a 404 says was not found.
    let name: String
    let schema: ListSchema
    /// A page of the caller's organization (`ReadModelQueries.locations(org:list:schema:)`, …).
    let fetch: @Sendable (ReadModelQueries, _ org: UUID, ListQuery, ListSchema) async throws -> ListPage<View>
    let render: @Sendable (View, ClinikoLinks) -> JSONValue

    func register(_ group: RouterGroup<ClinikoRequestContext>, services: APIServices) {
        group.get(RouterPath("/\(path)")) { request, context in try await list(request, context: context, services: services) }
        group.get(RouterPath("/\(path)/{id}")) { request, context in
            let view = try await find(try context.id("id", name), context: context, services: services)
            return JSONResponse.make(render(view, ClinikoLinks(request)))
        }
    }

    func list(_ request: Request, context: ClinikoRequestContext, services: APIServices) async throws -> Response {
        let query = try ClinikoListQuery(request.uri.queryParameters, schema: schema)
        let page = try await fetch(services.queries, context.caller.organizationId, query.list, schema)
        let links = ClinikoLinks(request)
        return ClinikoListRenderer.render(path, items: page.items.map { render($0, links) }, total: page.total, query: query, request: request)
    }

    /// The one row of the caller's organization with this Cliniko id (archived too): 404 when
    /// none, 409 when the id folds from two.
    func find(_ id: Int64, context: ClinikoRequestContext, services: APIServices) async throws -> View {
        try await find(id, org: context.caller.organizationId, services: services)
    }

    func find(_ id: Int64, org: UUID, services: APIServices) async throws -> View {
        try await ClinikoLookup.one(id, what: name, schema: schema) { list in try await fetch(services.queries, org, list, schema) }
    }

    /// An id sent in a body field: 422 naming the field when it is malformed or names nothing.
    func find(_ text: String, field: String, org: UUID, services: APIServices) async throws -> View {
        try await ClinikoLookup.body(text, field: field, what: name, schema: schema) { list in try await fetch(services.queries, org, list, schema) }
    }
}
