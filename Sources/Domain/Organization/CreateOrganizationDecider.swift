import Foundation

func decideCreateOrganization(_ command: CreateOrganization, state: ReferenceDataState,
                              context: DecisionContext) throws(DomainError) -> Decision<OrganizationReply> {
    try command.checkLimits()
    guard !state.exists else { throw DomainError(.organizationExists, "organization already exists") }
    let name = command.name.trimmingCharacters(in: .whitespacesAndNewlines)
    guard !name.isEmpty else { throw DomainError(.missingField, "name is required", field: "name") }
    guard InputLimits.length(name) <= InputLimits.referenceName else { throw InputScreen.tooLong("name", max: InputLimits.referenceName) }
    var ids = IdMinter(context)
    return Decision([
        .organization(.organizationCreated(OrganizationCreated(organizationId: context.organizationId, name: name))),
        .organization(.apiKeyIssued(ApiKeyIssued(keyId: ids.mint(), keyHash: command.apiKeyHash, keyPrefix: command.apiKeyPrefix))),
        .organization(.externalIdTypeCreated(ExternalIdType(id: ids.mint(), name: ExternalIdType.defaultName))),
    ], reply: .organizationCreated(organizationId: context.organizationId))
}
