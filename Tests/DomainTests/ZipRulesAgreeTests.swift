import Domain
import Testing

/// The strict batch and the forgiving upsert read a ZIP code with one rule: what one stores, the
/// other stores the same way; what the batch refuses, the upsert drops.
@Suite("ZIP codes: batch and upsert agree")
struct ZipRulesAgreeTests {
    @Test("same canonical value or same refusal", arguments: [
        ("12345", "12345"), ("12345-6789", "12345-6789"), ("123456789", "12345-6789"), ("12345 6789", "12345-6789"),
        (" 02134 ", "02134"), ("1234", nil), ("12345-67", nil), ("SW1A 1AA", nil), ("12345--6789", nil), ("１２３４５", nil),
    ] as [(String, String?)])
    func agree(input: String, stored: String?) throws {
        var item = Fixture.draft(); item.zip = input
        let batch = try? Fixture.batch([item]).compactMap(\.createdPatient).first?.profile.zip
        let upsert = UpsertFixture.normalize(UpsertFixture.draft { $0.zip = input })
        #expect(batch == stored, "batch")
        #expect(upsert.zip == stored, "upsert")
        #expect(upsert.droppedFields.contains("zip") == (stored == nil))
        if stored == nil { #expect(Fixture.batchRefusal([item])?.field == "items[0].zip") }
    }
}
