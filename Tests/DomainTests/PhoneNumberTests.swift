import Testing
import Domain

@Suite("Phone numbers normalise to E.164")
struct PhoneNumberTests {
    @Test("US shapes integrators send become +1 numbers", arguments: [
        "(212) 555-0123",
        "212.555.0123",
        "212-555-0123",
        "2125550123",
        "+1 212 555 0123",
        "+12125550123",
        "1-212-555-0123",
        "1 (212) 555-0123",
        "212-555-0123 x123",
        "212-555-0123 ext. 45",
        "212 555 0123 #9",
        "tel: 212 555 0123",
        "Phone: 212-555-0123",
    ])
    func usNumbers(raw: String) {
        #expect(PhoneNumber.normalize(raw) == "+12125550123")
    }

    @Test("International numbers, with + or the US 011 exit code", arguments: [
        ("011 44 20 7946 0958", "+442079460958"),
        ("+44 20 7946 0958", "+442079460958"),
        ("+49 30 901820", "+4930901820"),
    ])
    func international(raw: String, expected: String) {
        #expect(PhoneNumber.normalize(raw) == expected)
    }

    @Test("Numbers that cannot be dialled are refused", arguments: [
        "555-0123",          // seven digits: no area code
        "123-456-7890",      // area code starting with 1
        "212-155-0123",      // exchange starting with 1
        "+1 123 456 7890",   // NANP rules apply to +1 too
        "22125550123",       // eleven digits not starting with the country code 1
        "1-800-FLOWERS",     // vanity letters are not guessed at
        "212-555-O123",      // letter O for zero
        "+0 20 7946 0958",   // no country code starts with 0
        "+123",              // too short
        "abc",
        "",
        "   ",
    ])
    func refused(raw: String) {
        #expect(PhoneNumber.normalize(raw) == nil)
    }
}

@Suite("Phone numbers: international trunk prefix")
struct PhoneNumberTrunkPrefixTests {
    /// "(0)" is the domestic trunk prefix, written in brackets because it is *not* dialled from
    /// abroad; it never belongs in an E.164 number. "+4402079460958" would be a wrong number.
    @Test("\"+44 (0)20 7946 0958\" drops the bracketed trunk 0", arguments: ["+44 (0)20 7946 0958", "+44 (0) 20 7946 0958"])
    func bracketedTrunkZero(raw: String) {
        #expect(PhoneNumber.normalize(raw) == "+442079460958")
    }
}
