import CommandHandling
import Domain
import Foundation
import Hummingbird
import ReadModels

/// Solum-style patients: batch creation (seed 000), the resource, the list, the History view.
struct PatientRoutes {
    let services: APIServices

    /// The body of `POST /v1/patients/batch`. Unknown fields are ignored; known ones are typed strictly.
    struct BatchRequest: Decodable {
        var items: [PatientDraft]
    }

    func register(_ group: RouterGroup<SolumRequestContext>) {
        group.post("/patients/batch", use: createBatch)
        group.get("/patients", use: list)
        group.get("/patients/{id}", use: get)
        group.get("/patients/{id}/history", use: history)
    }

    @Sendable func createBatch(_ request: Request, context: SolumRequestContext) async throws -> Response {
        let body = try await RequestDecoding.json(request, context: context)
        let command = services.command(try Self.batchCommand(body), caller: context.caller, request: request, fingerprint: body.fingerprint)
        let (outcome, projected) = try await services.send(command, context: context)
        guard case .patients(.patientsCreated(let ids)) = outcome.reply else { throw SolumError.unexpectedReply }
        return JSONResponse.make(.object([
            ("created_count", .int(ids.count)),
            ("patient_ids", .array(ids.map { .id($0) })),
        ])).annotated(replayed: outcome.replayed, projected: projected)
    }

    /// The command of a `POST /v1/patients/batch` body (also `clinicledger.command.patients.batch_create.v1`).
    static func batchCommand(_ body: RequestDecoding.Body) throws(SolumError) -> Command {
        let batch = try RequestDecoding.decode(BatchRequest.self, from: body.bytes, failure: SolumError.self)
        return .patients(.createPatientsBatch(CreatePatientsBatch(items: batch.items)))
    }

    @Sendable func get(_ request: Request, context: SolumRequestContext) async throws -> Response {
        let id = try context.id(of: "patient")
        guard let patient = try await services.queries.patient(org: context.caller.organizationId, id: id) else { throw SolumError.notFound("patient") }
        if let survivor = patient.mergedInto { return Self.redirect(to: survivor, "/v1/patients/\(survivor.lowercased)") }
        await services.disclose([id], to: context, route: .patient)
        return JSONResponse.make(PatientRenderer.render(patient))
    }

    /// Today's History from `patient_history`; with `as_of` (RFC 3339) the History as it stood then,
    /// built from `event_archive`. A patient that did not exist yet at `as_of` is not found.
    @Sendable func history(_ request: Request, context: SolumRequestContext) async throws -> Response {
        let id = try context.id(of: "patient")
        let org = context.caller.organizationId
        let entries: [HistoryEntryView]?
        let route: DisclosedRoute
        if let text = request.uri.queryParameters.get("as_of") {
            guard let asOf = RFC3339.parse(text) else {
                throw SolumError.badRequest("invalid_value", "as_of must be an RFC 3339 time, e.g. 2026-01-31T09:00:00Z", param: "as_of")
            }
            entries = try await services.queries.history(org: org, patientId: id, asOf: asOf)
            route = .historyAsOf
        } else {
            // Today's History of a merged patient is its survivor's (which holds it); as_of above
            // answers the merged patient's own past.
            if let survivor = try await services.queries.survivor(org: org, of: id) {
                return Self.redirect(to: survivor, "/v1/patients/\(survivor.lowercased)/history")
            }
            entries = try await services.queries.history(org: org, patientId: id)
            route = .history
        }
        guard let entries else { throw SolumError.notFound("patient") }
        await services.disclose([id], to: context, route: route)
        return JSONResponse.make(HistoryDocument.value(patientId: id, entries: entries))
    }

    /// A merged patient's reads: 308 to the survivor's, which a client follows as it would any
    /// redirect; the body names the survivor for one that does not.
    static func redirect(to survivor: UUID, _ location: String) -> Response {
        JSONResponse.make(.object([("merged_into", .id(survivor)), ("location", .string(location))]),
                          status: .permanentRedirect, headers: [.location: location])
    }

    @Sendable func list(_ request: Request, context: SolumRequestContext) async throws -> Response {
        let query = try PatientListQuery(request.uri.queryParameters)
        let page = try await services.queries.patients(org: context.caller.organizationId, filter: query.filter, skip: query.skip, limit: query.limit)
        await services.disclose(page.items.map(\.id), to: context, route: .patientList)
        return JSONResponse.make(.object([
            ("items", .array(page.items.map(PatientRenderer.render))),
            ("total", .int(page.total)),
            ("skip", .int(query.skip)),
            ("limit", .int(query.limit)),
        ]))
    }
}
