import Foundation
import Testing
import Domain

private func level(_ field: MatchField, _ a: MatchableRecord, _ b: MatchableRecord) -> MatchLevel? {
    ProbabilisticMatcher.levels(a, b).first { $0.0 == field }?.1
}

private func person(_ n: Int, _ first: String? = "Maria", _ last: String? = "Garcia", dob: CalendarDate? = nil, phones: [String] = [],
                    email: String? = nil, gender: Gender? = nil, address: String? = nil, city: String? = nil,
                    state: USState? = nil, zip: String? = nil) -> MatchableRecord {
    MatchableRecord(id: MatchFixture.pid(n), firstName: first, lastName: last, dateOfBirth: dob, phones: phones, email: email,
                    gender: gender, address: address, city: city, state: state, zip: zip)
}

@Suite("Probabilistic tier: comparison levels")
struct ComparisonLevelTests {
    @Test("names: exact (case, accents, nicknames), high, low, different; missing has no level")
    func names() {
        let a = person(1, "José", "O'Brien")
        #expect(level(.givenName, a, person(2, "jose", "OBrien")) == .exact)
        #expect(level(.familyName, a, person(2, "jose", "OBrien")) == .exact)
        #expect(level(.givenName, person(1, "Robert"), person(2, "Bob")) == .exact)
        #expect(level(.givenName, person(1, "Katherine"), person(2, "Katharine")) == .high)
        #expect(level(.familyName, person(1, "A", "Peterson"), person(2, "A", "Pedersen")) == .low)
        #expect(level(.givenName, person(1, "John"), person(2, "Jane")) == .different)
        #expect(level(.givenName, person(1, nil), person(2, "Jane")) == nil)
    }

    @Test("date of birth: exact, day-month swap, transposed digits, year off by one, one digit, different")
    func dates() {
        let d = MatchFixture.date
        let a = person(1, dob: d(1984, 3, 12))
        #expect(level(.dateOfBirth, a, person(2, dob: d(1984, 3, 12))) == .exact)
        #expect(level(.dateOfBirth, a, person(2, dob: d(1984, 12, 3))) == .dayMonthSwap)
        #expect(level(.dateOfBirth, a, person(2, dob: d(1948, 3, 12))) == .transposedDigits)
        #expect(level(.dateOfBirth, a, person(2, dob: d(1985, 3, 12))) == .yearOffByOne)
        #expect(level(.dateOfBirth, a, person(2, dob: d(1984, 3, 17))) == .oneDigit)
        #expect(level(.dateOfBirth, a, person(2, dob: d(1990, 7, 4))) == .different)
    }

    @Test("sex, address, city, zip, state, phone, e-mail")
    func others() {
        let a = person(1, gender: .female, address: "12 Main Street", city: "Springfield", state: .illinois, zip: "62701-1234")
        let same = person(2, gender: .female, address: "12 MAIN STREET", city: "springfield", state: .illinois, zip: "62701")
        #expect(level(.sex, a, same) == .exact)
        #expect(level(.address, a, same) == .exact)
        #expect(level(.city, a, same) == .exact)
        #expect(level(.zip, a, same) == .exact)
        #expect(level(.state, a, same) == .exact)
        let near = person(2, gender: .male, address: "12 Main Stret", city: "Sprinfield", state: .missouri, zip: "62702")
        #expect(level(.sex, a, near) == .different)
        #expect(level(.address, a, near) == .high)
        #expect(level(.city, a, near) == .high)
        #expect(level(.zip, a, near) == .different)
        #expect(level(.state, a, near) == .different)
        #expect(level(.sex, a, person(2, gender: .unknown)) == nil)
        #expect(level(.phone, person(1, phones: ["+12125550123", "+16465550199"]), person(2, phones: ["+16465550199"])) == .exact)
        #expect(level(.phone, person(1, phones: ["+12125550123"]), person(2, phones: ["+16465550199"])) == .different)
        #expect(level(.email, person(1, email: "Ann@x.test"), person(2, email: "ann@x.test")) == .exact)
        #expect(level(.email, person(1, email: "ann@x.test"), person(2, email: "bob@x.test")) == .different)
    }
}

