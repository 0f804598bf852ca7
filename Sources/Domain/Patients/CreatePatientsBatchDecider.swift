import Foundation

/// Seed 000. Strict: any invalid item refuses the whole batch, naming `items[i].field`.
/// Tags new to the organization are created first, then one PatientCreated per item in request order.
func decideCreatePatientsBatch(_ command: CreatePatientsBatch, state: PatientsState, reference: ReferenceDataState,
                               context: DecisionContext) throws(DomainError) -> Decision<PatientReply> {
    guard !command.items.isEmpty else {
        throw DomainError(.invalidValue, "items must contain at least 1 patient", field: "items")
    }
    try command.checkLimits()
    guard let externalIdType = reference.defaultExternalIdType else {
        throw DomainError(.organizationNotFound, "organization has no default external id type")
    }

    var ids = IdMinter(context)
    var newTags: [String: Tag] = [:]
    var tagEvents: [DomainEvent] = []
    var patientEvents: [DomainEvent] = []
    var patientIds: [UUID] = []
    var externalIdsInBatch: [String: Int] = [:]

    for (index, draft) in command.items.enumerated() {
        let validator = PatientDraftValidator(prefix: "items[\(index)]", reference: reference, today: context.today)
        let valid = try validator.validate(draft)

        var externalIds: [ExternalIdValue] = []
        if let value = valid.externalId {
            let field = "items[\(index)].external_id"
            if let first = externalIdsInBatch[value] {
                throw DomainError(.duplicateExternalId, "external_id is repeated in this batch (first at items[\(first)])", field: field)
            }
            let key = ExternalIdValue(typeId: externalIdType.id, value: value)
            if state.externalIdHolders[key] != nil {
                throw DomainError(.externalIdConflict, "external_id is already held by another patient of this organization", field: field)
            }
            externalIdsInBatch[value] = index
            externalIds.append(key)
        }

        var tagIds: [UUID] = []
        var seen = Set<UUID>()
        for name in valid.tagNames {
            let folded = NameKey.of(name)
            let tag: Tag
            if let known = reference.tags[folded] ?? newTags[folded] {
                tag = known
            } else {
                tag = Tag(id: ids.mint(), name: name)
                newTags[folded] = tag
                tagEvents.append(.organization(.tagCreated(tag)))
            }
            if seen.insert(tag.id).inserted { tagIds.append(tag.id) }
        }

        var referrals: [Referral] = []
        if var referral = valid.referral {
            referral.id = ids.mint()
            referrals.append(referral)
        }

        let patientId = ids.mint()
        patientIds.append(patientId)
        patientEvents.append(.patients(.patientCreated(PatientCreated(
            patientId: patientId, profile: valid.profile, tagIds: tagIds, referrals: referrals,
            externalIds: externalIds, createdFrom: context.channel))))
    }
    return Decision(tagEvents + patientEvents, reply: .patientsCreated(patientIds: patientIds))
}
