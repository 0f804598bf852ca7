import Foundation
import Testing
import Domain

private let dob = MatchFixture.date(1984, 2, 29)
private let otherDob = MatchFixture.date(1990, 7, 4)
private let phone = "+12125550123"
private let otherPhone = "+16465550199"

@Suite("Patient matcher: tiers")
struct PatientMatcherTierTests {
    @Test("tier 1: the holder of the external id")
    func externalId() {
        let mrn = ExternalIdValue(typeId: Fixture.mrnTypeId, value: "MRN-1")
        let records = [MatchFixture.record(1, "Maria", "Garcia", dob: dob)]
        let outcome = MatchFixture.match(MatchProbe(externalId: mrn), records, holders: [mrn: MatchFixture.pid(1)])
        #expect(outcome == .matched(MatchFixture.pid(1), .externalId))
    }

    @Test("an unknown external id falls through to the next tiers")
    func unknownExternalId() {
        let records = [MatchFixture.record(1, "Maria", "Garcia", dob: dob)]
        let probe = MatchProbe(externalId: ExternalIdValue(typeId: Fixture.mrnTypeId, value: "NEW"), firstName: "Maria", lastName: "Garcia", dateOfBirth: dob)
        #expect(MatchFixture.match(probe, records) == .matched(MatchFixture.pid(1), .demographics))
    }

    @Test("tier priority: the external id wins over demographics that point at someone else")
    func externalIdBeatsDemographics() {
        let mrn = ExternalIdValue(typeId: Fixture.mrnTypeId, value: "MRN-2")
        let records = [MatchFixture.record(1, "Maria", "Garcia", dob: dob), MatchFixture.record(2, "Mary", "Jones", dob: otherDob)]
        let probe = MatchProbe(externalId: mrn, firstName: "Maria", lastName: "Garcia", dateOfBirth: dob)
        #expect(MatchFixture.match(probe, records, holders: [mrn: MatchFixture.pid(2)]) == .matched(MatchFixture.pid(2), .externalId))
    }

    @Test("tier priority: demographics win over a phone shared with someone else")
    func demographicsBeatPhone() {
        let records = [MatchFixture.record(1, "Maria", "Garcia", dob: dob),
                       MatchFixture.record(2, "Maria", "Garcia", phones: [phone])]
        let probe = MatchProbe(firstName: "Maria", lastName: "Garcia", dateOfBirth: dob, phones: [phone])
        #expect(MatchFixture.match(probe, records) == .matched(MatchFixture.pid(1), .demographics))
    }

    @Test("tier 2: first, last and birth date, ignoring case, accents, hyphens and apostrophes", arguments: [
        ("maria", "GARCIA"), ("María", "García"), ("Maria", "Garcia"), (" maria ", "garcia"),
    ])
    func demographics(_ first: String, _ last: String) {
        let records = [MatchFixture.record(1, "Maria", "Garcia", dob: dob), MatchFixture.record(2, "Maria", "Garcia", dob: otherDob)]
        #expect(MatchFixture.match(MatchProbe(firstName: first, lastName: last, dateOfBirth: dob), records) == .matched(MatchFixture.pid(1), .demographics))
    }

