import Foundation

func decideCreateOrganization(_ command: CreateOrganization, state: OrganizationState,
                              context: DecisionContext) throws(DomainError) -> [DomainEvent] {
    guard !state.exists else { throw DomainError(.organizationExists, "organization already exists") }
    let name = command.name.trimmingCharacters(in: .whitespacesAndNewlines)
    guard !name.isEmpty else { throw DomainError(.missingField, "name is required", field: "name") }
    guard name.count <= 200 else { throw DomainError(.invalidValue, "name is longer than 200 characters", field: "name") }
    var ids = IdMinter(context)
    return [
        .organizationCreated(OrganizationCreated(organizationId: context.organizationId, name: name)),
        .apiKeyIssued(ApiKeyIssued(keyId: ids.mint(), keyHash: command.apiKeyHash, keyPrefix: command.apiKeyPrefix)),
        .externalIdTypeCreated(ExternalIdType(id: ids.mint(), name: ExternalIdType.defaultName)),
    ]
}
