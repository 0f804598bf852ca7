import Foundation

/// Seed 001. Normalise (dropping what does not parse), check the invariant, match in tiers, then
/// create, or overwrite every provided field of the match. A request that changes nothing writes
/// nothing. Two patients matching in one tier is refused, never merged. When none of seed 001's
/// tiers finds anyone, the probabilistic tier (issue 13) merges above its automatic threshold, or
/// creates the patient and records `PossibleDuplicateFound` between its two thresholds.
public func decideUpsertPatient(_ c: UpsertPatient, state: PatientsState, reference: ReferenceDataState,
                                context: DecisionContext) throws(DomainError) -> Decision<UpsertResult> {
    try c.draft.checkLimits()
    var n = UpsertNormalizer.normalize(c.draft, reference: reference, today: context.today)
    guard n.hasPhone || n.hasFullDemographics else {
        let dropped = n.droppedFields.isEmpty ? "" : " (dropped: \(n.droppedFields.joined(separator: ", ")))"
        throw DomainError(.insufficientIdentity,
                          "after normalisation the request has neither a phone number nor first name, last name and date of birth\(dropped)")
    }

    let outcome = resolveMatch(&n, state: state, weights: reference.matchWeights)
    switch outcome {
    case .ambiguous(let tier, let ids):
        throw DomainError(.ambiguousMatch, """
            the request matches \(ids.count) different patients by \(tier.rawValue) \
            (\(ids.map(\.lowercased).joined(separator: ", "))); nothing was changed — send external_id to name one
            """)
    case .none:
        return createPatient(n, reference: reference, context: context)
    case .matched(let id, let tier):
        guard let record = state.records[id] else { return createPatient(n, reference: reference, context: context) }
        return try updatePatient(record, tier: tier, n, state: state, reference: reference, context: context)
    case .probable(let m) where m.automatic:
        guard let record = state.records[m.patientId] else { return createPatient(n, reference: reference, context: context) }
        return try updatePatient(record, tier: .probabilistic, probable: m, n, state: state, reference: reference, context: context)
    case .probable(let m):
        return createPatient(n, possibleDuplicateOf: m, reference: reference, context: context)
    }
}

/// The matcher's answer for a normalised upsert, with the external-id conflict rule applied: an
/// external id whose holder is plainly someone else (another birth date and another name) is an
/// integrator's mistake, not a match — the id is dropped as a conflict and matching goes on.
/// Shared by the upsert and its dry run, so the two always agree.
func resolveMatch(_ n: inout NormalizedUpsert, state: PatientsState, weights: MatchWeights) -> MatchOutcome {
    var probe = MatchProbe(externalId: n.externalId, firstName: n.firstName, lastName: n.lastName, dateOfBirth: n.dateOfBirth,
                           phones: [n.phoneNumber, n.additionalPhoneNumber].compactMap { $0 }, email: n.email,
                           gender: n.gender, address: n.address, city: n.city, state: n.state, zip: n.zip)
    var outcome = PatientMatcher.match(probe, externalIdHolders: state.externalIdHolders, index: state.index)
    if case .matched(let holder, .externalId) = outcome, let record = state.records[holder], contradicts(n, record) {
        n.externalId = nil
        n.droppedFields.append("external_id")
        probe.externalId = nil
        outcome = PatientMatcher.match(probe, externalIdHolders: state.externalIdHolders, index: state.index)
    }
    // Tier 5 only where seed 001's tiers found no one, and only for a probe that names someone:
    // a phone alone is seed 001's to match or not.
    guard case .none = outcome, probe.firstName != nil, probe.lastName != nil,
          let probable = ProbabilisticMatcher.match(probe, index: state.index, weights: weights) else { return outcome }
    return .probable(probable)
}

/// `POST /v1/patients/match-suggestion`: what an upsert of this draft would match, writing nothing.
public func suggestMatch(_ draft: UpsertDraft, state: PatientsState, reference: ReferenceDataState, today: CalendarDate) -> (outcome: MatchOutcome, droppedFields: [String]) {
    var n = UpsertNormalizer.normalize(draft, reference: reference, today: today)
    let outcome = resolveMatch(&n, state: state, weights: reference.matchWeights)
    return (outcome, n.droppedFields)
}

/// Both birth dates known and different, and neither name the same: not the same person.
private func contradicts(_ n: NormalizedUpsert, _ record: PatientRecord) -> Bool {
    guard let dob = n.dateOfBirth, let known = record.profile.dateOfBirth, dob != known else { return false }
    let sameFirst = n.firstName.map(NameKey.of) == record.profile.firstName.map(NameKey.of) && n.firstName != nil
    let sameLast = n.lastName.map(NameKey.of) == record.profile.lastName.map(NameKey.of) && n.lastName != nil
    return !sameFirst && !sameLast
}