    @Test("tier 2: apostrophes and hyphens folded")
    func punctuation() {
        let records = [MatchFixture.record(1, "Mary-Kate", "O'Brien", dob: dob)]
        #expect(MatchFixture.match(MatchProbe(firstName: "mary kate", lastName: "OBrien", dateOfBirth: dob), records)
                == .matched(MatchFixture.pid(1), .demographics))
    }

    @Test("tier 2: token subset on each name separately", arguments: [
        ("Mary", "Smith"), ("Mary Ann", "Smith"), ("Mary", "Smith-Jones"), ("Mary Ann", "Smith Jones"),
    ])
    func tokenSubset(_ first: String, _ last: String) {
        let records = [MatchFixture.record(1, "Mary Ann", "Smith-Jones", dob: dob)]
        #expect(MatchFixture.match(MatchProbe(firstName: first, lastName: last, dateOfBirth: dob), records)
                == .matched(MatchFixture.pid(1), .demographics))
    }

    @Test("tier 2: a token subset across first and last (Mary Smith vs Ann Smith) is not a match")
    func subsetIsPerName() {
        let records = [MatchFixture.record(1, "Mary Ann", "Smith", dob: dob)]
        #expect(MatchFixture.match(MatchProbe(firstName: "Ann Mary", lastName: "Jones", dateOfBirth: dob), records) == .none)
        #expect(MatchFixture.match(MatchProbe(firstName: "Marianne", lastName: "Smith", dateOfBirth: dob), records) == .none)
    }

    @Test("tier 2: first and last swapped")
    func swapped() {
        let records = [MatchFixture.record(1, "Wei", "Zhang", dob: dob)]
        #expect(MatchFixture.match(MatchProbe(firstName: "Zhang", lastName: "Wei", dateOfBirth: dob), records)
                == .matched(MatchFixture.pid(1), .demographics))
    }

    @Test("tier 2 needs first, last and birth date")
    func demographicsIncomplete() {
        let records = [MatchFixture.record(1, "Maria", "Garcia", dob: dob)]
        #expect(MatchFixture.match(MatchProbe(firstName: "Maria", lastName: "Garcia"), records) == .none)
        #expect(MatchFixture.match(MatchProbe(firstName: "Maria", dateOfBirth: dob), records) == .none)
        #expect(MatchFixture.match(MatchProbe(firstName: "Maria", lastName: "Garcia", dateOfBirth: otherDob), records) == .none)
    }

    @Test("tier 2: an exact name is preferred over a longer form of it born the same day")
    func exactBeforeSubset() {
        let records = [MatchFixture.record(1, "Mary", "Smith", dob: dob), MatchFixture.record(2, "Mary Ann", "Smith", dob: dob)]
        #expect(MatchFixture.match(MatchProbe(firstName: "Mary", lastName: "Smith", dateOfBirth: dob), records)
                == .matched(MatchFixture.pid(1), .demographics))
    }

    @Test("tier 2: a namesake born the same day whose phone and e-mail both differ is not a match")
    func namesakeWithOtherContacts() {
        let records = [MatchFixture.record(1, "John", "Smith", dob: dob, phones: [otherPhone], email: "js@one.test")]
        #expect(MatchFixture.match(MatchProbe(firstName: "John", lastName: "Smith", dateOfBirth: dob, phones: [phone]), records) == .none)
        #expect(MatchFixture.match(MatchProbe(firstName: "John", lastName: "Smith", dateOfBirth: dob, email: "john@two.test"), records) == .none)
        // One contact agreeing is enough: a new phone with the known e-mail is still that patient.
        #expect(MatchFixture.match(MatchProbe(firstName: "John", lastName: "Smith", dateOfBirth: dob, phones: [phone], email: "JS@one.test"), records)
                == .matched(MatchFixture.pid(1), .demographics))
        // No contact details to compare: the seed's rule alone decides.
        #expect(MatchFixture.match(MatchProbe(firstName: "John", lastName: "Smith", dateOfBirth: dob), records)
                == .matched(MatchFixture.pid(1), .demographics))
    }

    @Test("tier 3: a shared phone and a similar name")
    func phoneFuzzy() {
        let records = [MatchFixture.record(1, "Jonathan", "Whitaker", dob: dob, phones: [phone])]
        for (first, last) in [("Jonathan", "Whitaker"), ("Jonahtan", "Whitaker"), ("Jonathan", "Whittaker"), ("Jonathan", "Witaker"), ("Whitaker", "Jonathan")] {
            #expect(MatchFixture.match(MatchProbe(firstName: first, lastName: last, phones: [phone]), records)
                    == .matched(MatchFixture.pid(1), .phoneFuzzyName), "\(first) \(last)")
        }
    }

    @Test("tier 3 via the additional phone, in either direction")
    func additionalPhone() {
        let records = [MatchFixture.record(1, "Ana", "Lopez", phones: [otherPhone, phone])]
        #expect(MatchFixture.match(MatchProbe(firstName: "Ana", lastName: "Lopez", phones: ["+13125550100", phone]), records)
                == .matched(MatchFixture.pid(1), .phoneFuzzyName))
    }

    @Test("tier 3: nicknames", arguments: [
        ("Bob", "Robert"), ("Rob", "Robert"), ("Bill", "William"), ("Liz", "Elizabeth"), ("Beth", "Elizabeth"),
        ("Katie", "Catherine"), ("Jim", "James"), ("Mike", "Michael"), ("Peggy", "Margaret"), ("Dick", "Richard"),
        ("Jenny", "Jennifer"), ("Chris", "Christopher"), ("Chris", "Christine"), ("Sam", "Samantha"), ("Tony", "Anthony"),
    ])
    func nicknames(_ nick: String, _ formal: String) {
        let records = [MatchFixture.record(1, formal, "Okafor", phones: [phone])]
        #expect(MatchFixture.match(MatchProbe(firstName: nick, lastName: "Okafor", phones: [phone]), records)
                == .matched(MatchFixture.pid(1), .phoneFuzzyName))
        let reversed = [MatchFixture.record(1, nick, "Okafor", phones: [phone])]
        #expect(MatchFixture.match(MatchProbe(firstName: formal, lastName: "Okafor", phones: [phone]), reversed)
                == .matched(MatchFixture.pid(1), .phoneFuzzyName))
    }

    @Test("tier 3: birth dates that disagree block the match; a missing one does not")
    func birthDisagreement() {
        let records = [MatchFixture.record(1, "Maria", "Garcia", dob: dob, phones: [phone])]
        #expect(MatchFixture.match(MatchProbe(firstName: "Maria", lastName: "Garcia", dateOfBirth: otherDob, phones: [phone]), records) == .none)
        #expect(MatchFixture.match(MatchProbe(firstName: "Maria", lastName: "Garcia", phones: [phone]), records)
                == .matched(MatchFixture.pid(1), .phoneFuzzyName))
        let noDob = [MatchFixture.record(1, "Maria", "Garcia", phones: [phone])]
        #expect(MatchFixture.match(MatchProbe(firstName: "Maria", lastName: "Garcia", dateOfBirth: otherDob, phones: [phone]), noDob)
                == .matched(MatchFixture.pid(1), .phoneFuzzyName))
    }

    @Test("a probe with a phone and no name never matches, nor one with half a name")
    func phoneOnly() {
        let records = [MatchFixture.record(1, "Maria", "Garcia", dob: dob, phones: [phone], email: "maria@example.com")]
        #expect(MatchFixture.match(MatchProbe(phones: [phone]), records) == .none)
        #expect(MatchFixture.match(MatchProbe(phones: [phone], email: "maria@example.com"), records) == .none)
        #expect(MatchFixture.match(MatchProbe(firstName: "Maria", phones: [phone]), records) == .none)
        #expect(MatchFixture.match(MatchProbe(dateOfBirth: dob, phones: [phone]), records) == .none)
    }

    @Test("tier 3: relatives sharing the household phone are not merged", arguments: [
        "Jane", "Juan", "Eric", "Erica", "Mario", "Daniela", "Christopher",
    ])
    func household(_ first: String) {
        let relatives: [String: String] = ["Jane": "John", "Juan": "Jose", "Eric": "Erica", "Erica": "Eric", "Mario": "Maria",
                                           "Daniela": "Daniel", "Christopher": "Christine"]
        let records = [MatchFixture.record(1, relatives[first]!, "Smith", dob: dob, phones: [phone])]
        #expect(MatchFixture.match(MatchProbe(firstName: first, lastName: "Smith", phones: [phone]), records) == .none)
    }

    @Test("tier 3: a different e-mail without a confirming birth date blocks the match")
    func phoneTierEmailVeto() {
        let records = [MatchFixture.record(1, "John", "Smith", dob: dob, phones: [phone], email: "john.sr@example.com")]
        #expect(MatchFixture.match(MatchProbe(firstName: "John", lastName: "Smith", phones: [phone], email: "johnjr@example.com"), records) == .none)
        #expect(MatchFixture.match(MatchProbe(firstName: "Jhon", lastName: "Smith", dateOfBirth: dob, phones: [phone], email: "johnjr@example.com"), records)
                == .matched(MatchFixture.pid(1), .phoneFuzzyName))
    }

    @Test("tier 4: a shared e-mail (any case) and a similar name")
    func emailFuzzy() {
        let records = [MatchFixture.record(1, "Oluwaseun", "Adeyemi", dob: dob, email: "Seun.Adeyemi@example.com")]
        #expect(MatchFixture.match(MatchProbe(firstName: "Oluwasuen", lastName: "Adeyemi", email: "seun.adeyemi@EXAMPLE.com"), records)
                == .matched(MatchFixture.pid(1), .emailFuzzyName))
        #expect(MatchFixture.match(MatchProbe(firstName: "Oluwaseun", lastName: "Adeyemi", dateOfBirth: otherDob, email: "seun.adeyemi@example.com"), records)
                == .none)
        #expect(MatchFixture.match(MatchProbe(email: "seun.adeyemi@example.com"), records) == .none)
    }

    @Test("tier 4: people sharing a family mailbox are not merged")
    func familyMailbox() {
        let records = [MatchFixture.record(1, "Keisha", "Washington", dob: dob, phones: [otherPhone], email: "washingtons@example.com")]
        #expect(MatchFixture.match(MatchProbe(firstName: "Tyrone", lastName: "Washington", email: "washingtons@example.com"), records) == .none)
        // A similar name, but a different phone and nothing to confirm the birth date.
        #expect(MatchFixture.match(MatchProbe(firstName: "Keisha", lastName: "Washington", phones: [phone], email: "washingtons@example.com"), records) == .none)
    }
}

