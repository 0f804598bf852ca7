import CommandHandling
import Domain
import EventStore
import Foundation
import Hummingbird
import NIOCore
import ReadModels

/// The admin API behind `clinicledger org create` and `org apply`. Every change is a command,
/// so every change is an event.
struct AdminRoutes {
    let services: APIServices

    struct CreateOrganizationRequest: Decodable { var name: String }

    func register(_ group: RouterGroup<AdminRequestContext>) {
        group.post("/organizations", use: createOrganization)
        group.put("/organizations/{id}/reference-data", use: applyReferenceData)
        group.put("/organizations/{id}/match-weights", use: adoptMatchWeights)
    }

    /// `clinicledger matching estimate`: the weights it estimated become the organization's.
    @Sendable func adoptMatchWeights(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let orgId = try context.organizationId()
        let body = try await RequestDecoding.json(request, context: context)
        let adopted = try RequestDecoding.decode(MatchWeightsAdopted.self, from: body.bytes, context: context)
        let command = CommandEnvelope(organizationId: orgId, command: .organization(.adoptMatchWeights(adopted)), actor: context.actor,
                                      channel: .manual, commandId: UUIDv7.make())
        let (outcome, projected) = try await services.send(command, context: context)
        guard case .organization(.matchWeightsAdopted(let version, let changed)) = outcome.reply else { throw AdminError.unexpectedReply }
        return JSONResponse.make(.object([
            ("organization_id", .id(orgId)), ("version", .string(version)), ("adopted", .bool(changed)),
        ])).annotated(replayed: outcome.replayed, projected: projected)
    }

    @Sendable func createOrganization(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let body = try await RequestDecoding.json(request, context: context)
        let req = try RequestDecoding.decode(CreateOrganizationRequest.self, from: body.bytes, context: context)
        let key = APIKeys.generate()
        let orgId = UUIDv7.make()
        let command = CommandEnvelope(
            organizationId: orgId, command: .organization(.createOrganization(CreateOrganization(name: req.name, apiKeyHash: key.hash, apiKeyPrefix: key.prefix))),
            actor: context.actor, channel: .manual, commandId: UUIDv7.make())
        let (_, projected) = try await services.send(command, context: context)
        return JSONResponse.make(.object([
            ("organization_id", .id(orgId)),
            ("name", .string(req.name.trimmingCharacters(in: .whitespacesAndNewlines))),
            ("api_key", .string(key.key)),
        ]), status: .created).annotated(replayed: false, projected: projected)
    }

    /// The org file's `jwt:`: SPRY's token verification key. One of the two.
    struct JWTDeclaration: Decodable {
        var hs256Secret: String?
        var publicKeyPem: String?
        enum CodingKeys: String, CodingKey, CaseIterable { case hs256Secret = "hs256_secret", publicKeyPem = "public_key_pem" }
        init(from decoder: any Decoder) throws {
            try StrictKeys.check(decoder, CodingKeys.self)
            let c = try decoder.container(keyedBy: CodingKeys.self)
            hs256Secret = try c.decodeIfPresent(String.self, forKey: .hs256Secret)
            publicKeyPem = try c.decodeIfPresent(String.self, forKey: .publicKeyPem)
        }
    }

    @Sendable func applyReferenceData(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let orgId = try context.organizationId()
        var body = try await RequestDecoding.json(request, context: context)
        // `jwt:` is a credential, kept out of the log (migration 0011 says why): checked here,
        // stored once the reference data is applied, so a refused file changes nothing.
        let jwtKey = try Self.takeJWT(from: &body, context: context)
        let declaration = try RequestDecoding.decode(ReferenceDataDeclaration.self, from: body.bytes, context: context)
        let command = CommandEnvelope(organizationId: orgId, command: .organization(.applyReferenceData(declaration)), actor: context.actor,
                                      channel: .manual, commandId: UUIDv7.make())
        let (outcome, projected) = try await services.send(command, context: context)
        guard case .organization(.referenceDataApplied(let s, let changes)) = outcome.reply else { throw AdminError.unexpectedReply }
        if let jwtKey { try await services.queries.saveJWTKey(org: orgId, key: jwtKey, at: Date()) }
        // The snapshot comes ordered (by name, stage order, e-mail): the reply is recorded that way.
        return JSONResponse.make(.object([
            ("organization_id", .id(orgId)),
            ("changes", .int(changes)),
            ("locations", .array(s.locations.map {
                .object([("id", .id($0.id)), ("name", .string($0.name)), ("address", .text($0.address)), ("timezone", .text($0.timezone))])
            })),
            ("workflow_stages", .array(s.workflowStages.map {
                .object([("id", .id($0.id)), ("title", .string($0.title)), ("order", .int($0.order)),
                         ("description", .text($0.description)), ("actions", .array($0.actions.map(JSONValue.string)))])
            })),
            ("users", .array(s.users.map {
                .object([("id", .id($0.id)), ("name", .string($0.name)), ("email", .string($0.email))])
            })),
            ("external_id_types", .array(s.externalIdTypes.map {
                .object([("id", .id($0.id)), ("name", .string($0.name))])
            })),
            ("practitioners", .array(s.practitioners.map { .object([("id", .id($0.id)), ("name", .string($0.name))]) })),
            ("appointment_types", .array(s.appointmentTypes.map { .object([("id", .id($0.id)), ("name", .string($0.name))]) })),
            ("tasks", .array(s.tasks.map { .object([("id", .id($0.id)), ("name", .string($0.name))]) })),
            ("unavailable_blocks", .array(s.unavailableBlocks.map {
                .object([("id", .id($0.id)), ("practitioner_id", .id($0.practitionerId)), ("starts_at", .time($0.startsAt)),
                         ("ends_at", .time($0.endsAt))])
            })),
            ("waitlists", .array(s.waitlists.map(Self.waitlist))),
            ("jwt", jwtKey.map(Self.jwt) ?? .null),
        ])).annotated(replayed: false, projected: projected)
    }

    static func waitlist(_ w: WaitlistEntry) -> JSONValue {
        let categories: [JSONValue] = w.categories.map { .object([("id", .id($0.id)), ("label", .string($0.name))]) }
        return .object([("clinic_id", .id(w.locationId)), ("enabled", .bool(w.enabled)), ("categories", .array(categories))])
    }

    /// The declared key as an operator compares it: never the secret.
    static func jwt(_ key: JWTVerificationKey) -> JSONValue {
        .object([("algorithm", .string(key.algorithm.rawValue)), ("fingerprint", .string(key.fingerprint))])
    }

    /// Removes `jwt` from the body and checks it; nil when the file declares none (the key kept as it was).
    static func takeJWT(from body: inout RequestDecoding.Body, context: AdminRequestContext) throws -> JWTVerificationKey? {
        guard case .object(var pairs) = body.value, let index = pairs.firstIndex(where: { $0.0 == "jwt" }) else { return nil }
        let jwt = pairs.remove(at: index).1
        body = RequestDecoding.Body(value: .object(pairs), bytes: ByteBuffer(bytes: JSONValue.object(pairs).orderedText))
        let declared = try RequestDecoding.decode(JWTDeclaration.self, from: ByteBuffer(bytes: jwt.orderedText), context: context)
        do { return try SpryTokens.declaredKey(secret: declared.hs256Secret, publicKeyPEM: declared.publicKeyPem) } catch {
            throw AdminError(.refusedBody(error))
        }
    }
}
