import CommandHandling
import Domain
import Foundation

/// Every command the HTTP API accepts from an organization's key, by the `ce_type` it has on the
/// commands topic. Each one's body is read by the function its HTTP route calls, and its refusals
/// are said in that route's dialect. (The admin API's commands take the operator's token, not an
/// organization's key, and are not on the topic.)
struct CommandType: Sendable {
    /// What the parser gets: the body read as the route reads it, `ce_subject` (the route's path id,
    /// as the dialect spells it) and the organization the credential named.
    struct Input: Sendable {
        var body: RequestDecoding.Body
        var subject: String?
        var organizationId: UUID
        var services: APIServices
    }

    let name: String
    /// The route the command's body and refusals follow, for the docs and error messages.
    let route: String
    /// Renders an error the parser, the key check or the writer raised in the route's dialect;
    /// nil for an error that is not a refusal (a database that did not answer: try again).
    let render: @Sendable (any Error) -> (status: Int, body: JSONValue)?
    let refusal: @Sendable (CommandError) -> (status: Int, body: JSONValue)
    let missingKey: (status: Int, body: JSONValue)
    let badKey: (status: Int, body: JSONValue)
    let parse: @Sendable (Input) async throws -> Command

    init<Failure: DialectError>(_ name: String, route: String, _ failure: Failure.Type, missingKey: Failure, badKey: Failure,
                                parse: @escaping @Sendable (Input) async throws -> Command) {
        self.name = "clinicledger.command.\(name).v1"
        self.route = route
        self.render = { error in
            switch error {
            case let e as Failure: (Int(e.status.code), e.body)
            case let e as RequestProblem: Self.rendered(Failure(e))
            case let e as CommandError: Self.rendered(Failure(e))
            case let e as DomainError: Self.rendered(Failure(CommandError.rejected(e)))
            default: nil
            }
        }
        self.refusal = { Self.rendered(Failure($0)) }
        self.missingKey = Self.rendered(missingKey)
        self.badKey = Self.rendered(badKey)
        self.parse = parse
    }

    private static func rendered(_ e: some DialectError) -> (status: Int, body: JSONValue) { (Int(e.status.code), e.body) }

    static let all: [String: CommandType] = Dictionary(uniqueKeysWithValues: list.map { ($0.name, $0) })

    private static let keyHeader = CommandRecordReader.apiKeyHeader
    private static func solum(_ name: String, route: String, parse: @escaping @Sendable (Input) async throws -> Command) -> CommandType {
        CommandType(name, route: route, SolumError.self,
                    missingKey: SolumError(.unauthorized, type: "authentication_error", code: "missing_api_key",
                                           message: "send the organization's API key in the \(keyHeader) header", param: keyHeader),
                    badKey: SolumError(.unauthorized, type: "authentication_error", code: "invalid_api_key",
                                       message: "the API key is not valid", param: keyHeader),
                    parse: parse)
    }
    private static func heim(_ name: String, route: String, parse: @escaping @Sendable (Input) async throws -> AppointmentCommand) -> CommandType {
        CommandType(name, route: route, HeimError.self,
                    missingKey: HeimError(.unauthorized, code: "missing_api_key",
                                          message: "send the organization's API key in the \(keyHeader) header", field: keyHeader),
                    badKey: HeimError(.unauthorized, code: "invalid_api_key", message: "the API key is not valid", field: keyHeader),
                    parse: { .appointments(try await parse($0)) })
    }
    private static func cliniko(_ name: String, route: String, parse: @escaping @Sendable (Input) async throws -> GroupAppointmentCommand) -> CommandType {
        CommandType(name, route: route, ClinikoError.self,
                    missingKey: ClinikoError(.unauthorized, "Send the organization's API key in the \(keyHeader) header"),
                    badKey: ClinikoError(.unauthorized, "The API key is not valid"),
                    parse: { .groupAppointments(try await parse($0)) })
    }

    /// A group appointment or attendee `ce_subject` names, in the organization (404 when none).
    private static func find<View: Sendable>(_ resource: ClinikoResource<View>, _ input: Input) async throws -> View {
        try await resource.find(try ClinikoRequestContext.id(input.subject, resource.name), org: input.organizationId, services: input.services)
    }

    private static let list: [CommandType] = [
        solum("patients.batch_create", route: "POST /v1/patients/batch") { try PatientRoutes.batchCommand($0.body) },
        solum("patients.upsert", route: "POST /v1/patients/upsert") { try UpsertRoutes.upsertCommand($0.body.value) },
        solum("patients.communications.record", route: "POST /v1/patients/{id}/communications") {
            try UpsertRoutes.communicationCommand(patientId: try SolumRequestContext.id($0.subject, of: "patient"), $0.body).0
        },
        solum("patients.merge", route: "POST /v1/patients/{id}/merge") {
            try ReviewRoutes.mergeCommand(survivorId: try SolumRequestContext.id($0.subject, of: "patient"), $0.body)
        },
        solum("patients.not_duplicate", route: "POST /v1/patients/{id}/not-duplicate") {
            try ReviewRoutes.notDuplicateCommand(patientId: try SolumRequestContext.id($0.subject, of: "patient"), $0.body)
        },
        heim("appointments.create", route: "POST /v1/appointments") { try AppointmentRequests.create($0.body) },
        heim("appointments.update", route: "PATCH /v1/appointments/{id}") {
            .updateAppointment(try AppointmentRequests.update(try HeimRequestContext.id($0.subject, .appointment), $0.body.value))
        },
        heim("appointments.schedule", route: "POST /v1/appointments/{id}/schedule") {
            try AppointmentRequests.schedule(try HeimRequestContext.id($0.subject, .appointment), $0.body)
        },
        heim("appointments.complete", route: "POST /v1/appointments/{id}/complete") {
            .completeAppointment(CompleteAppointment(appointmentId: try HeimRequestContext.id($0.subject, .appointment)))
        },
        heim("appointments.cancel", route: "POST /v1/appointments/{id}/cancel") {
            try AppointmentRequests.cancel(try HeimRequestContext.id($0.subject, .appointment), $0.body)
        },
        cliniko("group_appointments.create", route: "POST /v1/group_appointments") {
            try await GroupAppointmentRoutes.createCommand($0.body.value, org: $0.organizationId, services: $0.services)
        },
        cliniko("group_appointments.update", route: "PATCH /v1/group_appointments/{id}") { input in
            let id = try await find(GroupAppointmentRoutes.resource, input).id
            return try await GroupAppointmentRoutes.updateCommand(id, input.body.value, org: input.organizationId, services: input.services)
        },
        cliniko("group_appointments.archive", route: "POST /v1/group_appointments/{id}/archive") {
            .archive(groupAppointmentId: try await find(GroupAppointmentRoutes.resource, $0).id)
        },
        cliniko("group_appointments.attendees.add", route: "POST /v1/attendees") {
            try await AttendeeRoutes.addCommand($0.body.value, org: $0.organizationId, services: $0.services)
        },
        cliniko("group_appointments.attendees.cancel", route: "PATCH /v1/attendees/{id}/cancel") {
            try AttendeeRoutes.cancelCommand(try await find(AttendeeRoutes.resource, $0).id, $0.body.value)
        },
    ]
}
