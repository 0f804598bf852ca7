import Foundation
import Testing

@Suite("Idempotency-Key", .serialized)
struct IdempotencyTests {
    @Test("A retry with the same key and body replays the first answer, also after a restart; another body is refused")
    func replay() async throws {
        try await withStack { stack in
            let org = try await stack.organization()
            let body = ["items": [patientItem("Ann", "Lee"), patientItem("Ben", "Ortiz")]]
            let first = try await stack.request(.POST, "/v1/patients/batch", apiKey: org.apiKey, json: body, headers: ["Idempotency-Key": "k-1"])
            #expect(first.status == 200)
            let ids = try #require(first.json["patient_ids"] as? [String])

            let retry = try await stack.request(.POST, "/v1/patients/batch", apiKey: org.apiKey, json: body, headers: ["Idempotency-Key": "k-1"])
            #expect(retry.status == 200)
            #expect(retry.json["patient_ids"] as? [String] == ids)
            #expect(retry.header("Idempotent-Replayed") == "true")
            #expect(try await stack.request(.GET, "/v1/patients", apiKey: org.apiKey).json["total"] as? Int == 2)

            let other = try await stack.request(.POST, "/v1/patients/batch", apiKey: org.apiKey,
                                                json: ["items": [patientItem("Cy", "Park")]], headers: ["Idempotency-Key": "k-1"])
            #expect(other.status == 409)
            #expect(other.errorCode == "idempotency_key_reused")

            // Keys live in the decision state, rebuilt from the log: they survive a restart.
            try await stack.restart()
            let afterRestart = try await stack.request(.POST, "/v1/patients/batch", apiKey: org.apiKey, json: body, headers: ["Idempotency-Key": "k-1"])
            #expect(afterRestart.status == 200, "\(String(decoding: afterRestart.body, as: UTF8.self))")
            #expect(afterRestart.json["patient_ids"] as? [String] == ids)
            #expect(try await stack.request(.GET, "/v1/patients", apiKey: org.apiKey).json["total"] as? Int == 2)

            // Keys are per organization.
            let otherOrg = try await stack.organization()
            let sameKey = try await stack.request(.POST, "/v1/patients/batch", apiKey: otherOrg.apiKey, json: body, headers: ["Idempotency-Key": "k-1"])
            #expect(sameKey.status == 200)
            #expect(sameKey.json["patient_ids"] as? [String] != ids)
        }
    }

    @Test("A communication recorded without occurred_at replays the time it was given, also after a restart")
    func communicationReplayKeepsItsTime() async throws {
        try await withStack { stack in
            let org = try await stack.organization()
            let created = try await stack.request(.POST, "/v1/patients/batch", apiKey: org.apiKey, json: ["items": [patientItem("Ann", "Lee")]])
            let id = (created.json["patient_ids"] as? [String])?.first ?? ""
            let body = ["channel": "call", "direction": "outbound"]
            let first = try await stack.request(.POST, "/v1/patients/\(id)/communications", apiKey: org.apiKey, json: body,
                                                headers: ["Idempotency-Key": "call-1"])
            #expect(first.status == 201)
            let time = first.json["occurred_at"] as? String
            #expect(time != nil)
            let retry = try await stack.request(.POST, "/v1/patients/\(id)/communications", apiKey: org.apiKey, json: body,
                                                headers: ["Idempotency-Key": "call-1"])
            #expect(retry.header("Idempotent-Replayed") == "true")
            #expect(retry.json["occurred_at"] as? String == time)
            #expect(retry.json["id"] as? String == first.json["id"] as? String)
            try await stack.restart()
            let afterRestart = try await stack.request(.POST, "/v1/patients/\(id)/communications", apiKey: org.apiKey, json: body,
                                                       headers: ["Idempotency-Key": "call-1"])
            #expect(afterRestart.json["occurred_at"] as? String == time)
        }
    }
}
