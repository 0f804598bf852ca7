import CommandHandling
import Domain
import Foundation
import Hummingbird
import ReadModels

/// Seed 002: Heim's appointments. Writes answer with the resource as the read model holds it
/// once it has caught up (bounded; `X-Read-Model-Lag` otherwise, with the id and status).
struct AppointmentRoutes {
    let services: APIServices

    func register(_ group: RouterGroup<HeimRequestContext>) {
        group.post("/appointments", use: create)
        group.get("/appointments", use: list)
        group.get("/appointments/{id}", use: get)
        group.patch("/appointments/{id}", use: update)
        group.post("/appointments/{id}/schedule", use: schedule)
        group.post("/appointments/{id}/complete", use: complete)
        group.post("/appointments/{id}/cancel", use: cancel)
    }

    @Sendable func create(_ request: Request, context: HeimRequestContext) async throws -> Response {
        let body = try await RequestDecoding.json(request, context: context)
        return try await send(try AppointmentRequests.create(body), request: request, context: context, fingerprint: body.fingerprint,
                              status: .created)
    }

    @Sendable func get(_ request: Request, context: HeimRequestContext) async throws -> Response {
        let id = try context.id("id", .appointment)
        guard let a = try await services.queries.appointment(org: context.caller.organizationId, id: id) else { throw HeimError.notFound("appointment") }
        return JSONResponse.make(AppointmentRenderer.render(a))
    }

    @Sendable func list(_ request: Request, context: HeimRequestContext) async throws -> Response {
        let query = try AppointmentListQuery(request.uri.queryParameters)
        let page = try await services.queries.appointments(org: context.caller.organizationId, filter: query.filter,
                                                           offset: query.offset, limit: query.limit)
        return JSONResponse.make(.object([
            ("data", .array(page.items.map(AppointmentRenderer.render))),
            ("pagination", .object([("offset", .int(query.offset)), ("limit", .int(query.limit)), ("total", .int(page.total))])),
        ]))
    }

    @Sendable func update(_ request: Request, context: HeimRequestContext) async throws -> Response {
        let id = try context.id("id", .appointment)
        let body = try await RequestDecoding.json(request, context: context)
        return try await send(.updateAppointment(try AppointmentRequests.update(id, body.value)), request: request, context: context,
                              fingerprint: body.fingerprint)
    }

    @Sendable func schedule(_ request: Request, context: HeimRequestContext) async throws -> Response {
        let id = try context.id("id", .appointment)
        let body = try await RequestDecoding.json(request, context: context)
        return try await send(try AppointmentRequests.schedule(id, body), request: request, context: context, fingerprint: body.fingerprint)
    }

    @Sendable func complete(_ request: Request, context: HeimRequestContext) async throws -> Response {
        let id = try context.id("id", .appointment)
        // A body is optional here: none, or an empty object.
        let empty = (request.headers[.contentLength] ?? "0") == "0" && request.headers[.transferEncoding] == nil
        let fingerprint = empty ? RequestFingerprint.of(.object([])) : try await RequestDecoding.json(request, context: context).fingerprint
        return try await send(.completeAppointment(CompleteAppointment(appointmentId: id)), request: request, context: context,
                              fingerprint: fingerprint)
    }

    @Sendable func cancel(_ request: Request, context: HeimRequestContext) async throws -> Response {
        let id = try context.id("id", .appointment)
        let body = try await RequestDecoding.json(request, context: context)
        return try await send(try AppointmentRequests.cancel(id, body), request: request, context: context, fingerprint: body.fingerprint)
    }

    /// Sends the command and answers with the appointment after it.
    private func send(_ command: AppointmentCommand, request: Request, context: HeimRequestContext, fingerprint: String,
                      status: HTTPResponse.Status = .ok) async throws -> Response {
        let envelope = services.command(.appointments(command), caller: context.caller, request: request, fingerprint: fingerprint)
        let (outcome, projected) = try await services.send(envelope, context: context)
        guard case .appointments(.appointment(let id, let current)) = outcome.reply else { throw HeimError.unexpectedReply }
        // When the projection lags the row is older than this command: then only id and status are certain.
        let view = projected ? try await services.queries.appointment(org: context.caller.organizationId, id: id) : nil
        let body: JSONValue = view.map(AppointmentRenderer.render)
            ?? .object([("id", .string(HeimIds.string(id, .appointment))), ("status", .string(current.rawValue))])
        return JSONResponse.make(body, status: status).annotated(replayed: outcome.replayed, projected: projected && view != nil)
    }
}
