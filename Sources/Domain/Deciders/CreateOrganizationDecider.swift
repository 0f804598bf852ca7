import Foundation

func decideCreateOrganization(_ command: CreateOrganization, state: OrganizationState,
                              context: DecisionContext) throws(DomainError) -> [DomainEvent] {
    try command.checkLimits()
    guard !state.exists else { throw DomainError(.organizationExists, "organization already exists") }
    let name = command.name.trimmingCharacters(in: .whitespacesAndNewlines)
    guard !name.isEmpty else { throw DomainError(.missingField, "name is required", field: "name") }
    guard InputLimits.length(name) <= InputLimits.referenceName else { throw InputScreen.tooLong("name", max: InputLimits.referenceName) }
    var ids = IdMinter(context)
    return [
        .organizationCreated(OrganizationCreated(organizationId: context.organizationId, name: name)),
        .apiKeyIssued(ApiKeyIssued(keyId: ids.mint(), keyHash: command.apiKeyHash, keyPrefix: command.apiKeyPrefix)),
        .externalIdTypeCreated(ExternalIdType(id: ids.mint(), name: ExternalIdType.defaultName)),
    ]
}
