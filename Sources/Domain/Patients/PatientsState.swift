import Foundation

/// What the patient rules need: every patient's current record, the match index over them, and
/// which patient holds each external identifier (unique per type in an organization).
public struct PatientsState: Sendable {
    public internal(set) var records: [UUID: PatientRecord] = [:]
    public internal(set) var index = PatientIndex()
    public internal(set) var externalIdHolders: [ExternalIdValue: UUID] = [:]
    /// Merged patient → the survivor it now is (always the last survivor: merging a survivor
    /// onward moves everything merged into it). Merged patients leave `records` and the index.
    public internal(set) var mergedInto: [UUID: UUID] = [:]
    /// Pairs a person judged to be different people.
    public internal(set) var notDuplicates: Set<PatientPair> = []

    public init() {}

    public mutating func apply(_ event: PatientEvent) {
        switch event {
        case .patientCreated(let p):
            for value in p.externalIds { externalIdHolders[value] = p.patientId }
            let record = PatientRecord(id: p.patientId, profile: p.profile, tagIds: p.tagIds, referrals: p.referrals,
                                       payors: p.payors ?? [], customFields: p.customFields ?? .object([]),
                                       externalIds: Dictionary(p.externalIds.map { ($0.typeId, $0.value) }, uniquingKeysWith: { _, last in last }))
            records[p.patientId] = record
            index.put(record.matchable)
        case .patientUpdated(let u):
            guard var record = records[u.patientId] else { break }
            record.profile = u.profile
            record.tagIds = u.tagIds
            record.referrals = u.referrals
            record.payors = u.payors
            record.customFields = u.customFields
            records[u.patientId] = record
            index.put(record.matchable)
        case .externalIdAssigned(let x):
            externalIdHolders[ExternalIdValue(typeId: x.typeId, value: x.value)] = x.patientId
            records[x.patientId]?.externalIds[x.typeId] = x.value
        case .externalIdReassigned(let x):
            externalIdHolders[ExternalIdValue(typeId: x.typeId, value: x.oldValue)] = nil
            externalIdHolders[ExternalIdValue(typeId: x.typeId, value: x.newValue)] = x.patientId
            records[x.patientId]?.externalIds[x.typeId] = x.newValue
        case .communicationRecorded(let c):
            if records[c.patientId]?.firstCommunicationAt == nil { records[c.patientId]?.firstCommunicationAt = c.occurredAt }
        case .possibleDuplicateFound:
            // A suggestion only: a person's verdict (merge, not-duplicate) is what changes state.
            break
        case .patientsMerged(let m):
            guard let merged = records.removeValue(forKey: m.mergedPatientId) else { break }
            index.remove(id: m.mergedPatientId)
            for value in m.externalIds {
                externalIdHolders[value] = m.patientId
                if records[m.patientId]?.externalIds[value.typeId] == nil { records[m.patientId]?.externalIds[value.typeId] = value.value }
            }
            // The phone lock holds from the first communication with either.
            if let t = merged.firstCommunicationAt, (records[m.patientId]?.firstCommunicationAt).map({ t < $0 }) ?? true {
                records[m.patientId]?.firstCommunicationAt = t
            }
            for (from, to) in mergedInto where to == m.mergedPatientId { mergedInto[from] = m.patientId }
            mergedInto[m.mergedPatientId] = m.patientId
        case .patientsMarkedNotDuplicate(let d):
            notDuplicates.insert(PatientPair(d.patientId, d.otherPatientId))
        }
    }

    /// The patient `id` is now: its survivor when merged, else itself.
    public func survivor(of id: UUID) -> UUID { mergedInto[id] ?? id }

    /// The live patient `id` names: refused as merged (naming the survivor) or as `missing` (a
    /// path's patient is not found; a body's is an unknown reference).
    @discardableResult
    public func requireLive(_ id: UUID, field: String, missing: DomainError.Code = .patientNotFound) throws(DomainError) -> PatientRecord {
        if let record = records[id] { return record }
        if let survivor = mergedInto[id] {
            throw DomainError(.patientMerged, "\(field) names a patient merged into \(survivor.lowercased); use that id", field: field)
        }
        throw DomainError(missing, "\(field) names no patient of this organization", field: field)
    }
}

/// Snapshot coding: bump `OrganizationState.snapshotFormat` when a stored property changes. The
/// match index is derived from the records, so it is not stored but rebuilt on decoding: its
/// shape can change without a new snapshot format.
extension PatientsState: Codable {
    private enum CodingKeys: String, CodingKey { case records, externalIdHolders, mergedInto, notDuplicates }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        records = try c.decode([UUID: PatientRecord].self, forKey: .records)
        externalIdHolders = try c.decode([ExternalIdValue: UUID].self, forKey: .externalIdHolders)
        mergedInto = try c.decode([UUID: UUID].self, forKey: .mergedInto)
        notDuplicates = try c.decode(Set<PatientPair>.self, forKey: .notDuplicates)
        rebuildIndex()
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(records, forKey: .records)
        try c.encode(externalIdHolders, forKey: .externalIdHolders)
        try c.encode(mergedInto, forKey: .mergedInto)
        try c.encode(notDuplicates, forKey: .notDuplicates)
    }

    /// The match index as `apply` would have left it: every record put once (the index is a set
    /// per key, so the order records are put in does not matter).
    mutating func rebuildIndex() {
        index = PatientIndex()
        for record in records.values { index.put(record.matchable) }
    }
}
