import Foundation

/// What the patient rules need: every patient's current record, the match index over them, and
/// which patient holds each external identifier (unique per type in an organization).
public struct PatientsState: Sendable {
    public internal(set) var records: [UUID: PatientRecord] = [:]
    public internal(set) var index = PatientIndex()
    public internal(set) var externalIdHolders: [ExternalIdValue: UUID] = [:]

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
            // Nothing decides on it yet; the review queue will.
            break
        }
    }
}

/// Snapshot coding: bump `OrganizationState.snapshotFormat` when a stored property changes. The
/// match index is derived from the records, so it is not stored but rebuilt on decoding: its
/// shape can change without a new snapshot format.
extension PatientsState: Codable {
    private enum CodingKeys: String, CodingKey { case records, externalIdHolders }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        records = try c.decode([UUID: PatientRecord].self, forKey: .records)
        externalIdHolders = try c.decode([ExternalIdValue: UUID].self, forKey: .externalIdHolders)
        rebuildIndex()
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(records, forKey: .records)
        try c.encode(externalIdHolders, forKey: .externalIdHolders)
    }

    /// The match index as `apply` would have left it: every record put once (the index is a set
    /// per key, so the order records are put in does not matter).
    mutating func rebuildIndex() {
        index = PatientIndex()
        for record in records.values { index.put(record.matchable) }
    }
}