@Suite("Patient matcher: ambiguity")
struct PatientMatcherAmbiguityTests {
    @Test("tier 2: two patients with the same name and birth date → ambiguous, ids sorted")
    func demographicsAmbiguous() {
        let records = [MatchFixture.record(2, "John", "Smith", dob: dob), MatchFixture.record(1, "John", "Smith", dob: dob)]
        #expect(MatchFixture.match(MatchProbe(firstName: "John", lastName: "Smith", dateOfBirth: dob), records)
                == .ambiguous(.demographics, [MatchFixture.pid(1), MatchFixture.pid(2)]))
    }

    @Test("tier 2: two patients matching only by token subset → ambiguous")
    func subsetAmbiguous() {
        let records = [MatchFixture.record(1, "Mary Ann", "Smith", dob: dob), MatchFixture.record(2, "Mary Beth", "Smith", dob: dob)]
        #expect(MatchFixture.match(MatchProbe(firstName: "Mary", lastName: "Smith", dateOfBirth: dob), records)
                == .ambiguous(.demographics, [MatchFixture.pid(1), MatchFixture.pid(2)]))
    }

    @Test("tier 2: contact details can settle what names and birth date cannot")
    func contactsSettle() {
        let records = [MatchFixture.record(1, "John", "Smith", dob: dob, phones: [phone]),
                       MatchFixture.record(2, "John", "Smith", dob: dob, phones: [otherPhone])]
        #expect(MatchFixture.match(MatchProbe(firstName: "John", lastName: "Smith", dateOfBirth: dob, phones: [otherPhone]), records)
                == .matched(MatchFixture.pid(2), .demographics))
    }

    @Test("tier 3: two patients sharing the phone with similar names → ambiguous")
    func phoneAmbiguous() {
        let records = [MatchFixture.record(1, "Christopher", "Lee", phones: [phone]), MatchFixture.record(2, "Christine", "Lee", phones: [phone])]
        #expect(MatchFixture.match(MatchProbe(firstName: "Chris", lastName: "Lee", phones: [phone]), records)
                == .ambiguous(.phoneFuzzyName, [MatchFixture.pid(1), MatchFixture.pid(2)]))
    }

    @Test("tier 3: one patient found through both phones is one match, not two")
    func samePatientTwice() {
        let records = [MatchFixture.record(1, "Ana", "Lopez", phones: [phone, otherPhone])]
        #expect(MatchFixture.match(MatchProbe(firstName: "Ana", lastName: "Lopez", phones: [phone, otherPhone]), records)
                == .matched(MatchFixture.pid(1), .phoneFuzzyName))
    }

    @Test("tier 4: two patients sharing the e-mail with similar names → ambiguous")
    func emailAmbiguous() {
        let records = [MatchFixture.record(1, "Sam", "Cohen", email: "cohen@example.com"), MatchFixture.record(2, "Samuel", "Cohen", email: "cohen@example.com")]
        #expect(MatchFixture.match(MatchProbe(firstName: "Sam", lastName: "Cohen", email: "cohen@example.com"), records)
                == .ambiguous(.emailFuzzyName, [MatchFixture.pid(1), MatchFixture.pid(2)]))
    }
}

