/// The organization's commands, each decided in its own file.
public func decide(_ command: OrganizationCommand, state: ReferenceDataState, context: DecisionContext) throws(DomainError) -> Decision<OrganizationReply> {
    switch command {
    case .createOrganization(let c):
        return try decideCreateOrganization(c, state: state, context: context)
    case .issueApiKey(let c):
        guard state.exists else { throw DomainError(.organizationNotFound, "organization does not exist") }
        guard !state.apiKeyHashes.contains(c.apiKeyHash) else { return Decision([], reply: .apiKeyIssued(issued: false)) }
        let issued = ApiKeyIssued(keyId: context.newId(0), keyHash: c.apiKeyHash, keyPrefix: c.apiKeyPrefix)
        return Decision([.organization(.apiKeyIssued(issued))], reply: .apiKeyIssued(issued: true))
    case .adoptMatchWeights(let c):
        guard state.exists else { throw DomainError(.organizationNotFound, "organization does not exist") }
        guard c.weights != state.matchWeights else { return Decision([], reply: .matchWeightsAdopted(version: c.weights.version, adopted: false)) }
        return Decision([.organization(.matchWeightsAdopted(c))], reply: .matchWeightsAdopted(version: c.weights.version, adopted: true))
    case .applyReferenceData(let c):
        guard state.exists else { throw DomainError(.organizationNotFound, "organization does not exist") }
        let events = try decideApplyReferenceData(c, state: state, context: context)
        var after = state
        for event in events { after.apply(event) }
        return Decision(events.map(DomainEvent.organization), reply: .referenceDataApplied(snapshot: after.snapshot, changes: events.count))
    }
}
