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
    public var gender: Gender?
    public var address: String?
    public var city: String?
    public var state: USState?
    public var zip: String?

    public init(id: UUID, firstName: String?, lastName: String?, dateOfBirth: CalendarDate?, phones: [String], email: String?,
                gender: Gender? = nil, address: String? = nil, city: String? = nil, state: USState? = nil, zip: String? = nil) {
        self.id = id; self.firstName = firstName; self.lastName = lastName
        self.dateOfBirth = dateOfBirth; self.phones = phones; self.email = email
        self.gender = gender; self.address = address; self.city = city; self.state = state; self.zip = zip
    }
}

/// An organization's patients, indexed by the keys the match tiers look up, so a match reads a
/// handful of candidates instead of every patient. Kept by `evolve`.
public struct PatientIndex: Sendable {
    public private(set) var records: [UUID: MatchableRecord] = [:]
    /// Each record's fields folded for comparison (`MatchKeys`), derived from `records` alone.
    private(set) var keys: [UUID: MatchKeys] = [:]
    public private(set) var byBirthDate: [CalendarDate: Set<UUID>] = [:]
    public private(set) var byPhone: [String: Set<UUID>] = [:]
    /// Keyed by the whole address lower-cased: mailboxes are compared case-insensitively for matching.
    public private(set) var byEmail: [String: Set<UUID>] = [:]
    /// The probabilistic tier's blocks (see `blockingKeys`): a probe is compared only with the
    /// patients sharing one of its keys.
    public private(set) var byBlock: [String: Set<UUID>] = [:]
    /// How many patients carry each folded given / family name, for the term-frequency
    /// adjustment (a shared `Smith` says less than a shared `Oyelaran`), kept as patients change.
    public private(set) var givenNameCounts: [String: Int] = [:]
    public private(set) var familyNameCounts: [String: Int] = [:]
    /// Patients counted in the name tables.
    public private(set) var namedCount = 0

    public init() {}

    /// A block larger than this is skipped: a key that many patients share tells little, and
    /// comparing with all of them would make one upsert slow in a large organization.
    public static let largestBlock = 300

    /// The patients sharing a blocking key with the probe, at most `largestBlock` per key, sorted.
    public func candidates(blocking probe: MatchableRecord) -> [MatchableRecord] {
        lookup(blocked(MatchKeys(probe)))
    }

    /// The same candidates' comparison keys, in no particular order (the probabilistic tier's
    /// answer does not depend on it).
    func candidateKeys(blocking probe: MatchKeys) -> [MatchKeys] {
        blocked(probe).compactMap { keys[$0] }
    }

    private func blocked(_ probe: MatchKeys) -> Set<UUID> {
        var ids = Set<UUID>()
        for key in Self.blockingKeys(probe) {
            guard let block = byBlock[key], block.count <= Self.largestBlock else { continue }
            ids.formUnion(block)
        }
        return ids
    }

    /// Blocking keys: date of birth; surname sound + birth year; given + family name sounds
    /// (finds a typo'd date); given-name sound + birth year (finds a typo'd surname); zip +
    /// given initial; each phone; the e-mail. Every kind of typo leaves at least one intact.
    static func blockingKeys(_ r: MatchKeys) -> [String] {
        var keys: [String] = []
        let given = r.given.map { Soundex.code($0.text) } ?? ""
        let family = r.family.map { Soundex.code($0.text) } ?? ""
        if let d = r.dateOfBirth {
            keys.append("d:\(d)")
            if !family.isEmpty { keys.append("fy:\(family):\(d.year)") }
            if !given.isEmpty { keys.append("gy:\(given):\(d.year)") }
        }
        if !given.isEmpty && !family.isEmpty { keys.append("gf:\(given):\(family)") }
        if let zip = r.zip, let initial = given.first { keys.append("z:\(zip):\(initial)") }
        for p in Set(r.phones) { keys.append("p:\(p)") }
        if let e = r.email { keys.append("e:\(e)") }
        return keys
    }

    /// Patients whose folded given (family) name is this one.
    public func count(givenName folded: String) -> Int { givenNameCounts[folded] ?? 0 }
    public func count(familyName folded: String) -> Int { familyNameCounts[folded] ?? 0 }

    public func candidates(bornOn date: CalendarDate) -> [MatchableRecord] { lookup(byBirthDate[date]) }
    public func candidates(phone: String) -> [MatchableRecord] { lookup(byPhone[phone]) }
    public func candidates(email: String) -> [MatchableRecord] { lookup(byEmail[email.lowercased()]) }

    private func lookup(_ ids: Set<UUID>?) -> [MatchableRecord] {
        (ids ?? []).sorted { $0.sortsBefore($1) }.compactMap { records[$0] }
    }

    /// Adds or replaces a patient's record, moving it between index buckets as its keys change.
    public mutating func put(_ record: MatchableRecord) {
        if let old = records[record.id] { remove(old) }
        let folded = MatchKeys(record)
        records[record.id] = record
        keys[record.id] = folded
        if let d = record.dateOfBirth { byBirthDate[d, default: []].insert(record.id) }
        for p in Set(record.phones) { byPhone[p, default: []].insert(record.id) }
        if let e = record.email { byEmail[e.lowercased(), default: []].insert(record.id) }
        for key in Self.blockingKeys(folded) { byBlock[key, default: []].insert(record.id) }
        countNames(folded, by: 1)
    }

    private mutating func countNames(_ r: MatchKeys, by delta: Int) {
        guard let first = r.given?.text, let last = r.family?.text else { return }
        givenNameCounts[first, default: 0] += delta
        familyNameCounts[last, default: 0] += delta
        if givenNameCounts[first] == 0 { givenNameCounts[first] = nil }
        if familyNameCounts[last] == 0 { familyNameCounts[last] = nil }
        namedCount += delta
    }

    /// Takes a patient out of every bucket (merged into another).
    public mutating func remove(id: UUID) {
        guard let old = records.removeValue(forKey: id) else { return }
        remove(old)
    }

    /// Takes a record out of every bucket; its keys go too.
    private mutating func remove(_ r: MatchableRecord) {
        let folded = keys.removeValue(forKey: r.id) ?? MatchKeys(r)
        if let d = r.dateOfBirth { byBirthDate[d]?.remove(r.id) }
        for p in Set(r.phones) { byPhone[p]?.remove(r.id) }
        if let e = r.email { byEmail[e.lowercased()]?.remove(r.id) }
        for key in Self.blockingKeys(folded) {
            byBlock[key]?.remove(r.id)
            if byBlock[key]?.isEmpty == true { byBlock[key] = nil }
        }
        countNames(folded, by: -1)
    }
}