@Suite("Name similarity")
struct NameSimilarityTests {
    @Test("Jaro-Winkler reference values")
    func jaroWinkler() {
        #expect(abs(JaroWinkler.similarity("martha", "marhta") - 0.9611) < 0.001)
        #expect(abs(JaroWinkler.similarity("dixon", "dicksonx") - 0.8133) < 0.001)
        #expect(abs(JaroWinkler.similarity("jellyfish", "smellyfish") - 0.8963) < 0.001)
        #expect(JaroWinkler.similarity("", "") == 1)
        #expect(JaroWinkler.similarity("abc", "") == 0)
        #expect(JaroWinkler.similarity("same", "same") == 1)
    }

    @Test("folding: case, accents, apostrophes, hyphens")
    func folding() {
        #expect(NameFolding.fold("  José-María  O'Neil ") == "jose maria oneil")
        #expect(NameFolding.tokens("St. John-Smythe") == ["st", "john", "smythe"])
    }

    @Test("similarity: best of as given, swapped and nicknames")
    func similarity() {
        #expect(NameSimilarity.similarity(first: "Robert", last: "Nguyen", first: "Robert", last: "Nguyen") == 1)
        #expect(NameSimilarity.similarity(first: "Nguyen", last: "Robert", first: "Robert", last: "Nguyen") == 1)
        #expect(NameSimilarity.similarity(first: "Bob", last: "Nguyen", first: "Robert", last: "Nguyen") == 1)
        #expect(NameSimilarity.similarity(first: "Zed", last: "Quux", first: "Robert", last: "Nguyen") < 0.6)
    }