@Suite("Probabilistic tier: weights")
struct MatchWeightsTests {
    @Test("the defaults cover every level of every field, m and u each sum to 1, agreement weighs for, disagreement against")
    func defaults() throws {
        let w = MatchWeights.defaults
        try MatchWeightsAdopted(weights: w, pairs: 0, iterations: 0).checkLimits()
        for field in MatchField.allCases {
            let ps = field.levels.map { w.probabilities(field, $0) }
            #expect(abs(ps.map(\.m).reduce(0, +) - 1) < 1e-9, "\(field) m")
            #expect(abs(ps.map(\.u).reduce(0, +) - 1) < 1e-9, "\(field) u")
            #expect(w.probabilities(field, .exact).weight > 0 && w.probabilities(field, .different).weight < 0, "\(field)")
        }
        #expect(w.reviewThreshold < w.automaticThreshold)
    }

    @Test("a rare surname agreeing weighs more than a common one (term frequency from the organization's patients)")
    func termFrequency() {
        var records = (0..<200).map { person(100 + $0, "P\($0)", "Smith") }
        records.append(person(1, "Ann", "Oyelaran"))
        let index = MatchFixture.index(records)
        let w = MatchWeights.defaults
        let common = ProbabilisticMatcher.compare(person(900, "X", "Smith"), person(2, "Y", "Smith"), index: index, weights: w)
        let rare = ProbabilisticMatcher.compare(person(900, "X", "Oyelaran"), person(1, "Y", "Oyelaran"), index: index, weights: w)
        let weight = { (e: [FieldEvidence]) in e.first { $0.field == .familyName }!.weight }
        #expect(weight(rare) > weight(common) + 3)
        // Counts follow changes: a patient renamed away from Oyelaran no longer counts.
        var moved = index
        moved.put(person(1, "Ann", "Smith"))
        #expect(moved.count(familyName: "oyelaran") == 0 && moved.count(familyName: "smith") == 201)
    }

    @Test("EM on a small fixture learns that a shared birth date and surname mark the same person")
    func estimation() {
        // 300 people; 60 of them again with one typo each in a name, and some with a slip in the date.
        let given = ["Anna", "Bruno", "Carla", "Dmitri", "Elena", "Farid", "Greta", "Hiro", "Ines", "Jonas", "Kofi", "Lena"]
        let family = ["Novak", "Okafor", "Pereira", "Quinn", "Rossi", "Sato", "Tanaka", "Ueda", "Varga", "Weber", "Xu", "Yilmaz", "Zeller"]
        var records: [MatchableRecord] = []
        for i in 0..<300 {
            let dob = MatchFixture.date(1940 + i % 60, 1 + i % 12, 1 + (i * 7) % 28)
            // Surnames mostly distinct, as in a real practice: a stem and two syllables.
            let last = family[i % family.count] + ["an", "ber", "cot", "dal", "ek", "for", "gan", "hol", "is", "jur"][i % 10]
                + ["a", "e", "i", "o", "u", "y"][(i / 10) % 6]
            records.append(person(i, given[i % given.count], last, dob: dob, city: "Town \(i % 9)"))
        }
        for i in 0..<60 {
            let r = records[i * 5]
            var last = r.lastName!
            last.insert("e", at: last.index(before: last.endIndex))
            let dob = i % 3 == 0 ? MatchFixture.date(r.dateOfBirth!.year + 1, r.dateOfBirth!.month, r.dateOfBirth!.day) : r.dateOfBirth
            records.append(person(1000 + i, r.firstName, last, dob: dob, city: r.city))
        }
        let index = MatchFixture.index(records)
        let estimated = MatchWeightsEstimation.estimate(index: index, version: "test-em", randomPairs: 20_000)
        let w = estimated.weights
        #expect(w.version == "test-em")
        #expect(estimated.pairs > 60 && estimated.iterations >= 1)
        #expect(w.probabilities(.dateOfBirth, .exact).weight > 5)
        #expect(w.probabilities(.dateOfBirth, .yearOffByOne).m > w.probabilities(.dateOfBirth, .yearOffByOne).u)
        #expect(w.probabilities(.familyName, .different).weight < 0)
        #expect(w.prior > 0 && w.prior <= 0.5)  // clamped at 0.5: on 360 records EM overrates the prior (docs/matching.md)
        // The estimate is a valid adopted version, and deterministic.
        #expect((try? MatchWeightsAdopted(weights: w, pairs: estimated.pairs, iterations: estimated.iterations).checkLimits()) != nil)
        #expect(MatchWeightsEstimation.estimate(index: index, version: "test-em", randomPairs: 20_000) == estimated)
    }
}
