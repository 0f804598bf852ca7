import CommandHandling
import Domain
import Foundation
import Hummingbird
import ReadModels

/// Seed 004: SPRY's waitlist requests, and the invites that offer them freed slots. A patient
/// (role USER) works only with its own requests: another's is 403, its lists hold only its own.
/// Writes answer with the request as the read model holds it once it has caught up (bounded;
/// `X-Read-Model-Lag` otherwise, with the id and status).
struct WaitlistRequestRoutes {
    let services: APIServices

    func register(_ group: RouterGroup<SpryRequestContext>) {
        group.post("/waitlist-requests", use: create)
        group.get("/waitlist-requests", use: list)
        group.get("/waitlist-requests/{id}", use: get)
        group.patch("/waitlist-requests/{id}", use: update)
        group.post("/waitlist-requests/{id}/invites/{invite_id}/accept", use: accept)
        group.post("/waitlist-requests/{id}/invites/{invite_id}/decline", use: decline)
    }

    @Sendable func create(_ request: Request, context: SpryRequestContext) async throws -> Response {
        let caller = context.caller
        // A patient's own id comes from its token (the query's is ignored, as SPRY documents); staff name the patient.
        let patientId: UUID
        if let own = caller.patientId {
            patientId = own
        } else {
            guard let text = request.uri.queryParameters.get("patient_id") else {
                throw SpryError.badRequest("patient_id is required as a query parameter when staff create a request")
            }
            patientId = try WaitlistRequestBodies.id(text, field: "patient_id")
        }
        let body = try await RequestDecoding.json(request, context: context)
        let command = try WaitlistRequestBodies.create(body, actor: caller.actor, patientId: patientId)
        return try await send(command, request: request, context: context, fingerprint: body.fingerprint, status: .created)
    }

    @Sendable func get(_ request: Request, context: SpryRequestContext) async throws -> Response {
        let view = try await visible(try context.id("id", "waitlist request"), context: context)
        return Self.success(WaitlistRequestRenderer.render(view))
    }

    @Sendable func list(_ request: Request, context: SpryRequestContext) async throws -> Response {
        var query = try WaitlistListQuery(request.uri.queryParameters)
        if let own = context.caller.patientId {
            if let asked = query.filter.patientId, asked != own {
                throw SpryError.forbidden("a patient may only list its own waitlist requests")
            }
            query.filter.patientId = own
        }
        let page = try await services.queries.waitlistRequests(org: context.caller.organizationId, filter: query.filter, sort: query.sort,
                                                              descending: query.descending, offset: query.offset, limit: query.pageSize)
        let pages = (page.total + query.pageSize - 1) / query.pageSize
        return Self.success(.object([
            ("items", .array(page.items.map(WaitlistRequestRenderer.render))),
            ("page", .int(query.page)),
            ("page_size", .int(query.pageSize)),
            ("total", .int(page.total)),
            ("total_pages", .int(pages)),
        ]))
    }

    @Sendable func update(_ request: Request, context: SpryRequestContext) async throws -> Response {
        let id = try context.id("id", "waitlist request")
        let body = try await RequestDecoding.json(request, context: context)
        return try await send(try WaitlistRequestBodies.update(id, body.value, actor: context.caller.actor), request: request,
                              context: context, fingerprint: body.fingerprint)
    }

    @Sendable func accept(_ request: Request, context: SpryRequestContext) async throws -> Response {
        try await answer(request, context: context) { .acceptInvite($0) }
    }

    @Sendable func decline(_ request: Request, context: SpryRequestContext) async throws -> Response {
        try await answer(request, context: context) { .declineInvite($0) }
    }

    /// Accept and decline: no body is needed (an empty object is fine).
    private func answer(_ request: Request, context: SpryRequestContext,
                        _ command: (InviteAnswer) -> WaitlistCommand) async throws -> Response {
        let id = try context.id("id", "waitlist request")
        let inviteId = try context.id("invite_id", "invite")
        let empty = (request.headers[.contentLength] ?? "0") == "0" && request.headers[.transferEncoding] == nil
        let fingerprint = empty ? RequestFingerprint.of(.object([])) : try await RequestDecoding.json(request, context: context).fingerprint
        let answer = InviteAnswer(actor: context.caller.actor, requestId: id, inviteId: inviteId)
        return try await send(command(answer), request: request, context: context, fingerprint: fingerprint)
    }

    /// The request, when the caller may see it: 404 when the organization has none with this id,
    /// 403 when it is another patient's.
    private func visible(_ id: UUID, context: SpryRequestContext) async throws -> WaitlistRequestView {
        guard let view = try await services.queries.waitlistRequest(org: context.caller.organizationId, id: id) else {
            throw SpryError.notFound("waitlist request")
        }
        if let own = context.caller.patientId, view.request.patientId != own {
            throw SpryError.forbidden("a patient may only see its own waitlist requests")
        }
        return view
    }

    /// Sends the command and answers with the request after it.
    private func send(_ command: WaitlistCommand, request: Request, context: SpryRequestContext, fingerprint: String,
                      status: HTTPResponse.Status = .ok) async throws -> Response {
        let caller = context.caller
        let envelope = services.command(.waitlist(command), caller: caller.caller, request: request, fingerprint: fingerprint)
        let (outcome, projected) = try await services.send(envelope, context: context)
        let requestId: UUID
        switch outcome.reply {
        case .waitlist(.request(let id)): requestId = id
        case .waitlist(.fulfilled(let id, _, _)): requestId = id
        default: throw SpryError.unexpectedReply
        }
        let view = projected ? try await services.queries.waitlistRequest(org: caller.organizationId, id: requestId) : nil
        let data: JSONValue = view.map(WaitlistRequestRenderer.render) ?? .object([("id", .id(requestId))])
        return Self.success(data, status: status).annotated(replayed: outcome.replayed, projected: projected && view != nil)
    }

    static func success(_ data: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        JSONResponse.make(.object([("code", .int(2000)), ("message", .string("Success")), ("data", data)]), status: status)
    }
}
