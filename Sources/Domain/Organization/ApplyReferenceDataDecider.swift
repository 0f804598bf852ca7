import Foundation

/// Declarative reference data: create what is new, update what differs, leave equal entries alone.
/// A declaration states the whole entity: an optional field left out is cleared.
func decideApplyReferenceData(_ d: ReferenceDataDeclaration, state: ReferenceDataState,
                              context: DecisionContext) throws(DomainError) -> [OrganizationEvent] {
    try d.checkLimits()
    var ids = IdMinter(context)
    var events: [OrganizationEvent] = []

    // Existing entries by natural key, built once: a declaration of n entries costs n lookups.
    let locations = byKey(state.locations.values) { NameKey.of($0.name) }
    var seen = Set<String>()
    for (i, decl) in d.locations.enumerated() {
        let name = try requiredText(decl.name, field: "locations[\(i)].name")
        try unique(name, in: &seen, field: "locations[\(i)].name")
        try optionalText(decl.address, field: "locations[\(i)].address", max: InputLimits.addressLine)
        try optionalText(decl.timezone, field: "locations[\(i)].timezone", max: InputLimits.code)
        let existing = locations[NameKey.of(name)]
        let location = Location(id: existing?.id ?? ids.mint(), name: name, address: decl.address, timezone: decl.timezone)
        if let tz = decl.timezone, TimeZone(identifier: tz) == nil {
            throw DomainError(.invalidValue, "timezone must be an IANA zone name such as America/New_York", field: "locations[\(i)].timezone")
        }
        if existing == nil { events.append(.locationCreated(location)) }
        else if existing != location { events.append(.locationUpdated(location)) }
    }

    let stages = byKey(state.workflowStages.values) { NameKey.of($0.title) }
    seen = []
    for (i, decl) in d.workflowStages.enumerated() {
        let title = try requiredText(decl.title, field: "workflow_stages[\(i)].title")
        try unique(title, in: &seen, field: "workflow_stages[\(i)].title")
        try optionalText(decl.description, field: "workflow_stages[\(i)].description", max: InputLimits.description)
        for (j, action) in (decl.actions ?? []).enumerated() {
            try optionalText(action, field: "workflow_stages[\(i)].actions[\(j)]", max: InputLimits.stageAction)
        }
        let existing = stages[NameKey.of(title)]
        let stage = WorkflowStage(id: existing?.id ?? ids.mint(), title: title, order: decl.order ?? i + 1,
                                  description: decl.description, actions: decl.actions ?? [])
        if existing == nil { events.append(.workflowStageCreated(stage)) }
        else if existing != stage { events.append(.workflowStageUpdated(stage)) }
    }

    let users = byKey(state.users.values) { $0.email.lowercased() }
    seen = []
    for (i, decl) in d.users.enumerated() {
        let name = try requiredText(decl.name, field: "users[\(i)].name")
        try optionalText(decl.email, field: "users[\(i)].email", max: InputLimits.email)
        guard let email = EmailAddress.normalize(decl.email) else {
            throw DomainError(.invalidValue, "email is not a valid e-mail address", field: "users[\(i)].email")
        }
        try unique(email, in: &seen, field: "users[\(i)].email")
        let existing = users[email.lowercased()]
        let user = StaffUser(id: existing?.id ?? ids.mint(), name: name, email: email)
        if existing == nil { events.append(.userCreated(user)) }
        else if existing != user { events.append(.userUpdated(user)) }
    }

    let types = Set(state.externalIdTypes.values.map { NameKey.of($0.name) })
    seen = []
    var typeCount = types.count
    for (i, decl) in d.externalIdTypes.enumerated() {
        let name = try requiredText(decl.name, field: "external_id_types[\(i)].name")
        try unique(name, in: &seen, field: "external_id_types[\(i)].name")
        if !types.contains(NameKey.of(name)) {
            typeCount += 1
            // Each patient holds one value per type: the types bound a patient's identifiers.
            guard typeCount <= InputLimits.externalIdTypes else {
                throw DomainError(.tooManyItems, """
                    an organization may hold at most \(InputLimits.externalIdTypes) external-id types \
                    (it holds \(types.count)); external_id_types[\(i)] would be one more than that
                    """, field: "external_id_types[\(i)].name")
            }
            events.append(.externalIdTypeCreated(ExternalIdType(id: ids.mint(), name: name)))
        }
    }
    // Scheduling entities refer to locations and to each other by name, declared here or before.
    var after = state
    for event in events { after.apply(event) }
    events += try decideSchedulingReferenceData(d, state: after, ids: &ids)
    return events
}

/// Entries by a natural key; the first of equal keys wins, as a scan would find it.
func byKey<T>(_ values: some Sequence<T>, _ key: (T) -> String) -> [String: T] {
    Dictionary(values.map { (key($0), $0) }, uniquingKeysWith: { first, _ in first })
}

func requiredText(_ value: String, field: String) throws(DomainError) -> String {
    let text = value.trimmingCharacters(in: .whitespacesAndNewlines)
    guard !text.isEmpty else { throw DomainError(.missingField, "\(field) is required", field: field) }
    guard InputLimits.length(text) <= InputLimits.referenceName else { throw InputScreen.tooLong(field, max: InputLimits.referenceName) }
    return text
}

/// Text stored as declared (not trimmed): only its length is checked.
func optionalText(_ value: String?, field: String, max: Int) throws(DomainError) {
    guard let value, InputLimits.length(value) > max else { return }
    throw InputScreen.tooLong(field, max: max)
}

func unique(_ key: String, in seen: inout Set<String>, field: String) throws(DomainError) {
    guard seen.insert(NameKey.of(key)).inserted else {
        throw DomainError(.duplicateDeclaration, "\(field) is declared twice", field: field)
    }
}
