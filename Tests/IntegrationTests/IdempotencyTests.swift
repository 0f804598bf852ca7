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
}
