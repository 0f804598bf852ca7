import CommandHandling
import Domain
import Foundation
import HTTPTypes
import Hummingbird
import ReadModels

/// The review queue (issue 13): the possible duplicates the probabilistic match tier recorded,
/// and a person's verdict on a pair — merge, or not a duplicate.
struct ReviewRoutes {
    let services: APIServices

    func register(_ group: RouterGroup<SolumRequestContext>) {
        group.get("/patients/possible-duplicates", use: list)
        group.post("/patients/{id}/merge", use: merge)
        group.post("/patients/{id}/not-duplicate", use: notDuplicate)
    }

    /// The body of both verdicts: the other patient of the pair.
    struct VerdictRequest: Decodable {
        var duplicateId: UUID
        enum CodingKeys: String, CodingKey { case duplicateId = "duplicate_id" }
    }

    @Sendable func list(_ request: Request, context: SolumRequestContext) async throws -> Response {
        let (skip, limit) = try PatientListQuery.paging(request.uri.queryParameters)
        let page = try await services.queries.possibleDuplicates(org: context.caller.organizationId, skip: skip, limit: limit)
        await services.disclose(page.items.flatMap { [$0.patient.id, $0.candidate.id] }, to: context, route: .possibleDuplicates)
        return JSONResponse.make(.object([
            ("items", .array(page.items.map(Self.render))),
            ("total", .int(page.total)),
            ("skip", .int(skip)),
            ("limit", .int(limit)),
        ]))
    }

    static func render(_ d: PossibleDuplicateView) -> JSONValue {
        func side(_ s: PossibleDuplicateView.Side) -> JSONValue {
            .object([
                ("id", .id(s.id)), ("first_name", .text(s.firstName)), ("last_name", .text(s.lastName)),
                ("date_of_birth", .text(s.dateOfBirth)), ("phone_number", .text(s.phoneNumber)), ("email", .text(s.email)),
                ("created_at", .time(s.createdAt)),
            ])
        }
        return .object([
            ("patient", side(d.patient)),
            ("candidate", side(d.candidate)),
            ("match_probability", .double(d.probability)),
            ("weights_version", .string(d.weightsVersion)),
            ("evidence", JSONValue.parse(d.evidenceJSON)),
            ("found_at", .time(d.foundAt)),
        ])
    }

    /// The command of `POST /v1/patients/{id}/merge` (also `clinicledger.command.patients.merge.v1`):
    /// `duplicate_id` folds into the patient the path names.
    static func mergeCommand(survivorId: UUID, _ body: RequestDecoding.Body) throws(SolumError) -> Command {
        let req = try RequestDecoding.decode(VerdictRequest.self, from: body.bytes, failure: SolumError.self)
        return .patients(.mergePatients(MergePatients(survivorId: survivorId, mergedId: req.duplicateId)))
    }

    /// The command of `POST /v1/patients/{id}/not-duplicate` (also `clinicledger.command.patients.not_duplicate.v1`).
    static func notDuplicateCommand(patientId: UUID, _ body: RequestDecoding.Body) throws(SolumError) -> Command {
        let req = try RequestDecoding.decode(VerdictRequest.self, from: body.bytes, failure: SolumError.self)
        return .patients(.markNotDuplicate(MarkNotDuplicate(patientId: patientId, otherPatientId: req.duplicateId)))
    }

    /// Answers the survivor as it reads after the merge (its external ids now include the merged
    /// patient's), and the merged patient's id.
    @Sendable func merge(_ request: Request, context: SolumRequestContext) async throws -> Response {
        let survivorId = try context.id(of: "patient")
        let body = try await RequestDecoding.json(request, context: context)
        let command = services.command(try Self.mergeCommand(survivorId: survivorId, body), caller: context.caller, request: request,
                                       fingerprint: body.fingerprint)
        let (outcome, projected) = try await Self.send(command, services: services, context: context)
        guard case .patients(.patientsMerged(let survivor, let merged)) = outcome.reply else { throw SolumError.unexpectedReply }
        let patient = try await services.queries.patient(org: context.caller.organizationId, id: survivor)
        if let patient { await services.disclose([patient.id], to: context, route: .merge) }
        return JSONResponse.make(.object([
            ("patient", patient.map(PatientRenderer.render) ?? .null),
            ("merged_patient_id", .id(merged)),
        ])).annotated(replayed: outcome.replayed, projected: projected && patient != nil)
    }

    @Sendable func notDuplicate(_ request: Request, context: SolumRequestContext) async throws -> Response {
        let patientId = try context.id(of: "patient")
        let body = try await RequestDecoding.json(request, context: context)
        let command = services.command(try Self.notDuplicateCommand(patientId: patientId, body), caller: context.caller, request: request,
                                       fingerprint: body.fingerprint)
        let (outcome, projected) = try await Self.send(command, services: services, context: context)
        guard case .patients(.notDuplicateRecorded(let a, let b)) = outcome.reply else { throw SolumError.unexpectedReply }
        return JSONResponse.make(.object([
            ("patient_id", .id(a)),
            ("duplicate_id", .id(b)),
            ("not_duplicate", .bool(true)),
        ])).annotated(replayed: outcome.replayed, projected: projected)
    }

    /// The path's patient unknown is 404, as for any Solum resource; the body's is 422 naming `duplicate_id`.
    private static func send(_ command: CommandEnvelope, services: APIServices, context: SolumRequestContext) async throws -> (CommandOutcome, Bool) {
        do { return try await services.send(command, context: context) } catch let e as SolumError
            where e.code == DomainError.Code.patientNotFound.rawValue && e.param == "id" {
            throw SolumError.notFound("patient")
        }
    }
}