private func createPatient(_ n: NormalizedUpsert, possibleDuplicateOf probable: ProbableMatch? = nil, reference: ReferenceDataState,
                           context: DecisionContext) -> Decision<UpsertResult> {
    var ids = IdMinter(context)
    var events: [DomainEvent] = []
    let tagIds = resolveTags(n.tags ?? [], reference: reference, ids: &ids, events: &events)
    var referrals: [Referral] = []
    if var r = n.referral {
        r.id = ids.mint()
        referrals.append(r)
    }
    let patientId = ids.mint()
    var profile = PatientProfile(firstName: n.firstName, lastName: n.lastName)
    profile.middleName = n.middleName
    profile.phoneNumber = n.phoneNumber
    profile.additionalPhoneNumber = n.additionalPhoneNumber
    profile.email = n.email
    profile.dateOfBirth = n.dateOfBirth
    profile.gender = n.gender
    profile.address = n.address
    profile.address2 = n.address2
    profile.city = n.city
    profile.state = n.state
    profile.zip = n.zip
    profile.comments = n.comments
    profile.workflowStageId = n.workflowStageId
    profile.assignedUserId = n.assignedUserId
    profile.locationId = n.locationId
    events.append(.patients(.patientCreated(PatientCreated(
        patientId: patientId, profile: profile, tagIds: tagIds, referrals: referrals,
        externalIds: n.externalId.map { [$0] } ?? [], createdFrom: context.channel,
        payors: n.payors.map { withIds($0, ids: &ids) }, customFields: n.customFields,
        droppedFields: n.droppedFields))))
    if let m = probable {
        events.append(.patients(.possibleDuplicateFound(PossibleDuplicateFound(
            patientId: patientId, candidateId: m.patientId, probability: m.probability, weightsVersion: m.weightsVersion, evidence: m.evidence))))
    }
    return Decision(events, reply: UpsertResult(patientId: patientId, created: true, tier: nil, droppedFields: n.droppedFields,
                                                possibleDuplicateOf: probable?.patientId, matchProbability: probable?.probability))
}

private func updatePatient(_ record: PatientRecord, tier: MatchTier, probable: ProbableMatch? = nil, _ n: NormalizedUpsert, state: PatientsState,
                           reference: ReferenceDataState, context: DecisionContext) throws(DomainError) -> Decision<UpsertResult> {
    var ids = IdMinter(context)
    var events: [DomainEvent] = []
    var dropped = n.droppedFields
    var changes = ProfileChanges(record.profile)

    // Phone lock: after the first communication the number integrators send is not trusted over ours.
    if n.phoneNumber != nil, record.firstCommunicationAt != nil {
        dropped.append("phone_number")
    } else {
        changes.set("phone_number", \.phoneNumber, n.phoneNumber, JSONValue.string)
    }
    changes.setText("first_name", \.firstName, n.firstName)
    changes.setText("last_name", \.lastName, n.lastName)
    changes.setText("middle_name", \.middleName, n.middleName)
    changes.set("additional_phone_number", \.additionalPhoneNumber, n.additionalPhoneNumber, JSONValue.string)
    changes.set("email", \.email, n.email, JSONValue.string)
    changes.set("date_of_birth", \.dateOfBirth, n.dateOfBirth) { .string($0.description) }
    changes.set("gender", \.gender, n.gender) { .string($0.rawValue) }
    changes.setText("address", \.address, n.address)
    changes.setText("address2", \.address2, n.address2)
    changes.setText("city", \.city, n.city)
    changes.set("state", \.state, n.state) { .string($0.rawValue) }
    changes.set("zip", \.zip, n.zip, JSONValue.string)
    changes.set("comments", \.comments, n.comments, JSONValue.string)
    changes.set("workflow_stage_id", \.workflowStageId, n.workflowStageId) { .id($0) }
    changes.set("assigned_user_id", \.assignedUserId, n.assignedUserId) { .id($0) }
    changes.set("location_id", \.locationId, n.locationId) { .id($0) }
    var fieldChanges = changes.list

    var tagIds = record.tagIds
    if let names = n.tags {
        let wanted = resolveTags(names, reference: reference, ids: &ids, events: &events)
        if wanted != record.tagIds {
            fieldChanges.append(FieldChange(field: "tags", old: .array(record.tagIds.map { .id($0) }), new: .array(wanted.map { .id($0) })))
            tagIds = wanted
        }
    }

    var referrals = record.referrals
    if var r = n.referral, !referrals.contains(where: { sameReferral($0, r) }) {
        guard referrals.count < InputLimits.referralsPerPatient else {
            throw DomainError(.tooManyItems, """
                the patient already holds \(referrals.count) referrals, the most one patient may hold \
                (\(InputLimits.referralsPerPatient)); this referral would be another
                """, field: "referral")
        }
        r.id = ids.mint()
        referrals.append(r)
        fieldChanges.append(FieldChange(field: "referrals", old: .array(record.referrals.map { .id($0.id) }),
                                        new: .array(referrals.map { .id($0.id) })))
    }

    var payors = record.payors
    if let sent = n.payors, sent.map(withoutId) != record.payors.map(withoutId) {
        payors = withIds(sent, ids: &ids)
        fieldChanges.append(FieldChange(field: "payors", old: .array(record.payors), new: .array(payors)))
    }

    var customFields = record.customFields.objectPairs ?? []
    var position = Dictionary(customFields.enumerated().map { ($1.0, $0) }, uniquingKeysWith: { first, _ in first })
    for (key, value) in n.customFields?.objectPairs ?? [] {
        let old = position[key].map { customFields[$0].1 }
        guard old != value else { continue }
        if let i = position[key] { customFields[i].1 = value } else {
            position[key] = customFields.count
            customFields.append((key, value))
        }
        fieldChanges.append(FieldChange(field: "custom_fields.\(key)", old: old ?? .null, new: value))
    }
    // Merging by key can grow the object past what one request may send.
    if n.customFields != nil {
        do { try UpsertDraft.checkCustomFields(.object(customFields)) } catch {
            throw DomainError(error.code, "merged with the patient's stored custom_fields, \(error.message)", field: error.field)
        }
    }

    // The returned patient always carries the supplied external id (seed 001).
    if let x = n.externalId {
        if let holder = state.externalIdHolders[x], holder != record.id {
            dropped.append("external_id")
        } else if let current = record.externalIds[x.typeId] {
            if current != x.value {
                events.append(.patients(.externalIdReassigned(ExternalIdReassigned(patientId: record.id, typeId: x.typeId, oldValue: current, newValue: x.value))))
            }
        } else {
            events.append(.patients(.externalIdAssigned(ExternalIdAssigned(patientId: record.id, typeId: x.typeId, value: x.value))))
        }
    }

    if !fieldChanges.isEmpty {
        events.append(.patients(.patientUpdated(PatientUpdated(
            patientId: record.id, changes: fieldChanges, profile: changes.profile, tagIds: tagIds, referrals: referrals,
            payors: payors, customFields: .object(customFields), matchTier: tier, droppedFields: dropped,
            matchProbability: probable?.probability, matchWeightsVersion: probable?.weightsVersion))))
    }
    return Decision(events, reply: UpsertResult(patientId: record.id, created: false, tier: tier, droppedFields: dropped,
                                                matchProbability: probable?.probability))
}

