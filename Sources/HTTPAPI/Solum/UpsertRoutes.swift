import CommandHandling
import Domain
import EventStore
import Foundation
import Hummingbird

/// Seed 001: forgiving upsert, the dry-run matcher, and recording communications (the phone lock).
struct UpsertRoutes {
    let services: APIServices

    func register(_ group: RouterGroup<SolumRequestContext>) {
        group.post("/patients/upsert", use: upsert)
        group.post("/patients/match-suggestion", use: matchSuggestion)
        group.post("/patients/{id}/communications", use: recordCommunication)
    }

    @Sendable func upsert(_ request: Request, context: SolumRequestContext) async throws -> Response {
        let body = try await RequestDecoding.json(request, context: context)
        let command = services.command(try Self.upsertCommand(body.value), caller: context.caller, request: request,
                                       fingerprint: body.fingerprint)
        let (outcome, projected) = try await services.send(command, context: context)
        guard case .patients(.patientUpserted(let result)) = outcome.reply else { throw SolumError.unexpectedReply }
        let patient = try await services.queries.patient(org: context.caller.organizationId, id: result.patientId)
        // The reply holds the whole record, which may be one the caller matched rather than wrote.
        if let patient { await services.disclose([patient.id], to: context, route: .upsert) }
        return JSONResponse.make(.object([
            ("patient", patient.map(PatientRenderer.render) ?? .null),
            ("matched", .bool(!result.created)),
            ("created", .bool(result.created)),
            ("match_tier", result.tier.map { .string($0.rawValue) } ?? .null),
            // Tier `probabilistic`: the merge's probability; a created patient: the possible
            // duplicate recorded for review, and its probability.
            ("match_probability", result.matchProbability.map(JSONValue.double) ?? .null),
            ("possible_duplicate_of", .id(result.possibleDuplicateOf)),
            ("dropped_fields", .array(result.droppedFields.map(JSONValue.string))),
        ])).annotated(replayed: outcome.replayed, projected: projected && patient != nil)
    }

    /// The command of a `POST /v1/patients/upsert` body (also `clinicledger.command.patients.upsert.v1`).
    static func upsertCommand(_ body: JSONValue) throws -> Command {
        .patients(.upsertPatient(UpsertPatient(draft: try UpsertRequestReader.read(body))))
    }

    /// The matcher without writing: `kind` hard (external id or demographics), soft (fuzzy
    /// tiers, several candidates that need a person to choose, or the probabilistic tier's
    /// candidate with its probability and field-by-field evidence), or none.
    @Sendable func matchSuggestion(_ request: Request, context: SolumRequestContext) async throws -> Response {
        let draft = try UpsertRequestReader.read(try await RequestDecoding.json(request, context: context).value)
        let (outcome, dropped): (MatchOutcome, [String])
        do { (outcome, dropped) = try await services.commands.suggestMatch(organizationId: context.caller.organizationId, draft: draft) } catch {
            throw SolumError(error)
        }
        let kind: String, tier: MatchTier?, candidate: UUID?, candidates: [UUID]
        var probable: ProbableMatch?
        switch outcome {
        case .none: (kind, tier, candidate, candidates) = ("none", nil, nil, [])
        case .matched(let id, let t): (kind, tier, candidate, candidates) = (t == .externalId || t == .demographics ? "hard" : "soft", t, id, [id])
        case .ambiguous(let t, let ids): (kind, tier, candidate, candidates) = ("soft", t, nil, ids)
        case .probable(let m):
            (kind, tier, candidate, candidates) = ("soft", .probabilistic, m.patientId, [m.patientId])
            probable = m
        }
        await services.disclose(candidates, to: context, route: .matchSuggestion)
        var reply: [(String, JSONValue)] = [
            ("kind", .string(kind)),
            ("tier", tier.map { .string($0.rawValue) } ?? .null),
            ("candidate_patient_id", .id(candidate)),
            ("candidate_patient_ids", .array(candidates.map { .id($0) })),
            ("dropped_fields", .array(dropped.map(JSONValue.string))),
        ]
        if let m = probable {
            reply += [
                ("match_probability", .double(m.probability)),
                // Whether an upsert would merge (true) or create and record a possible duplicate.
                ("automatic", .bool(m.automatic)),
                ("weights_version", .string(m.weightsVersion)),
                ("evidence", .array(m.evidence.map(\.json))),
            ]
        }
        return JSONResponse.make(.object(reply))
    }

    struct CommunicationRequest: Decodable {
        var channel: CommunicationChannel
        var direction: CommunicationDirection
        var occurredAt: String?
        var summary: String?
        enum CodingKeys: String, CodingKey { case channel, direction, occurredAt = "occurred_at", summary }
    }

    /// The command of a `POST /v1/patients/{id}/communications` body (also
    /// `clinicledger.command.patients.communications.record.v1`), with the request read.
    static func communicationCommand(patientId: UUID, _ body: RequestDecoding.Body) throws(SolumError) -> (Command, CommunicationRequest) {
        let req = try RequestDecoding.decode(CommunicationRequest.self, from: body.bytes, failure: SolumError.self)
        var occurredAt: Date?
        if let t = req.occurredAt {
            guard let d = RFC3339.parse(t) else {
                throw SolumError.invalid("invalid_value", "occurred_at must be an RFC 3339 timestamp", param: "occurred_at")
            }
            occurredAt = d
        }
        return (.patients(.recordCommunication(RecordCommunication(
            patientId: patientId, channel: req.channel, direction: req.direction, occurredAt: occurredAt, summary: req.summary))), req)
    }

    @Sendable func recordCommunication(_ request: Request, context: SolumRequestContext) async throws -> Response {
        let patientId = try context.id(of: "patient")
        let body = try await RequestDecoding.json(request, context: context)
        let (command, req) = try Self.communicationCommand(patientId: patientId, body)
        let envelope = services.command(command, caller: context.caller, request: request, fingerprint: body.fingerprint)
        let outcome: CommandOutcome, projected: Bool
        do { (outcome, projected) = try await services.send(envelope, context: context) } catch let e as SolumError where e.code == DomainError.Code.patientNotFound.rawValue {
            throw SolumError.notFound("patient")
        }
        guard case .patients(.communicationRecorded(_, let id, let recordedAt)) = outcome.reply else { throw SolumError.unexpectedReply }
        return JSONResponse.make(.object([
            ("id", .id(id)),
            ("patient_id", .id(patientId)),
            ("channel", .string(req.channel.rawValue)),
            ("direction", .string(req.direction.rawValue)),
            ("occurred_at", .time(recordedAt)),
        ]), status: .created).annotated(replayed: outcome.replayed, projected: projected)
    }
}
