import Foundation

/// What matching needs to know of one patient.
public struct MatchableRecord: Sendable, Equatable {
    public var id: UUID
    public var firstName: String?
    public var lastName: String?
    public var dateOfBirth: CalendarDate?
    /// E.164 numbers: phone_number and additional_phone_number.
    public var phones: [String]
    /// Normalised e-mail (domain lower-cased).
    public var email: String?

    public init(id: UUID, firstName: String?, lastName: String?, dateOfBirth: CalendarDate?, phones: [String], email: String?) {
        self.id = id; self.firstName = firstName; self.lastName = lastName
        self.dateOfBirth = dateOfBirth; self.phones = phones; self.email = email
    }
}

/// An organization's patients, indexed by the keys the match tiers look up, so a match reads a
/// handful of candidates instead of every patient. Kept by `evolve`.
public struct PatientIndex: Sendable {
    public private(set) var records: [UUID: MatchableRecord] = [:]
    public private(set) var byBirthDate: [CalendarDate: Set<UUID>] = [:]
    public private(set) var byPhone: [String: Set<UUID>] = [:]
    /// Keyed by the whole address lower-cased: mailboxes are compared case-insensitively for matching.
    public private(set) var byEmail: [String: Set<UUID>] = [:]

    public init() {}

    public func candidates(bornOn date: CalendarDate) -> [MatchableRecord] { lookup(byBirthDate[date]) }
    public func candidates(phone: String) -> [MatchableRecord] { lookup(byPhone[phone]) }
    public func candidates(email: String) -> [MatchableRecord] { lookup(byEmail[email.lowercased()]) }

    private func lookup(_ ids: Set<UUID>?) -> [MatchableRecord] {
        (ids ?? []).sorted { $0.uuidString < $1.uuidString }.compactMap { records[$0] }
    }

    /// Adds or replaces a patient's record, moving it between index buckets as its keys change.
    public mutating func put(_ record: MatchableRecord) {
        if let old = records[record.id] { remove(old) }
        records[record.id] = record
        if let d = record.dateOfBirth { byBirthDate[d, default: []].insert(record.id) }
        for p in Set(record.phones) { byPhone[p, default: []].insert(record.id) }
        if let e = record.email { byEmail[e.lowercased(), default: []].insert(record.id) }
    }

    private mutating func remove(_ r: MatchableRecord) {
        if let d = r.dateOfBirth { byBirthDate[d]?.remove(r.id) }
        for p in Set(r.phones) { byPhone[p]?.remove(r.id) }
        if let e = r.email { byEmail[e.lowercased()]?.remove(r.id) }
    }
}