    @Test("two formal names never meet through a shared nickname")
    func formalNamesStayApart() {
        #expect(Nicknames.equivalent("chris", "christopher"))
        #expect(Nicknames.equivalent("chris", "christine"))
        #expect(!Nicknames.equivalent("christopher", "christine"))
        #expect(Nicknames.equivalent("bob", "rob"))
        #expect(!Nicknames.equivalent("samuel", "samantha"))
    }
}

@Suite("Patient matcher: precision guards")
struct PatientMatcherGuardTests {
    @Test("tier 2: when a name and birthday are shared, the one left must share a contact")
    func nonUniqueDemographics() {
        let records = [MatchFixture.record(1, "Marco", "Gaines", dob: dob, phones: [otherPhone]),
                       MatchFixture.record(2, "Marco", "Gaines", dob: dob)]
        #expect(MatchFixture.match(MatchProbe(firstName: "Marco", lastName: "Gaines", dateOfBirth: dob, phones: [phone]), records)
                == .ambiguous(.demographics, [MatchFixture.pid(1), MatchFixture.pid(2)]))
        #expect(MatchFixture.match(MatchProbe(firstName: "Marco", lastName: "Gaines", dateOfBirth: dob, phones: [otherPhone]), records)
                == .matched(MatchFixture.pid(1), .demographics))
    }

    @Test("given-name slips forgiven with a confirming birth date", arguments: [
        ("Hassann", "Hassan"), ("Michele", "Michelle"), ("Alexanderr", "Alexander"), ("Ricjard", "Richard"),
        ("Mray", "Mary"), ("Jmaes", "James"), ("Prita", "Priya"), ("DeShawb", "DeShawn"),
    ])
    func slipsWithBirthDate(_ typed: String, _ real: String) {
        let records = [MatchFixture.record(1, real, "Stewart", dob: dob, phones: [phone])]
        #expect(MatchFixture.match(MatchProbe(firstName: typed, lastName: "Stewart", dateOfBirth: dob, phones: [phone]), records)
                == .matched(MatchFixture.pid(1), .phoneFuzzyName))
    }

    @Test("without a birth date only swaps and doubled letters are forgiven")
    func slipsWithoutBirthDate() {
        let records = [MatchFixture.record(1, "Jonathan", "Stewart", dob: dob, phones: [phone])]
        #expect(MatchFixture.match(MatchProbe(firstName: "Jonahtan", lastName: "Stewart", phones: [phone]), records)
                == .matched(MatchFixture.pid(1), .phoneFuzzyName))
        #expect(MatchFixture.match(MatchProbe(firstName: "Jonnathan", lastName: "Stewart", phones: [phone]), records)
                == .matched(MatchFixture.pid(1), .phoneFuzzyName))
        #expect(MatchFixture.match(MatchProbe(firstName: "Jonathon", lastName: "Stewart", phones: [phone]), records) == .none)
        #expect(MatchFixture.match(MatchProbe(firstName: "Jonathon", lastName: "Stewart", dateOfBirth: dob, phones: [phone]), records) == .none)
    }

    @Test("names one slip apart that are different names are never merged, birth date or not", arguments: [
        ("Patrice", "Patrick"), ("Julia", "Julian"), ("Carlo", "Carlos"), ("Christian", "Christina"), ("Francis", "Frances"),
        ("Marie", "Maria"), ("Ella", "Emma"), ("Jon", "Jan"),
    ])
    func differentNames(_ a: String, _ b: String) {
        let records = [MatchFixture.record(1, b, "Ito", dob: dob, phones: [phone])]
        #expect(MatchFixture.match(MatchProbe(firstName: a, lastName: "Ito", dateOfBirth: dob, phones: [phone]), records) == .none)
        #expect(MatchFixture.match(MatchProbe(firstName: a, lastName: "Ito", phones: [phone]), records) == .none)
    }

    @Test("a relative with a near-identical name on the household phone, no birth date: not merged")
    func nearIdenticalRelative() {
        let records = [MatchFixture.record(1, "Alejandra", "Zhou", dob: dob, phones: [phone])]
        #expect(MatchFixture.match(MatchProbe(firstName: "Alexandra", lastName: "Zhou", phones: [phone]), records) == .none)
        let marco = [MatchFixture.record(1, "Marco", "Friedman", dob: dob, phones: [phone])]
        #expect(MatchFixture.match(MatchProbe(firstName: "Mario", lastName: "Friedman", phones: [phone]), marco) == .none)
    }

    @Test("family names: a swap in a three-letter name is a slip (Liu/Lui)")
    func shortFamilyName() {
        let records = [MatchFixture.record(1, "Francisco", "Liu", dob: dob, email: "fliu@example.com")]
        #expect(MatchFixture.match(MatchProbe(firstName: "Francisco", lastName: "Lui", dateOfBirth: dob, email: "FLIU@example.com"), records)
                == .matched(MatchFixture.pid(1), .emailFuzzyName))
    }
}
