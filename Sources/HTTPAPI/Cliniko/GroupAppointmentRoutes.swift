import CommandHandling
import Domain
import Foundation
import Hummingbird
import ReadModels

/// Seed 003: Cliniko's group appointments. Writes answer with the resource as the read model
/// holds it once it has caught up (bounded; `X-Read-Model-Lag` and the id alone otherwise), as
/// Heim's appointment routes do. Ids in a body are looked up through the reference resources
/// (422 naming the field when they name nothing of the organization); in the path, 404.
struct GroupAppointmentRoutes {
    let services: APIServices

    static let resource = ClinikoResource<GroupAppointmentView>(
        path: "group_appointments", name: "Group appointment", schema: GroupAppointmentListSchemas.groupAppointments,
        fetch: { queries, org, list, schema in try await queries.groupAppointments(org: org, list: list, schema: schema) },
        render: GroupAppointmentRenderer.render)

    func register(_ group: RouterGroup<ClinikoRequestContext>) {
        group.post("/group_appointments", use: create)
        group.get("/group_appointments") { request, context in try await Self.resource.list(request, context: context, services: services) }
        group.get("/group_appointments/{id}", use: get)
        group.patch("/group_appointments/{id}", use: update)
        group.delete("/group_appointments/{id}", use: archive)
        group.post("/group_appointments/{id}/archive", use: archive)
        group.get("/group_appointments/{id}/conflicts", use: conflicts)
        group.get("/group_appointments/{id}/attendees", use: attendees)
    }

    /// `POST /v1/group_appointments` → 201 and the first occurrence (its repeats are listed by
    /// its `repeats` link).
    @Sendable func create(_ request: Request, context: ClinikoRequestContext) async throws -> Response {
        let body = try await RequestDecoding.json(request, context: context)
        let command = try await Self.createCommand(body.value, org: context.caller.organizationId, services: services)
        return try await send(command, request: request, context: context, body: body.value, status: .created)
    }

    /// The command of a `POST /v1/group_appointments` body (also `clinicledger.command.group_appointments.create.v1`).
    static func createCommand(_ body: JSONValue, org: UUID, services: APIServices) async throws -> GroupAppointmentCommand {
        let sent = try GroupAppointmentBody(body)
        try sent.checkRequired()
        let refs = try await references(sent, org: org, services: services)
        return .create(CreateGroupAppointment(
            appointmentTypeId: try ClinikoBody.required(refs.type, "appointment_type_id"),
            locationId: try ClinikoBody.required(refs.business, "business_id"),
            practitionerId: try ClinikoBody.required(refs.practitioner, "practitioner_id"),
            startsAt: try ClinikoBody.required(sent.startsAt, "starts_at"), endsAt: sent.endsAt.value,
            maxAttendees: sent.maxAttendees.value, notes: sent.notes.value, telehealthUrl: sent.telehealthUrl.value,
            repeatRule: sent.repeatRule.value))
    }

    /// `GET /v1/group_appointments/{id}`: an archived one only when `q[]` names `archived_at`
    /// (`archived_at:*`, or a condition it meets), as a list finds it.
    @Sendable func get(_ request: Request, context: ClinikoRequestContext) async throws -> Response {
        let number = try context.id("id", Self.resource.name)
        let filters = try ClinikoListQuery.conditions(request.uri.queryParameters, schema: GroupAppointmentListSchemas.groupAppointmentGet)
        let byId = ListCondition(field: "id", op: .equal, value: .numbers([number]))
        let found = try await services.queries.groupAppointments(
            org: context.caller.organizationId, list: ListQuery(conditions: [byId] + filters, offset: 0, limit: 2),
            schema: Self.resource.schema).items
        guard let view = found.first else { throw ClinikoError.notFound(Self.resource.name) }
        guard found.count == 1 else { throw ClinikoError.ambiguous(Self.resource.name, id: number) }
        return JSONResponse.make(GroupAppointmentRenderer.render(view, ClinikoLinks(request)))
    }

    /// `PATCH /v1/group_appointments/{id}` → 200 and the resource. A field left out is kept;
    /// `ends_at: null` recomputes the end from the type, `notes`/`telehealth_url: null` clear.
    @Sendable func update(_ request: Request, context: ClinikoRequestContext) async throws -> Response {
        let number = try context.id("id", Self.resource.name)
        let org = context.caller.organizationId
        let id = try await Self.resource.find(number, org: org, services: services).id
        let body = try await RequestDecoding.json(request, context: context)
        return try await send(try await Self.updateCommand(id, body.value, org: org, services: services), request: request, context: context,
                              body: body.value, status: .ok)
    }

    /// The command of a `PATCH /v1/group_appointments/{id}` body, for the group appointment found
    /// (also `clinicledger.command.group_appointments.update.v1`).
    static func updateCommand(_ id: UUID, _ body: JSONValue, org: UUID, services: APIServices) async throws -> GroupAppointmentCommand {
        let sent = try GroupAppointmentBody(body)
        let refs = try await references(sent, org: org, services: services)
        return .update(UpdateGroupAppointment(
            groupAppointmentId: id, appointmentTypeId: refs.type, locationId: refs.business, practitionerId: refs.practitioner,
            startsAt: sent.startsAt, endsAt: sent.endsAt, maxAttendees: sent.maxAttendees, notes: sent.notes,
            telehealthUrl: sent.telehealthUrl, repeatRule: sent.repeatRule))
    }

