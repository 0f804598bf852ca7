import Testing
import Domain

@Suite("E-mail addresses")
struct EmailAddressTests {
    @Test("Trimmed, domain lower-cased, local part kept as sent", arguments: [
        ("  Maria.Garcia@Example.COM \n", "Maria.Garcia@example.com"),
        ("jane+intake@Sub.Example.org", "jane+intake@sub.example.org"),
        ("o'brien@clinic.co.uk", "o'brien@clinic.co.uk"),
        ("a@b.io", "a@b.io"),
    ])
    func normalised(raw: String, expected: String) {
        #expect(EmailAddress.normalize(raw) == expected)
    }

    @Test("Malformed addresses are refused", arguments: [
        "",
        "jane.example.com",        // no @
        "jane@",                   // no domain
        "@example.com",            // no local part
        "jane..doe@example.com",   // double dot in local part
        ".jane@example.com",
        "jane.@example.com",
        "jane@example..com",       // double dot in domain
        "jane@example.com.",
        "jane@example",            // no TLD
        "jane@example.c",          // one-letter TLD
        "jane@example.123",        // numeric TLD
        "jane@-example.com",
        "jane@exam ple.com",
        "ja ne@example.com",
        "a@b@example.com",
    ])
    func refused(raw: String) {
        #expect(EmailAddress.normalize(raw) == nil)
    }
}
