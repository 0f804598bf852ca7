import CommandHandling
import Domain
import EventStore
import Foundation
import Hummingbird

/// The admin API behind `clinicledger org create` and `org apply`. Every change is a command,
/// so every change is an event.
struct AdminRoutes {
    let services: APIServices

    struct CreateOrganizationRequest: Decodable { var name: String }

    func register(_ group: RouterGroup<APIRequestContext>) {
        group.post("/organizations", use: createOrganization)
        group.put("/organizations/{id}/reference-data", use: applyReferenceData)
    }

    @Sendable func createOrganization(_ request: Request, context: APIRequestContext) async throws -> Response {
        let req = try RequestDecoding.decode(CreateOrganizationRequest.self, from: try await RequestDecoding.json(request).bytes)
        let key = APIKeys.generate()
        let orgId = UUIDv7.make()
        let command = CommandEnvelope(
            organizationId: orgId, command: .organization(.createOrganization(CreateOrganization(name: req.name, apiKeyHash: key.hash, apiKeyPrefix: key.prefix))),
            actor: "admin", channel: .manual, commandId: UUIDv7.make())
        let (_, projected) = try await services.send(command)
        return JSONResponse.make(.object([
            ("organization_id", .id(orgId)),
            ("name", .string(req.name.trimmingCharacters(in: .whitespacesAndNewlines))),
            ("api_key", .string(key.key)),
        ]), status: .created).annotated(replayed: false, projected: projected)
    }

    @Sendable func applyReferenceData(_ request: Request, context: APIRequestContext) async throws -> Response {
        guard let text = context.parameters.get("id"), let orgId = UUID(uuidString: text) else { throw APIError.notFound("organization") }
        let declaration = try RequestDecoding.decode(ReferenceDataDeclaration.self, from: try await RequestDecoding.json(request).bytes)
        let command = CommandEnvelope(organizationId: orgId, command: .organization(.applyReferenceData(declaration)), actor: "admin",
                                      channel: .manual, commandId: UUIDv7.make())
        let (outcome, projected) = try await services.send(command)
        guard case .organization(.referenceDataApplied(let s, let changes)) = outcome.reply else {
            throw APIError(.internalServerError, type: "api_error", code: "internal_error", message: "unexpected command reply")
        }
        func sorted<T>(_ items: [T], by key: (T) -> String) -> [T] { items.sorted { key($0) < key($1) } }
        return JSONResponse.make(.object([
            ("organization_id", .id(orgId)),
            ("changes", .int(changes)),
            ("locations", .array(sorted(s.locations, by: \.name).map {
                .object([("id", .id($0.id)), ("name", .string($0.name)), ("address", .text($0.address)), ("timezone", .text($0.timezone))])
            })),
            ("workflow_stages", .array(s.workflowStages.sorted { ($0.order, $0.title) < ($1.order, $1.title) }.map {
                .object([("id", .id($0.id)), ("title", .string($0.title)), ("order", .int($0.order)),
                         ("description", .text($0.description)), ("actions", .array($0.actions.map(JSONValue.string)))])
            })),
            ("users", .array(sorted(s.users, by: \.email).map {
                .object([("id", .id($0.id)), ("name", .string($0.name)), ("email", .string($0.email))])
            })),
            ("external_id_types", .array(sorted(s.externalIdTypes, by: \.name).map {
                .object([("id", .id($0.id)), ("name", .string($0.name))])
            })),
        ])).annotated(replayed: false, projected: projected)
    }
}