    /// `POST /v1/group_appointments/{id}/archive` and the deprecated `DELETE …/{id}` → 204, again
    /// 204 when already archived (the second records nothing). Neither takes a body.
    @Sendable func archive(_ request: Request, context: ClinikoRequestContext) async throws -> Response {
        let id = try await Self.resource.find(try context.id("id", Self.resource.name), context: context, services: services).id
        let envelope = services.command(.groupAppointments(.archive(groupAppointmentId: id)), caller: context.caller, request: request,
                                        fingerprint: Self.fingerprint(request, body: .object([])))
        let (outcome, projected) = try await services.send(envelope, context: context)
        guard case .groupAppointments(.archived) = outcome.reply else { throw ClinikoError.unexpectedReply }
        return Response(status: .noContent).annotated(replayed: outcome.replayed, projected: projected)
    }

    /// `GET /v1/group_appointments/{id}/conflicts` → `{"conflicts":{"exist":bool}}`, from the
    /// writer's committed calendar (`CommandRouter.groupAppointmentConflicts`).
    @Sendable func conflicts(_ request: Request, context: ClinikoRequestContext) async throws -> Response {
        let id = try await Self.resource.find(try context.id("id", Self.resource.name), context: context, services: services).id
        guard let exist = await services.commands.groupAppointmentConflicts(organizationId: context.caller.organizationId, id: id) else {
            throw ClinikoError.notFound(Self.resource.name)
        }
        return JSONResponse.make(.object([("conflicts", .object([("exist", .bool(exist))]))]))
    }

    /// `GET /v1/group_appointments/{id}/attendees`: the attendees list, of this booking only.
    @Sendable func attendees(_ request: Request, context: ClinikoRequestContext) async throws -> Response {
        let booking = try await Self.resource.find(try context.id("id", Self.resource.name), context: context, services: services)
        var query = try ClinikoListQuery(request.uri.queryParameters, schema: AttendeeRoutes.resource.schema)
        query.list.conditions.append(ListCondition(field: "booking_id", op: .equal, value: .numbers([ClinikoIds.number(booking.id)])))
        let page = try await services.queries.attendees(org: context.caller.organizationId, list: query.list, schema: AttendeeRoutes.resource.schema)
        let links = ClinikoLinks(request)
        return ClinikoListRenderer.render(AttendeeRoutes.resource.path, items: page.items.map { AttendeeRenderer.render($0, links) },
                                          total: page.total, query: query, request: request)
    }

    /// The body's ids, each looked up through its reference resource: left out stays left out,
    /// null stays null (the domain refuses it, naming the field).
    private static func references(_ sent: GroupAppointmentBody, org: UUID, services: APIServices) async throws
        -> (type: FieldUpdate<UUID>, business: FieldUpdate<UUID>, practitioner: FieldUpdate<UUID>) {
        func resolve<View>(_ text: FieldUpdate<String>, _ field: String, _ resource: ClinikoResource<View>,
                           _ id: (View) -> UUID) async throws -> FieldUpdate<UUID> {
            switch text {
            case .keep: return .keep
            case .set(nil): return .set(nil)
            case .set(let text?): return .set(id(try await resource.find(text, field: field, org: org, services: services)))
            }
        }
        return (try await resolve(sent.appointmentTypeId, "appointment_type_id", ClinikoReferenceRoutes.appointmentTypes, \.id),
                try await resolve(sent.businessId, "business_id", ClinikoReferenceRoutes.businesses, \.id),
                try await resolve(sent.practitionerId, "practitioner_id", ClinikoReferenceRoutes.practitioners, \.id))
    }

    /// Sends the command and answers with the group appointment it made (the first occurrence)
    /// or changed.
    private func send(_ command: GroupAppointmentCommand, request: Request, context: ClinikoRequestContext, body: JSONValue,
                      status: HTTPResponse.Status) async throws -> Response {
        let envelope = services.command(.groupAppointments(command), caller: context.caller, request: request,
                                        fingerprint: Self.fingerprint(request, body: body))
        let (outcome, projected) = try await services.send(envelope, context: context)
        let id: UUID
        switch outcome.reply {
        case .groupAppointments(.groupAppointments(let ids)) where !ids.isEmpty: id = ids[0]
        case .groupAppointments(.groupAppointment(let one)): id = one
        default: throw ClinikoError.unexpectedReply
        }
        // When the projection lags the row is older than this command: then only the id is certain.
        let view = projected ? try await services.queries.groupAppointment(org: context.caller.organizationId, id: id) : nil
        let rendered = view.map { GroupAppointmentRenderer.render($0, ClinikoLinks(request)) } ?? .object([("id", .string(ClinikoIds.text(id)))])
        return JSONResponse.make(rendered, status: status).annotated(replayed: outcome.replayed, projected: projected && view != nil)
    }

    /// An Idempotency-Key's request digest over the method and path as well as the body: the same
    /// key sent to archive another booking, or with an empty body to another route, is a different
    /// request (409), not a replay of the first one's answer.
    static func fingerprint(_ request: Request, body: JSONValue) -> String {
        RequestFingerprint.of(.object([("method", .string(request.method.rawValue)), ("path", .string(request.uri.path)), ("body", body)]))
    }
}

extension FieldUpdate {
    /// The value sent, nil when left out or null (create, where the two mean the same).
    var value: Value? { if case .set(let v) = self { v } else { nil } }
}
