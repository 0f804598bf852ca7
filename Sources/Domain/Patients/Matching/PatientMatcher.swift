import Foundation

/// Seed 001's tiered matcher: which existing patient, if any, an upsert is about.
///
/// Tiers run in priority order and the first tier that finds anyone decides:
/// 1. `external_id` — the patient holding the probe's external identifier.
/// 2. `demographics` — same date of birth, first and last names equal (case, accents, hyphens
///    and apostrophes ignored), or failing that equal by word subset (`Mary` / `Mary Ann`);
///    first and last are compared separately, and also swapped.
/// 3. `phone_fuzzy_name` — shares a phone, names alike (`NameSimilarity.fuzzyMatch`, similarity
///    ≥ 0.85), dates of birth not disagreeing.
/// 4. `email_fuzzy_name` — the same with the e-mail address, compared case-insensitively.
///
/// Precision over recall: merging two people is far worse than creating a duplicate a human can
/// merge later, so beyond the seed's rules a candidate is also turned away when the contact
/// details contradict it and nothing confirms it:
/// - demographics: the probe and the candidate both have phones (or e-mails) and none agree,
///   and no phone or e-mail agrees either — a namesake born the same day (common names do
///   collide in a large practice); and when several patients share the name and birthday, the
///   one not ruled out must share a phone or e-mail, or the outcome is ambiguous;
/// - phone tier: both have e-mails and they differ, and the birth date is not present on both
///   and equal — a relative sharing the household phone;
/// - e-mail tier: likewise with phones — a relative sharing the family mailbox.
///
/// Two or more different patients in the deciding tier is `.ambiguous` (ids sorted), never a
/// pick: the caller must not merge into either.
public enum PatientMatcher {
    public static func match(_ probe: MatchProbe, externalIdHolders: [ExternalIdValue: UUID], index: PatientIndex) -> MatchOutcome {
        if let externalId = probe.externalId, let holder = externalIdHolders[externalId] {
            return .matched(holder, .externalId)
        }
        for tier in [MatchTier.demographics, .phoneFuzzyName, .emailFuzzyName] {
            let ids = candidates(tier, probe, index)
            if ids.count == 1 { return .matched(ids[0], tier) }
            if ids.count > 1 { return .ambiguous(tier, ids) }
        }
        return .none
    }

    /// The distinct patients one tier finds, sorted.
    static func candidates(_ tier: MatchTier, _ probe: MatchProbe, _ index: PatientIndex) -> [UUID] {
        let probePhones = Set(probe.phones)
        let probeEmail = probe.email?.lowercased()
        switch tier {
        case .externalId, .probabilistic:
            return []  // looked up directly / ProbabilisticMatcher
        case .demographics:
            guard let first = present(probe.firstName), let last = present(probe.lastName), let dob = probe.dateOfBirth else { return [] }
            let born = index.candidates(bornOn: dob)
            // Exact names first: a probe that spells a patient's name exactly is about that one,
            // even when another patient born that day carries a longer form of it.
            let exact = born.filter { namesAgree(first, last, $0, by: NameSimilarity.same) }
            let named = exact.isEmpty ? born.filter { namesAgree(first, last, $0, by: NameSimilarity.sameOrSubset) } : exact
            let accepted = named.filter { !contactsContradict(probePhones, probeEmail, $0) }
            // Several patients share this name and birthday, so it identifies no one by itself: the
            // one left after the others' contacts ruled them out must also share a contact, else
            // the probe may be yet another namesake. Ambiguous, not a guess.
            if accepted.count == 1, named.count > 1, !contactsAgree(probePhones, probeEmail, accepted[0]) {
                return sortedIds(named)
            }
            // Several left, exactly one sharing a phone or e-mail: the contact settles it.
            let agreeing = accepted.filter { contactsAgree(probePhones, probeEmail, $0) }
            if accepted.count > 1, agreeing.count == 1 { return [agreeing[0].id] }
            return sortedIds(accepted)
        case .phoneFuzzyName:
            guard !probePhones.isEmpty else { return [] }
            let found = probePhones.flatMap { index.candidates(phone: $0) }.filter { r in
                fuzzyNameAndBirth(probe, r)
                    && !(probeEmail != nil && r.email != nil && probeEmail != r.email?.lowercased() && !birthConfirmed(probe, r))
            }
            return sortedIds(found)
        case .emailFuzzyName:
            guard let probeEmail else { return [] }
            let found = index.candidates(email: probeEmail).filter { r in
                fuzzyNameAndBirth(probe, r)
                    && !(!probePhones.isEmpty && !r.phones.isEmpty && probePhones.isDisjoint(with: r.phones) && !birthConfirmed(probe, r))
            }
            return sortedIds(found)
        }
    }

    /// First with first and last with last, or the two swapped (a form filled in the wrong boxes).
    private static func namesAgree(_ first: String, _ last: String, _ r: MatchableRecord, by equal: (String, String) -> Bool) -> Bool {
        guard let rf = present(r.firstName), let rl = present(r.lastName) else { return false }
        return (equal(first, rf) && equal(last, rl)) || (equal(first, rl) && equal(last, rf))
    }

    /// A phone or an e-mail (case-insensitively) on both sides agrees.
    private static func contactsAgree(_ phones: Set<String>, _ email: String?, _ r: MatchableRecord) -> Bool {
        !phones.isDisjoint(with: r.phones) || (email != nil && email == r.email?.lowercased())
    }

    /// A phone or e-mail on both sides disagrees, and none agrees.
    private static func contactsContradict(_ phones: Set<String>, _ email: String?, _ r: MatchableRecord) -> Bool {
        let recordEmail = r.email?.lowercased()
        let phonesKnown = !phones.isEmpty && !r.phones.isEmpty
        let emailsKnown = email != nil && recordEmail != nil
        let anyAgrees = (phonesKnown && !phones.isDisjoint(with: r.phones)) || (emailsKnown && email == recordEmail)
        let anyDisagrees = (phonesKnown && phones.isDisjoint(with: r.phones)) || (emailsKnown && email != recordEmail)
        return anyDisagrees && !anyAgrees
    }

    /// Fuzzy tiers need a full name on both sides — a probe with only a phone or an e-mail never
    /// matches, so a shared number alone merges no one — and birth dates that do not disagree.
    private static func fuzzyNameAndBirth(_ probe: MatchProbe, _ r: MatchableRecord) -> Bool {
        guard let first = present(probe.firstName), let last = present(probe.lastName),
              let rf = present(r.firstName), let rl = present(r.lastName) else { return false }
        if let a = probe.dateOfBirth, let b = r.dateOfBirth, a != b { return false }
        return NameSimilarity.fuzzyMatch(first: first, last: last, first: rf, last: rl, birthConfirmed: birthConfirmed(probe, r))
    }

    private static func birthConfirmed(_ probe: MatchProbe, _ r: MatchableRecord) -> Bool {
        probe.dateOfBirth != nil && probe.dateOfBirth == r.dateOfBirth
    }

    private static func present(_ s: String?) -> String? {
        guard let s, !s.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return nil }
        return s
    }

    private static func sortedIds(_ records: [MatchableRecord]) -> [UUID] {
        Set(records.map(\.id)).sorted { $0.sortsBefore($1) }
    }
}
