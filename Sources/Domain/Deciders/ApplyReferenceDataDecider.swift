import Foundation

/// Declarative reference data: create what is new, update what differs, leave equal entries alone.
/// A declaration states the whole entity: an optional field left out is cleared.
func decideApplyReferenceData(_ d: ReferenceDataDeclaration, state: OrganizationState,
                              context: DecisionContext) throws(DomainError) -> [DomainEvent] {
    var ids = IdMinter(context)
    var events: [DomainEvent] = []

    var seen = Set<String>()
    for (i, decl) in d.locations.enumerated() {
        let name = try requiredText(decl.name, field: "locations[\(i)].name")
        try unique(name, in: &seen, field: "locations[\(i)].name")
        let existing = state.locations.values.first { Tag.fold($0.name) == Tag.fold(name) }
        let location = Location(id: existing?.id ?? ids.mint(), name: name, address: decl.address, timezone: decl.timezone)
        if let tz = decl.timezone, TimeZone(identifier: tz) == nil {
            throw DomainError(.invalidValue, "timezone must be an IANA zone name such as America/New_York", field: "locations[\(i)].timezone")
        }
        if existing == nil { events.append(.locationCreated(location)) }
        else if existing != location { events.append(.locationUpdated(location)) }
    }

    seen = []
    for (i, decl) in d.workflowStages.enumerated() {
        let title = try requiredText(decl.title, field: "workflow_stages[\(i)].title")
        try unique(title, in: &seen, field: "workflow_stages[\(i)].title")
        let existing = state.workflowStages.values.first { Tag.fold($0.title) == Tag.fold(title) }
        let stage = WorkflowStage(id: existing?.id ?? ids.mint(), title: title, order: decl.order ?? i + 1,
                                  description: decl.description, actions: decl.actions ?? [])
        if existing == nil { events.append(.workflowStageCreated(stage)) }
        else if existing != stage { events.append(.workflowStageUpdated(stage)) }
    }

    seen = []
    for (i, decl) in d.users.enumerated() {
        let name = try requiredText(decl.name, field: "users[\(i)].name")
        guard let email = EmailAddress.normalize(decl.email) else {
            throw DomainError(.invalidValue, "email is not a valid e-mail address", field: "users[\(i)].email")
        }
        try unique(email, in: &seen, field: "users[\(i)].email")
        let existing = state.users.values.first { $0.email.lowercased() == email.lowercased() }
        let user = StaffUser(id: existing?.id ?? ids.mint(), name: name, email: email)
        if existing == nil { events.append(.userCreated(user)) }
        else if existing != user { events.append(.userUpdated(user)) }
    }

    seen = []
    for (i, decl) in d.externalIdTypes.enumerated() {
        let name = try requiredText(decl.name, field: "external_id_types[\(i)].name")
        try unique(name, in: &seen, field: "external_id_types[\(i)].name")
        if !state.externalIdTypes.values.contains(where: { Tag.fold($0.name) == Tag.fold(name) }) {
            events.append(.externalIdTypeCreated(ExternalIdType(id: ids.mint(), name: name)))
        }
    }
    return events
}

private func requiredText(_ value: String, field: String) throws(DomainError) -> String {
    let text = value.trimmingCharacters(in: .whitespacesAndNewlines)
    guard !text.isEmpty else { throw DomainError(.missingField, "\(field) is required", field: field) }
    guard text.count <= 200 else { throw DomainError(.invalidValue, "\(field) is longer than 200 characters", field: field) }
    return text
}

private func unique(_ key: String, in seen: inout Set<String>, field: String) throws(DomainError) {
    guard seen.insert(Tag.fold(key)).inserted else {
        throw DomainError(.duplicateDeclaration, "\(field) is declared twice", field: field)
    }
}
