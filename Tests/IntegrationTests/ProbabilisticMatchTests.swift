import Foundation
import Testing

/// Issue 13's probabilistic tier through HTTP: a merge says `match_tier: "probabilistic"` with its
/// probability, a near miss creates the patient and names the possible duplicate (both Histories
/// show it), and match-suggestion returns the candidate as `kind: "soft"` with the evidence.
@Suite("Upsert: the probabilistic match tier", .serialized)
struct ProbabilisticMatchTests {
    func upsert(_ stack: TestStack, _ org: TestStack.Organization, _ body: [String: Any]) async throws -> TestStack.Reply {
        try await stack.request(.POST, "/v1/patients/upsert", apiKey: org.apiKey, json: body)
    }

    @Test("A typo in the surname and a transposed birth date still merge, as tier probabilistic with its probability")
    func automaticMerge() async throws {
        try await withStack { stack in
            let org = try await stack.organization()
            let created = try await upsert(stack, org, ["first_name": "Margarethe", "last_name": "Oyelaran", "date_of_birth": "1984-07-12",
                                                        "address": "42 Wattle Grove", "city": "Albany", "zip": "12207", "gender": "F"])
            let id = try #require((created.json["patient"] as? [String: Any])?["id"] as? String)
            let merged = try await upsert(stack, org, ["first_name": "Margarethe", "last_name": "Oyelarnn", "date_of_birth": "1984-07-21",
                                                       "address": "42 Wattle Grove", "city": "Albany", "zip": "12207", "gender": "F"])
            #expect(merged.status == 200)
            #expect(merged.json["created"] as? Bool == false)
            #expect(merged.json["match_tier"] as? String == "probabilistic")
            #expect((merged.json["match_probability"] as? Double ?? 0) >= 0.99999)
            #expect((merged.json["patient"] as? [String: Any])?["id"] as? String == id)
            #expect((merged.json["patient"] as? [String: Any])?["last_name"] as? String == "Oyelarnn", "the upsert overwrites, as any match")
        }
    }

    @Test("A near miss creates the patient, names the possible duplicate, and both Histories show it; match-suggestion says soft")
    func possibleDuplicate() async throws {
        try await withStack { stack in
            let org = try await stack.organization()
            let first = try await upsert(stack, org, ["first_name": "Ann", "last_name": "Lee", "date_of_birth": "1984-07-12", "city": "Albany"])
            let firstId = try #require((first.json["patient"] as? [String: Any])?["id"] as? String)
            // Same name, a birth date a year off, another city: maybe the same Ann Lee, maybe not.
            let probe: [String: Any] = ["first_name": "Ann", "last_name": "Lee", "date_of_birth": "1985-07-12", "city": "Troy"]
            let suggestion = try await stack.request(.POST, "/v1/patients/match-suggestion", apiKey: org.apiKey, json: probe)
            #expect(suggestion.json["kind"] as? String == "soft")
            #expect(suggestion.json["tier"] as? String == "probabilistic")
            #expect(suggestion.json["candidate_patient_id"] as? String == firstId)
            #expect(suggestion.json["automatic"] as? Bool == false)
            let evidence = try #require(suggestion.json["evidence"] as? [[String: Any]])
            #expect(evidence.contains { $0["field"] as? String == "date_of_birth" && $0["level"] as? String == "year_off_by_one" })
            #expect(evidence.contains { $0["field"] as? String == "city" && $0["level"] as? String == "different" })

            let second = try await upsert(stack, org, probe)
            #expect(second.json["created"] as? Bool == true)
            #expect(second.json["match_tier"] is NSNull)
            #expect(second.json["possible_duplicate_of"] as? String == firstId)
            let secondId = try #require((second.json["patient"] as? [String: Any])?["id"] as? String)
            #expect(secondId != firstId)
            for (patient, other) in [(firstId, secondId), (secondId, firstId)] {
                let history = try await stack.request(.GET, "/v1/patients/\(patient)/history", apiKey: org.apiKey)
                let entries = try #require(history.json["items"] as? [[String: Any]])
                let found = try #require(entries.first { $0["action"] as? String == "possible_duplicate_found" })
                let change = try #require((found["changes"] as? [[String: Any]])?.first)
                #expect((change["new"] as? [String: Any])?["patient_id"] as? String == other)
            }
        }
    }
}
