import CommandHandling
import Domain
import Foundation
import Hummingbird
import ReadModels

/// Cliniko's attendees: a patient's place in a group appointment (its `booking`). Adding one
/// answers 201 with it once the read model has it; cancelling answers 204.
struct AttendeeRoutes {
    let services: APIServices

    static let resource = ClinikoResource<AttendeeView>(
        path: "attendees", name: "Attendee", schema: GroupAppointmentListSchemas.attendees,
        fetch: { queries, org, list, schema in try await queries.attendees(org: org, list: list, schema: schema) },
        render: AttendeeRenderer.render)

    func register(_ group: RouterGroup<ClinikoRequestContext>) {
        group.post("/attendees", use: create)
        Self.resource.register(group, services: services)  // GET /attendees, GET /attendees/{id}
        group.patch("/attendees/{id}/cancel", use: cancel)
    }

    /// `POST /v1/attendees {booking_id, patient_id, notes?}` → 201. A booking or patient the
    /// organization does not hold is 422 naming the field; a full or archived booking is 422
    /// naming booking_id, a patient already booked 422 naming patient_id (the domain's refusals).
    @Sendable func create(_ request: Request, context: ClinikoRequestContext) async throws -> Response {
        let body = try await RequestDecoding.json(request, context: context)
        let command = try await Self.addCommand(body.value, org: context.caller.organizationId, services: services)
        let envelope = services.command(.groupAppointments(command), caller: context.caller, request: request,
                                        fingerprint: GroupAppointmentRoutes.fingerprint(request, body: body.value))
        let (outcome, projected) = try await services.send(envelope, context: context)
        guard case .groupAppointments(.attendees(let ids)) = outcome.reply, let id = ids.first else { throw ClinikoError.unexpectedReply }
        let view = projected ? try await services.queries.attendee(org: context.caller.organizationId, id: id) : nil
        let rendered = view.map { AttendeeRenderer.render($0, ClinikoLinks(request)) } ?? .object([("id", .string(ClinikoIds.text(id)))])
        return JSONResponse.make(rendered, status: .created).annotated(replayed: outcome.replayed, projected: projected && view != nil)
    }

    /// `PATCH /v1/attendees/{id}/cancel {cancellation_reason, cancellation_note?, apply_to_repeats?}`
    /// → 204; with `apply_to_repeats` the patient's places in the later occurrences of the series
    /// too. Cancelling a cancelled attendee records nothing and is 204 again.
    @Sendable func cancel(_ request: Request, context: ClinikoRequestContext) async throws -> Response {
        let id = try await Self.resource.find(try context.id("id", Self.resource.name), context: context, services: services).id
        let body = try await RequestDecoding.json(request, context: context)
        let envelope = services.command(.groupAppointments(try Self.cancelCommand(id, body.value)), caller: context.caller, request: request,
                                        fingerprint: GroupAppointmentRoutes.fingerprint(request, body: body.value))
        let (outcome, projected) = try await services.send(envelope, context: context)
        guard case .groupAppointments(.attendees) = outcome.reply else { throw ClinikoError.unexpectedReply }
        return Response(status: .noContent).annotated(replayed: outcome.replayed, projected: projected)
    }

    /// The command of a `POST /v1/attendees` body (also `clinicledger.command.group_appointments.attendees.add.v1`).
    static func addCommand(_ body: JSONValue, org: UUID, services: APIServices) async throws -> GroupAppointmentCommand {
        let sent = try AttendeeBody(body)
        let booking = try await GroupAppointmentRoutes.resource.find(sent.bookingId, field: "booking_id", org: org, services: services)
        let patientId = try await patient(sent.patientId, org: org, services: services)
        return .addAttendee(AddAttendee(groupAppointmentId: booking.id, patientId: patientId, notes: sent.notes))
    }

    /// The command of a `PATCH /v1/attendees/{id}/cancel` body, for the attendee found
    /// (also `clinicledger.command.group_appointments.attendees.cancel.v1`).
    static func cancelCommand(_ id: UUID, _ body: JSONValue) throws(ClinikoError) -> GroupAppointmentCommand {
        let sent = try CancelAttendeeBody(body)
        return .cancelAttendee(CancelAttendee(attendeeId: id, reason: sent.reason, note: sent.note, applyToRepeats: sent.applyToRepeats))
    }

    /// A body's `patient_id`: the organization's one patient with that Cliniko number. Malformed or
    /// unknown is 422 naming the field; two patients folding to the number is 409 (docs/ids.md).
    private static func patient(_ text: String, org: UUID, services: APIServices) async throws -> UUID {
        guard let number = ClinikoIds.parse(text) else { throw ClinikoError.invalid("is not a valid id", field: "patient_id") }
        let ids = try await services.queries.patientIds(org: org, clinikoNumber: number)
        guard let id = ids.first else { throw ClinikoError.invalid("Patient \(number) not found", field: "patient_id") }
        guard ids.count == 1 else { throw ClinikoError.ambiguous("Patient", id: number) }
        return id
    }
}
