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
            let record = PatientRecord(id: p.patientId, profile: p.profile, tagIds: p.tagIds, referrals: p.referrals,
                                       payors: p.payors ?? [], customFields: p.customFields ?? .object([]),
                                       externalIds: Dictionary(p.externalIds.map { ($0.typeId, $0.value) }, uniquingKeysWith: { _, last in last }))
            patients[p.patientId] = record
            patientIndex.put(record.matchable)
        case .patientUpdated(let u):
            guard var record = patients[u.patientId] else { break }
            record.profile = u.profile
            record.tagIds = u.tagIds
            record.referrals = u.referrals
            record.payors = u.payors
            record.customFields = u.customFields
            patients[u.patientId] = record
            patientIndex.put(record.matchable)
        case .externalIdAssigned(let x):
            externalIdHolders[ExternalIdValue(typeId: x.typeId, value: x.value)] = x.patientId
            patients[x.patientId]?.externalIds[x.typeId] = x.value
        case .externalIdReassigned(let x):
            externalIdHolders[ExternalIdValue(typeId: x.typeId, value: x.oldValue)] = nil
            externalIdHolders[ExternalIdValue(typeId: x.typeId, value: x.newValue)] = x.patientId
            patients[x.patientId]?.externalIds[x.typeId] = x.newValue
        case .communicationRecorded(let c):
            if patients[c.patientId]?.firstCommunicationAt == nil { patients[c.patientId]?.firstCommunicationAt = c.occurredAt }
        }
        aggregateVersions[event.subject(organizationId: organizationId).id, default: 0] += 1
    }
}
