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

    func register(_ group: RouterGroup<APIRequestContext>) {
        group.post("/patients/batch", use: createBatch)
        group.get("/patients", use: list)
        group.get("/patients/{id}", use: get)
        group.get("/patients/{id}/history", use: history)
    }

    @Sendable func createBatch(_ request: Request, context: APIRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        let body = try await RequestDecoding.json(request)
        let batch = try RequestDecoding.decode(BatchRequest.self, from: body.bytes)
        let command = services.command(.patients(.createPatientsBatch(CreatePatientsBatch(items: batch.items))), caller: caller,
                                       request: request, fingerprint: body.fingerprint)
        let (outcome, projected) = try await services.send(command)
        guard case .patients(.patientsCreated(let ids)) = outcome.reply else {
            throw APIError(.internalServerError, type: "api_error", code: "internal_error", message: "unexpected command reply")
        }
        return JSONResponse.make(.object([
            ("created_count", .int(ids.count)),
            ("patient_ids", .array(ids.map { .id($0) })),
        ])).annotated(replayed: outcome.replayed, projected: projected)
    }

    @Sendable func get(_ request: Request, context: APIRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        let id = try patientId(context)
        guard let patient = try await services.queries.patient(org: caller.organizationId, id: id) else { throw APIError.notFound("patient") }
        return JSONResponse.make(PatientRenderer.render(patient))
    }

    @Sendable func history(_ request: Request, context: APIRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        let id = try patientId(context)
        guard let entries = try await services.queries.history(org: caller.organizationId, patientId: id) else {
            throw APIError.notFound("patient")
        }
        return JSONResponse.make(.object([("patient_id", .id(id)), ("items", .array(entries.map(PatientRenderer.history)))]))
    }

    @Sendable func list(_ request: Request, context: APIRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        let query = try PatientListQuery(request.uri.queryParameters)
        let page = try await services.queries.patients(org: caller.organizationId, filter: query.filter, skip: query.skip, limit: query.limit)
        return JSONResponse.make(.object([
            ("items", .array(page.items.map(PatientRenderer.render))),
            ("total", .int(page.total)),
            ("skip", .int(query.skip)),
            ("limit", .int(query.limit)),
        ]))
    }

    /// A malformed id cannot name a patient of the caller's: 404 like any unknown id.
    private func patientId(_ context: APIRequestContext) throws -> UUID {
        guard let text = context.parameters.get("id"), let id = UUID(uuidString: text) else { throw APIError.notFound("patient") }
        return id
    }
}
