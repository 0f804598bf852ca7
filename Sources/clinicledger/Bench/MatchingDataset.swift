import Domain
import Foundation

/// The matching benchmark without its command line: a labelled data set (`MatchingDatasetGenerator`)
/// run through the upsert's own normaliser and matcher (`MatchingBench.run`). Pure and
/// deterministic for a seed, so it also builds and runs outside the executable.

/// The benchmarks' repeatable mix: Domain's SplitMix64 with the draws they need.
typealias MatchingRandom = SplitMix64

extension SplitMix64 {
    mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &self) < p }
    mutating func pick<T>(_ items: [T]) -> T { items[Int.random(in: 0..<items.count, using: &self)] }
    mutating func uuid() -> UUID {
        var bytes = [UInt8](repeating: 0, count: 16)
        for i in 0..<16 { bytes[i] = UInt8.random(in: 0...255, using: &self) }
        bytes[6] = (bytes[6] & 0x0F) | 0x40
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        return UUID(uuid: (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                           bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
    }
}

/// One existing patient of the data set, with canonical values (E.164 phones, ISO birth date).
struct MatchingPerson: Sendable {
    var id: UUID
    var first: String
    var last: String
    var dob: CalendarDate
    var phones: [String]
    var email: String?
    var externalId: String?
}

/// One upsert to resolve: the request as an integrator sends it, and who it really is (nil: nobody known).
struct MatchingProbeCase: Sendable {
    var kind: String
    var draft: UpsertDraft
    var expected: UUID?
}

struct MatchingDataset: Sendable {
    var people: [MatchingPerson]
    var probes: [MatchingProbeCase]
    var state: OrganizationState
    var index: PatientIndex
    var externalIdHolders: [ExternalIdValue: UUID]
    var mrnTypeId: UUID
    var today: CalendarDate
    var households: Int
    var namesakes: Int
}

enum MatchingDatasetGenerator {
    static let today = CalendarDate(year: 2025, month: 6, day: 15)!

    static func make(size: Int, seed: UInt64) -> MatchingDataset {
        var g = Builder(rng: MatchingRandom(seed: seed))
        g.makePeople(size)
        g.makePositiveProbes(size)
        g.makeNegativeProbes(size / 2)

        let orgId = g.rng.uuid(), mrnTypeId = g.rng.uuid()
        var state = [DomainEvent.organization(.organizationCreated(OrganizationCreated(organizationId: orgId, name: "Matching bench"))),
                     .organization(.externalIdTypeCreated(ExternalIdType(id: mrnTypeId, name: "mrn")))]
            .reduce(OrganizationState(organizationId: orgId), OrganizationState.evolve)
        // The people as patients of the decision state, so probes take the upsert's own path
        // (`suggestMatch`: the tiers, the external-id conflict rule, the probabilistic tier).
        for p in g.people {
            var profile = PatientProfile(firstName: p.first, lastName: p.last)
            profile.dateOfBirth = p.dob
            profile.phoneNumber = p.phones.first
            profile.additionalPhoneNumber = p.phones.dropFirst().first
            profile.email = p.email
            state.apply(.patients(.patientCreated(PatientCreated(
                patientId: p.id, profile: profile, tagIds: [], referrals: [],
                externalIds: p.externalId.map { [ExternalIdValue(typeId: mrnTypeId, value: $0)] } ?? [], createdFrom: .api))))
        }
        var holders: [ExternalIdValue: UUID] = [:]
        for p in g.people { if let x = p.externalId { holders[ExternalIdValue(typeId: mrnTypeId, value: x)] = p.id } }
        // The probes were built before the type id existed: give their external ids the real type.
        let probes = g.probes.map { probe -> MatchingProbeCase in
            var probe = probe
            if probe.draft.externalId != nil { probe.draft.externalId?.typeId = mrnTypeId.lowercased }
            return probe
        }
        return MatchingDataset(people: g.people, probes: probes, state: state, index: g.index, externalIdHolders: holders,
                               mrnTypeId: mrnTypeId, today: today, households: g.households, namesakes: g.namesakes)
    }

    private struct Builder {
        var rng: MatchingRandom
        var people: [MatchingPerson] = []
        var probes: [MatchingProbeCase] = []
        var index = PatientIndex()
        var usedPhones: Set<String> = []
        var usedEmails: Set<String> = []
        var households = 0
        var namesakes = 0

        // MARK: existing patients

        mutating func makePeople(_ count: Int) {
            while people.count < count {
                let roll = Double.random(in: 0..<1, using: &rng)
                if roll < 0.10, let p = people.isEmpty ? nil : rng.pick(people), let phone = p.phones.first {
                    // A relative: same surname and home phone, their own given name and birthday.
                    let first = relativeName(of: p.first, sharing: phone)
                    let email = p.email != nil && rng.chance(0.4) ? p.email : (rng.chance(0.6) ? newEmail(first, p.last) : nil)
                    add(first, p.last, randomBirthDate(), [phone], email)
                    households += 1
                } else if roll < 0.13, let p = people.isEmpty ? nil : rng.pick(people) {
                    // A namesake: a common name born the same day — a different person with their own contacts.
                    add(p.first, p.last, p.dob, [newPhone()], rng.chance(0.8) ? newEmail(p.first, p.last) : nil)
                    namesakes += 1
                } else {
                    let (first, last) = randomName()
                    var phones: [String] = []
                    if rng.chance(0.95) { phones.append(newPhone()) }
                    if rng.chance(0.15) { phones.append(newPhone()) }
                    add(first, last, randomBirthDate(), phones, rng.chance(0.85) ? newEmail(first, last) : nil)
                }
            }
        }

        mutating func add(_ first: String, _ last: String, _ dob: CalendarDate, _ phones: [String], _ email: String?) {
            let externalId = rng.chance(0.3) ? "MRN-\(100_000 + people.count)" : nil
            let p = MatchingPerson(id: rng.uuid(), first: first, last: last, dob: dob, phones: phones, email: email, externalId: externalId)
            people.append(p)
            index.put(MatchableRecord(id: p.id, firstName: first, lastName: last, dateOfBirth: dob, phones: phones, email: email))
        }

        mutating func randomName() -> (String, String) {
            let first = rng.chance(0.5) ? rng.pick(MatchingDatasetNames.male) : rng.pick(MatchingDatasetNames.female)
            var last = rng.pick(MatchingDatasetNames.last)
            if rng.chance(0.07) { last += "-" + rng.pick(MatchingDatasetNames.last) }
            return (first, last)
        }

        /// A given name for someone sharing `phone` (or a mailbox) with `first`'s holder: never one
        /// the household already has (parents do not give two children one name), often a look-alike.
        mutating func relativeName(of first: String, sharing phone: String?, email: String? = nil) -> String {
            var taken = [first]
            if let phone { taken += index.candidates(phone: phone).compactMap(\.firstName) }
            if let email { taken += index.candidates(email: email).compactMap(\.firstName) }
            let alikes = MatchingDatasetNames.lookAlikes.compactMap { pair -> String? in
                NameFolding.fold(pair.0) == NameFolding.fold(first) ? pair.1 : NameFolding.fold(pair.1) == NameFolding.fold(first) ? pair.0 : nil
            }
            for _ in 0..<50 {
                let candidate = !alikes.isEmpty && rng.chance(0.5) ? rng.pick(alikes) : randomName().0
                let clash = taken.contains { t in
                    let a = NameFolding.fold(t), b = NameFolding.fold(candidate)
                    return a == b || Nicknames.equivalent(a, b) || a.split(separator: " ").first == b.split(separator: " ").first
                }
                if !clash { return candidate }
            }
            return "Zebulon"
        }

        mutating func randomBirthDate() -> CalendarDate {
            let year = Int.random(in: 1930...2023, using: &rng), month = Int.random(in: 1...12, using: &rng)
            return CalendarDate(year: year, month: month, day: Int.random(in: 1...CalendarDate.daysIn(month: month, year: year), using: &rng))!
        }

        mutating func newPhone() -> String {
            while true {
                let area = rng.pick(MatchingDatasetNames.areaCodes)
                let phone = String(format: "+1%03d%03d%04d", area, Int.random(in: 200...999, using: &rng), Int.random(in: 0...9999, using: &rng))
                if usedPhones.insert(phone).inserted { return phone }
            }
        }

        mutating func newEmail(_ first: String, _ last: String) -> String {
            let f = NameFolding.tokens(first).joined(), l = NameFolding.tokens(last).joined()
            while true {
                let local: String
                switch Int.random(in: 0..<5, using: &rng) {
                case 0: local = "\(f).\(l)"
                case 1: local = "\(f)\(l)\(Int.random(in: 1...99, using: &rng))"
                case 2: local = "\(f.prefix(1))\(l)"
                case 3: local = "\(f)_\(l.prefix(3))\(Int.random(in: 1...999, using: &rng))"
                default: local = "\(l)\(f.prefix(1))\(Int.random(in: 10...9999, using: &rng))"
                }
                let email = local + "@" + rng.pick(MatchingDatasetNames.emailDomains)
                if usedEmails.insert(email).inserted { return email }
            }
        }

        // MARK: probes of known patients

        static let positiveKinds: [(String, Int)] = [
            ("exact", 8), ("typo_first", 8), ("typo_last", 8), ("nickname", 6), ("swapped", 6), ("accents_dropped", 3),
            ("middle_name_added", 3), ("hyphen_part_only", 2), ("missing_dob", 8), ("missing_phone", 7), ("missing_email", 5),
            ("name_phone_only", 6), ("typo_no_dob", 5), ("typo_email_no_phone", 4), ("new_phone", 5), ("new_phone_no_dob", 4),
            ("new_email", 3), ("external_id", 8), ("external_id_name_changed", 3),
        ]

        mutating func makePositiveProbes(_ count: Int) {
            let total = Self.positiveKinds.map(\.1).reduce(0, +)
            let nicknamed = people.filter { MatchingDatasetNames.nicknames[NameFolding.fold($0.first)] != nil }
            for _ in 0..<count {
                var roll = Int.random(in: 0..<total, using: &rng)
                let kind = Self.positiveKinds.first { roll -= $0.1; return roll < 0 }!.0
                // Nicknames only for people whose given name has one.
                let p = kind == "nickname" ? rng.pick(nicknamed) : rng.pick(people)
                probes.append(MatchingProbeCase(kind: kind, draft: positive(kind, p), expected: p.id))
            }
        }

        mutating func positive(_ kind: String, _ p: MatchingPerson) -> UpsertDraft {
            // A slip that happens to spell a relative's name (Ana → Anna) is no longer this
            // person's request but the relative's: such typos are drawn again.
            let household = Set((p.phones.flatMap { index.candidates(phone: $0) } + (p.email.map { index.candidates(email: $0) } ?? []))
                .filter { $0.id != p.id }.compactMap { $0.firstName.map(NameFolding.fold) })
            func typo(_ name: String) -> String {
                for _ in 0..<20 {
                    let t = self.typo(name)
                    if !household.contains(NameFolding.fold(t)) { return t }
                }
                return name
            }
            var first = p.first, last = p.last
            var dob: CalendarDate? = p.dob
            var phone = p.phones.first, email = p.email
            var externalId: String?
            switch kind {
            case "typo_first": first = typo(first)
            case "typo_last": last = typo(last)
            case "nickname":
                let folded = NameFolding.fold(first)
                if let nicks = MatchingDatasetNames.nicknames[folded] { first = rng.pick(nicks) }
            case "swapped": (first, last) = (last, first)
            case "accents_dropped":
                first = first.folding(options: .diacriticInsensitive, locale: nil).uppercased()
                last = last.folding(options: .diacriticInsensitive, locale: nil).uppercased()
            case "middle_name_added": first += " " + rng.pick(["Ann", "Marie", "Lee", "James", "Jose", "Lynn"])
            case "hyphen_part_only":
                if last.contains("-") { last = String(last.split(separator: "-")[rng.chance(0.5) ? 0 : 1]) } else { last = last.lowercased() }
            case "missing_dob": dob = nil
            case "missing_phone": phone = nil
            case "missing_email": email = nil
            case "name_phone_only": dob = nil; email = nil
            case "typo_no_dob": dob = nil; if rng.chance(0.5) { first = typo(first) } else { last = typo(last) }
            case "typo_email_no_phone": phone = nil; if rng.chance(0.5) { first = typo(first) } else { last = typo(last) }
            case "new_phone": phone = newPhone()
            case "new_phone_no_dob": phone = newPhone(); dob = nil
            case "new_email": email = email == nil ? nil : newEmail(first, last)
            case "external_id":
                externalId = p.externalId
                if externalId == nil { break }
                if rng.chance(0.3) { dob = nil }
                if rng.chance(0.3) { phone = nil }
            case "external_id_name_changed":
                externalId = p.externalId
                if externalId != nil { last = randomName().1; phone = newPhone() }  // married, moved: only the MRN still says who
            default: break
            }
            // An integrator's request must carry a phone or full demographics, or it is refused
            // before matching: the variants keep the birth date when they leave no phone.
            if phone == nil && dob == nil { dob = p.dob }
            var d = UpsertDraft()
            d.firstName = casing(first)
            d.lastName = casing(last)
            if let dob { d.dateOfBirth = formatDate(dob) }
            if let phone { d.phoneNumber = formatPhone(phone) }
            if p.phones.count > 1, phone != nil, rng.chance(0.5) { d.additionalPhoneNumber = formatPhone(p.phones[1]) }
            if let email { d.email = formatEmail(email) }
            if let externalId { d.externalId = ExternalIdDraft(typeId: "", value: externalId) }
            return d
        }

        // MARK: probes of people who are not patients yet, built to look like someone who is

        mutating func makeNegativeProbes(_ count: Int) {
            let withContacts = people.filter { !$0.phones.isEmpty || $0.email != nil }
            for _ in 0..<count {
                var d = UpsertDraft()
                let roll = Double.random(in: 0..<1, using: &rng)
                let kind: String
                if roll < 0.25 {
                    // Same name, same birthday, someone else's phone and e-mail.
                    kind = "neg_namesake"
                    let p = rng.pick(withContacts)
                    d.firstName = casing(p.first); d.lastName = casing(p.last); d.dateOfBirth = formatDate(p.dob)
                    // Contacts that contradict the patient's: a new phone, and a new e-mail when the
                    // patient has one (a namesake of a patient with no contact details at all is
                    // indistinguishable from them by construction).
                    d.phoneNumber = formatPhone(newPhone())
                    if p.email != nil || rng.chance(0.5) { d.email = newEmail(p.first, p.last) }
                } else if roll < 0.50 {
                    // A relative on the household phone: their own given name, birthday sometimes left out.
                    kind = "neg_family_phone"
                    let p = rng.pick(withContacts.filter { !$0.phones.isEmpty })
                    let phone = p.phones[0]
                    let first = relativeName(of: p.first, sharing: phone)
                    d.firstName = casing(first); d.lastName = casing(p.last); d.phoneNumber = formatPhone(phone)
                    if rng.chance(0.5) { d.dateOfBirth = formatDate(randomBirthDate()) }
                    if rng.chance(0.4), let e = p.email { d.email = formatEmail(e) }
                } else if roll < 0.70 {
                    // A relative using the family mailbox.
                    kind = "neg_shared_email"
                    guard let p = withContacts.filter({ $0.email != nil }).randomElement(using: &rng), let email = p.email else { continue }
                    let first = relativeName(of: p.first, sharing: nil, email: email)
                    d.firstName = casing(first); d.lastName = casing(p.last); d.email = formatEmail(email)
                    if rng.chance(0.5) { d.dateOfBirth = formatDate(randomBirthDate()) }
                    if d.dateOfBirth == nil || rng.chance(0.5) { d.phoneNumber = formatPhone(newPhone()) }
                } else if roll < 0.85 {
                    // Same name, another birthday, another phone.
                    kind = "neg_same_name_other_dob"
                    let p = rng.pick(people)
                    var dob = randomBirthDate()
                    while dob == p.dob { dob = randomBirthDate() }
                    d.firstName = casing(p.first); d.lastName = casing(p.last); d.dateOfBirth = formatDate(dob)
                    d.phoneNumber = formatPhone(newPhone())
                } else {
                    kind = "neg_stranger"
                    let (first, last) = randomName()
                    d.firstName = first; d.lastName = last; d.dateOfBirth = formatDate(randomBirthDate())
                    d.phoneNumber = formatPhone(newPhone())
                    if rng.chance(0.7) { d.email = newEmail(first, last) }
                }
                probes.append(MatchingProbeCase(kind: kind, draft: d, expected: nil))
            }
        }

        // MARK: realistic variation

        /// One slip: neighbours swapped, a letter lost, doubled or replaced by a keyboard neighbour.
        /// Never the first letter, which people rarely get wrong.
        mutating func typo(_ name: String) -> String {
            var chars = Array(name)
            let letters = chars.indices.filter { $0 > 0 && chars[$0].isLetter }
            guard letters.count >= 2, let i = letters.randomElement(using: &rng) else { return name }
            switch Int.random(in: 0..<4, using: &rng) {
            case 0 where i + 1 < chars.count && chars[i + 1].isLetter: chars.swapAt(i, i + 1)
            case 1: chars.remove(at: i)
            case 2: chars.insert(chars[i], at: i)
            default:
                let lower = Character(chars[i].lowercased())
                let near = Self.keyboardNeighbours[lower] ?? "e"
                chars[i] = rng.pick(Array(near))
            }
            return String(chars)
        }

        static let keyboardNeighbours: [Character: String] = [
            "q": "wa", "w": "qes", "e": "wrd", "r": "etf", "t": "ryg", "y": "tuh", "u": "yij", "i": "uok", "o": "ipl", "p": "ol",
            "a": "qsz", "s": "adw", "d": "sfe", "f": "dgr", "g": "fht", "h": "gjy", "j": "hku", "k": "jli", "l": "ko",
            "z": "xa", "x": "zcs", "c": "xvd", "v": "cbf", "b": "vng", "n": "bmh", "m": "nj",
        ]

        func capitalized(_ s: String) -> String { s.prefix(1).uppercased() + s.dropFirst() }

        mutating func casing(_ s: String) -> String {
            switch Int.random(in: 0..<10, using: &rng) {
            case 0: return s.uppercased()
            case 1: return s.lowercased()
            case 2: return "  " + s + " "
            default: return s
            }
        }

        mutating func formatPhone(_ e164: String) -> String {
            let d = Array(e164.dropFirst(2))
            let a = String(d[0..<3]), b = String(d[3..<6]), c = String(d[6..<10])
            switch Int.random(in: 0..<8, using: &rng) {
            case 0: return "(\(a)) \(b)-\(c)"
            case 1: return "\(a).\(b).\(c)"
            case 2: return "+1 \(a) \(b) \(c)"
            case 3: return "1-\(a)-\(b)-\(c) x\(Int.random(in: 1...999, using: &rng))"
            case 4: return "1-\(a)-\(b)-\(c)"
            case 5: return "\(a)\(b)\(c)"
            case 6: return "\(a)-\(b)-\(c) ext. \(Int.random(in: 1...99, using: &rng))"
            default: return e164
            }
        }

        mutating func formatDate(_ d: CalendarDate) -> String {
            switch Int.random(in: 0..<6, using: &rng) {
            case 0: return d.description
            case 1: return String(format: "%04d%02d%02d", d.year, d.month, d.day)
            case 2: return String(format: "%02d/%02d/%04d", d.month, d.day, d.year)
            case 3: return String(format: "%02d/%02d/%02d", d.month, d.day, d.year % 100)
            case 4: return String(format: "%d/%d/%04d", d.month, d.day, d.year)
            default: return String(format: "%02d-%02d-%04d", d.month, d.day, d.year)
            }
        }

        mutating func formatEmail(_ e: String) -> String {
            switch Int.random(in: 0..<4, using: &rng) {
            case 0: return e.uppercased()
            case 1: return " " + e.prefix(1).uppercased() + e.dropFirst()
            default: return e
            }
        }
    }
}

/// Precision and recall of one run, per tier and per kind of probe.
struct MatchingBenchResult: Sendable {
    struct Tally: Sendable {
        var probes = 0, matches = 0, correct = 0, falseMerges = 0, ambiguous = 0, refused = 0
        var missed: Int { probes - correct - falseMerges - ambiguous - refused }
    }

    var dataset: (people: Int, households: Int, namesakes: Int, withExternalId: Int, positives: Int, negatives: Int)
    var byTier: [MatchTier: Tally] = [:]
    var byKind: [String: Tally] = [:]
    var positives = Tally()
    var negatives = Tally()
    /// Probes the probabilistic tier sent to the review queue, and those whose candidate was right.
    var reviews = 0, reviewsCorrect = 0
    var seconds: Double = 0

    var matchesMade: Int { positives.matches + negatives.matches }
    var correct: Int { positives.correct }
    var falseMerges: Int { positives.falseMerges + negatives.falseMerges }
    var precision: Double { matchesMade == 0 ? 1 : Double(correct) / Double(matchesMade) }
    var recall: Double { positives.probes == 0 ? 0 : Double(correct) / Double(positives.probes) }

    func table() -> String {
        var out: [String] = []
        out.append("data set: \(dataset.people) patients (\(dataset.households) sharing a relative's phone, \(dataset.namesakes) namesakes born the same day, "
                   + "\(dataset.withExternalId) with an external id); \(dataset.positives) probes of known patients, "
                   + "\(dataset.negatives) probes of new people")
        out.append("")
        out.append(row("tier", "matches", "correct", "false merges", "precision", "recall"))
        for tier in MatchTier.allCases {
            let t = byTier[tier] ?? Tally()
            out.append(row(tier.rawValue, "\(t.matches)", "\(t.correct)", "\(t.falseMerges)",
                           ratio(t.correct, t.matches), ratio(t.correct, positives.probes)))
        }
        out.append(row("overall", "\(matchesMade)", "\(correct)", "\(falseMerges)", ratio(correct, matchesMade), ratio(correct, positives.probes)))
        out.append(row("review queue", "\(reviews)", "\(reviewsCorrect)", "-", ratio(reviewsCorrect, reviews), ratio(reviewsCorrect, positives.probes)))
        out.append(row("automatic + review", "\(matchesMade + reviews)", "\(correct + reviewsCorrect)", "-", "-",
                       ratio(correct + reviewsCorrect, positives.probes)))
        out.append("")
        out.append("recall per tier = that tier's correct matches / all \(positives.probes) probes that should match; "
                   + "ambiguous (refused, never merged): \(positives.ambiguous) known + \(negatives.ambiguous) new; "
                   + "failing the phone-or-demographics invariant: \(positives.refused + negatives.refused)")
        out.append("")
        out.append(row("probe kind", "probes", "correct", "false merges", "ambiguous", "refused", "missed"))
        for (kind, t) in byKind.sorted(by: { ($0.key.hasPrefix("neg_") ? 1 : 0, $0.key) < ($1.key.hasPrefix("neg_") ? 1 : 0, $1.key) }) {
            out.append(row(kind, "\(t.probes)", "\(t.correct)", "\(t.falseMerges)", "\(t.ambiguous)", "\(t.refused)",
                           kind.hasPrefix("neg_") ? "-" : "\(t.missed)"))
        }
        out.append("")
        out.append(String(format: "overall: precision %.4f, recall %.4f, false merges %d  (%.2f s)", precision, recall, falseMerges, seconds))
        return out.joined(separator: "\n")
    }

    private func row(_ cells: String...) -> String {
        cells.enumerated().map { i, c in i == 0 ? c.padding(toLength: 26, withPad: " ", startingAt: 0) : String(repeating: " ", count: max(0, 13 - c.count)) + c }
            .joined()
    }

    private func ratio(_ a: Int, _ b: Int) -> String { b == 0 ? "-" : String(format: "%.4f", Double(a) / Double(b)) }
}

enum MatchingBench {
    /// Resolves each probe as the upsert would (`suggestMatch`: normaliser, tiers, probabilistic tier) and scores the outcome.
    static func run(size: Int, seed: UInt64) -> MatchingBenchResult {
        let data = MatchingDatasetGenerator.make(size: size, seed: seed)
        var result = MatchingBenchResult(dataset: (data.people.count, data.households, data.namesakes,
                                                   data.people.filter { $0.externalId != nil }.count,
                                                   data.probes.filter { $0.expected != nil }.count,
                                                   data.probes.filter { $0.expected == nil }.count))
        let started = Date()
        for probe in data.probes {
            let n = UpsertNormalizer.normalize(probe.draft, reference: data.state.reference, today: data.today)
            var tally = Tally()
            tally.probes = 1
            if !(n.hasPhone || n.hasFullDemographics) {
                tally.refused = 1  // the upsert would refuse this request before matching
            } else {
                var outcome = suggestMatch(probe.draft, state: data.state.patients, reference: data.state.reference, today: data.today).outcome
                if case .probable(let m) = outcome {
                    if m.automatic { outcome = .matched(m.patientId, .probabilistic) } else {
                        result.reviews += 1
                        if m.patientId == probe.expected { result.reviewsCorrect += 1 }
                    }
                }
                switch outcome {
                case .none, .probable: break
                case .ambiguous: tally.ambiguous = 1
                case .matched(let id, let tier):
                    tally.matches = 1
                    if id == probe.expected { tally.correct = 1 } else { tally.falseMerges = 1 }
                    result.byTier[tier, default: Tally()].add(tally)
                }
            }
            result.byKind[probe.kind, default: Tally()].add(tally)
            if probe.expected == nil { result.negatives.add(tally) } else { result.positives.add(tally) }
        }
        result.seconds = Date().timeIntervalSince(started)
        return result
    }

    typealias Tally = MatchingBenchResult.Tally
}

extension MatchingBenchResult.Tally {
    mutating func add(_ o: Self) {
        probes += o.probes; matches += o.matches; correct += o.correct
        falseMerges += o.falseMerges; ambiguous += o.ambiguous; refused += o.refused
    }
}

extension MatchingDatasetNames {
    /// Formal given name (folded) → diminutives people write instead, for the nickname probes.
    static let nicknames: [String: [String]] = [
        "robert": ["Bob", "Rob", "Bobby"], "william": ["Bill", "Will"], "elizabeth": ["Liz", "Beth"],
        "catherine": ["Kate", "Katie"], "katherine": ["Kate", "Kathy"], "james": ["Jim", "Jimmy"], "michael": ["Mike"],
        "thomas": ["Tom"], "richard": ["Rick", "Dick"], "margaret": ["Peggy", "Maggie"], "jennifer": ["Jen", "Jenny"],
        "christopher": ["Chris"], "christine": ["Chris"], "alexander": ["Alex"], "alexandra": ["Alex"], "samuel": ["Sam"],
        "samantha": ["Sam"], "daniel": ["Dan", "Danny"], "david": ["Dave"], "joseph": ["Joe"], "anthony": ["Tony"],
        "nicholas": ["Nick"], "steven": ["Steve"], "stephen": ["Steve"], "susan": ["Sue"], "patricia": ["Pat", "Patty"],
        "patrick": ["Pat"], "edward": ["Ed", "Eddie"], "andrew": ["Andy"], "benjamin": ["Ben"], "matthew": ["Matt"],
        "jonathan": ["Jon"], "charles": ["Charlie", "Chuck"], "joshua": ["Josh"], "timothy": ["Tim"], "gregory": ["Greg"],
        "jeffrey": ["Jeff"], "kenneth": ["Ken"], "ronald": ["Ron"], "donald": ["Don"], "lawrence": ["Larry"], "gerald": ["Jerry"],
        "raymond": ["Ray"], "zachary": ["Zach"], "nathan": ["Nate"], "abigail": ["Abby"], "deborah": ["Debbie"],
        "rebecca": ["Becky"], "victoria": ["Vicky"], "jessica": ["Jess"], "pamela": ["Pam"], "cynthia": ["Cindy"],
        "barbara": ["Barb"], "dorothy": ["Dot"], "theresa": ["Terry"], "francisco": ["Paco"], "jose": ["Pepe"],
        "roberto": ["Beto"], "eduardo": ["Lalo"], "manuel": ["Manny"], "alejandro": ["Alex"], "gabriel": ["Gabe"],
        "gabriela": ["Gabby"], "vincent": ["Vince"], "kathleen": ["Kathy"], "christina": ["Chris"],
    ]
}

/// Evidence for the fuzzy tiers' extra given-name guards (docs/matching.md): for every probe and
/// patient sharing a phone (tier 3) or an e-mail (tier 4), seed 001's rule alone (name similarity
/// ≥ 0.85, birth dates not disagreeing) against the rule with the guards (`NameSimilarity.fuzzyMatch`).
/// Where they differ the guard either prevented a false merge or lost a true one.
struct GuardEvidence: Sendable {
    var pairs = 0, seedMatches = 0, preventedFalse = 0, lostTrue = 0

    static func measure(_ data: MatchingDataset) -> GuardEvidence {
        var out = GuardEvidence()
        for probe in data.probes {
            let n = UpsertNormalizer.normalize(probe.draft, reference: data.state.reference, today: data.today)
            guard let first = n.firstName, let last = n.lastName else { continue }
            var candidates = [n.phoneNumber, n.additionalPhoneNumber].compactMap { $0 }.flatMap { data.index.candidates(phone: $0) }
            if let e = n.email { candidates += data.index.candidates(email: e) }
            var seen = Set<UUID>()
            for r in candidates where seen.insert(r.id).inserted {
                guard let rf = r.firstName, let rl = r.lastName else { continue }
                out.pairs += 1
                if let a = n.dateOfBirth, let b = r.dateOfBirth, a != b { continue }
                guard NameSimilarity.similarity(first: first, last: last, first: rf, last: rl) >= NameSimilarity.threshold else { continue }
                out.seedMatches += 1
                let confirmed = n.dateOfBirth != nil && n.dateOfBirth == r.dateOfBirth
                if NameSimilarity.fuzzyMatch(first: first, last: last, first: rf, last: rl, birthConfirmed: confirmed) { continue }
                if r.id == probe.expected { out.lostTrue += 1 } else { out.preventedFalse += 1 }
            }
        }
        return out
    }

    func line() -> String {
        "given-name guards (tiers 3-4): \(pairs) probe/patient pairs sharing a phone or e-mail, \(seedMatches) pass seed 001's rule alone; "
            + "the guards turn away \(preventedFalse) different people (false merges prevented) and \(lostTrue) of the same person (lost matches)"
    }
}
