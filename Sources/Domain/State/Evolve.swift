import Foundation

extension OrganizationState {
    /// evolve(state, event) -> state: the only way decision state changes.
    public static func evolve(_ state: OrganizationState, _ event: DomainEvent) -> OrganizationState {
        var next = state
        next.apply(event)
        return next
    }

    /// In-place form of `evolve`, for rebuilding from a long log without copying.
    public mutating func apply(_ event: DomainEvent) {
        switch event {
        case .organizationCreated(let e):
            name = e.name
        case .apiKeyIssued(let e):
            apiKeyHashes.insert(e.keyHash)
        case .locationCreated(let l), .locationUpdated(let l):
            locations[l.id] = l
        case .workflowStageCreated(let s), .workflowStageUpdated(let s):
            workflowStages[s.id] = s
        case .userCreated(let u), .userUpdated(let u):
            users[u.id] = u
        case .externalIdTypeCreated(let t):
            externalIdTypes[t.id] = t
        case .tagCreated(let t):
            tags[Tag.fold(t.name)] = t
        case .patientCreated(let p):
            for value in p.externalIds { externalIdHolders[value] = p.patientId }
        }
        aggregateVersions[event.subject(organizationId: organizationId).id, default: 0] += 1
    }
}