/// Overwrites provided fields of a profile, recording each real change old → new.
private struct ProfileChanges {
    private(set) var profile: PatientProfile
    private(set) var list: [FieldChange] = []

    init(_ profile: PatientProfile) { self.profile = profile }

    /// Names and address lines whose only difference is letter case are the same: source systems
    /// often send them upper-cased, and the clinic's spelling stays (no update, no History entry).
    mutating func setText(_ field: String, _ path: WritableKeyPath<PatientProfile, String?>, _ value: String?) {
        guard let value, profile[keyPath: path]?.lowercased() != value.lowercased() else { return }
        set(field, path, value, JSONValue.string)
    }

    mutating func set<T: Equatable>(_ field: String, _ path: WritableKeyPath<PatientProfile, T?>, _ value: T?, _ json: (T) -> JSONValue) {
        guard let value, profile[keyPath: path] != value else { return }
        list.append(FieldChange(field: field, old: profile[keyPath: path].map(json) ?? .null, new: json(value)))
        profile[keyPath: path] = value
    }
}

/// Tag ids for names, creating (and announcing) the ones the organization does not have yet.
private func resolveTags(_ names: [String], reference: ReferenceDataState, ids: inout IdMinter, events: inout [DomainEvent]) -> [UUID] {
    var out: [UUID] = []
    var created: [String: Tag] = [:]
    var seen = Set<UUID>()
    for name in names {
        let folded = NameKey.of(name)
        let known = reference.tags[folded] ?? created[folded]
        let tag = known ?? Tag(id: ids.mint(), name: name)
        if known == nil {
            created[folded] = tag
            events.append(.organization(.tagCreated(tag)))
        }
        if seen.insert(tag.id).inserted { out.append(tag.id) }
    }
    return out
}

private func sameReferral(_ a: Referral, _ b: Referral) -> Bool {
    var b = b
    b.id = a.id
    return a == b
}

/// Payors get an `id` when they come without one, so the resource can name them.
private func withIds(_ payors: [JSONValue], ids: inout IdMinter) -> [JSONValue] {
    payors.map { payor in
        guard case .object(let pairs) = payor else { return payor }
        if pairs.contains(where: { $0.0 == "id" }) { return payor }
        return .object([("id", .id(ids.mint()))] + pairs)
    }
}

private func withoutId(_ payor: JSONValue) -> JSONValue {
    guard case .object(let pairs) = payor else { return payor }
    return .object(pairs.filter { $0.0 != "id" })
}
