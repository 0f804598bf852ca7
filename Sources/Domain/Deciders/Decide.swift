/// decide(command, state) -> [Event]: pure, no I/O. Each command has its own decider file.
public func decide(_ command: Command, state: OrganizationState, context: DecisionContext) throws(DomainError) -> [DomainEvent] {
    switch command {
    case .createOrganization(let c):
        return try decideCreateOrganization(c, state: state, context: context)
    case .applyReferenceData(let c):
        guard state.exists else { throw DomainError(.organizationNotFound, "organization does not exist") }
        return try decideApplyReferenceData(c, state: state, context: context)
    case .issueApiKey(let c):
        guard state.exists else { throw DomainError(.organizationNotFound, "organization does not exist") }
        guard !state.apiKeyHashes.contains(c.apiKeyHash) else { return [] }
        return [.apiKeyIssued(ApiKeyIssued(keyId: context.newId(0), keyHash: c.apiKeyHash, keyPrefix: c.apiKeyPrefix))]
    case .upsertPatient(let c):
        return try decideUpsertPatient(c, state: state, context: context).events
    case .recordCommunication(let c):
        guard state.exists else { throw DomainError(.organizationNotFound, "organization does not exist") }
        return try decideRecordCommunication(c, state: state, context: context)
    case .createPatientsBatch(let c):
        guard state.exists else { throw DomainError(.organizationNotFound, "organization does not exist") }
        return try decideCreatePatientsBatch(c, state: state, context: context)
    }
}
