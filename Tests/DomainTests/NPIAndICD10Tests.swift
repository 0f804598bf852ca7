import Testing
import Domain

@Suite("NPI check digit and ICD-10 codes")
struct NPIAndICD10Tests {
    @Test("NPI: ten digits with a Luhn check digit over 80840 + the first nine", arguments: [
        ("1234567893", true),
        ("1245319599", true),
        ("1234567890", false),   // wrong check digit
        ("1234567894", false),
        ("123456789", false),    // nine digits
        ("12345678930", false),  // eleven digits
        ("123456789A", false),
        ("1234 67893", false),
        ("", false),
    ])
    func npi(text: String, valid: Bool) {
        #expect(NPI.isValid(text) == valid)
    }

    @Test("ICD-10 codes are upper-cased with the dot after the third character", arguments: [
        ("m545", "M54.5"),
        ("M54.5", "M54.5"),
        (" j45.909 ", "J45.909"),
        ("E11", "E11"),
        ("s72001a", "S72.001A"),
        ("M1A0", "M1A.0"),
    ])
    func icd10(raw: String, expected: String) {
        #expect(ICD10.normalize(raw) == expected)
    }

    @Test("Strings that are not ICD-10 codes are refused", arguments: [
        "", "M5", "545", "MM45", "M54.5X1AB", "M54-5", "Ü54.5",
    ])
    func icd10Refused(raw: String) {
        #expect(ICD10.normalize(raw) == nil)
    }
}
