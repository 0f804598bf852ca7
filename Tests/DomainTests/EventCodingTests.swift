import Foundation
import Testing
import Domain

@Suite("Event JSON field names (what analytics consumers read)")
struct EventCodingTests {
    static func keys(_ data: Data) throws -> Set<String> {
        let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        return Set(try #require(object).keys)
    }

    @Test("PatientCreated uses snake_case names and the source enum's raw value")
    func patientCreated() throws {
        let events = try Fixture.batch([Fixture.fullDraft()], context: Fixture.context(channel: .chat_agent))
        let created = try #require(events.compactMap(\.createdPatient).first)
        let data = try JSONEncoder().encode(created)
        #expect(try Self.keys(data) == ["patient_id", "profile", "tag_ids", "referrals", "external_ids", "created_from"])
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["created_from"] as? String == "chat_agent")
        let profile = try #require(object["profile"] as? [String: Any])
        #expect(profile["date_of_birth"] as? String == "1984-02-29")
        #expect(profile["state"] as? String == "new_york")
        #expect(profile["workflow_stage_id"] != nil)
        #expect(try JSONDecoder().decode(PatientCreated.self, from: data) == created)
    }
}
