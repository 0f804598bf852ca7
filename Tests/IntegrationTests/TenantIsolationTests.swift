import Foundation
import Testing

@Suite("Tenant isolation", .serialized)
struct TenantIsolationTests {
    @Test("Another organization's key gets 404 for a patient it does not own, and sees none of its data")
    func foreignPatient() async throws {
        try await withStack { stack in
            let a = try await stack.organization("Clinic A")
            let b = try await stack.organization("Clinic B")
            let reply = try await stack.request(.POST, "/v1/patients/batch", apiKey: a.apiKey,
                                                json: ["items": [patientItem("Ann", "Lee", ["external_id": "SHARED", "tags": ["a-only"]])]])
            let id = try #require((reply.json["patient_ids"] as? [String])?.first)

            #expect(try await stack.request(.GET, "/v1/patients/\(id)", apiKey: a.apiKey).status == 200)
            let foreign = try await stack.request(.GET, "/v1/patients/\(id)", apiKey: b.apiKey)
            #expect(foreign.status == 404)
            #expect(foreign.errorCode == "not_found")
            #expect(try await stack.request(.GET, "/v1/patients/\(id)/history", apiKey: b.apiKey).status == 404)
            #expect(try await stack.request(.GET, "/v1/patients", apiKey: b.apiKey).json["total"] as? Int == 0)
            #expect((try await stack.request(.GET, "/v1/tags", apiKey: b.apiKey).json["items"] as? [Any])?.isEmpty == true)

            // B may use the same external id; B may not point at A's reference data.
            let sameId = try await stack.request(.POST, "/v1/patients/batch", apiKey: b.apiKey,
                                                 json: ["items": [patientItem("Bo", "Kim", ["external_id": "SHARED"])]])
            #expect(sameId.status == 200)
            let foreignStage = try await stack.request(.POST, "/v1/patients/batch", apiKey: b.apiKey,
                                                       json: ["items": [patientItem("Bo", "Kim", ["workflow_stage_id": a.stages["Intake"]!])]])
            #expect(foreignStage.status == 422)
            #expect(foreignStage.errorParam == "items[0].workflow_stage_id")
        }
    }

    @Test("Requests without a valid key are refused; the admin API needs the admin token")
    func authentication() async throws {
        try await withStack { stack in
            let missing = try await stack.request(.GET, "/v1/patients")
            #expect(missing.status == 401 && missing.errorCode == "missing_api_key")
            let wrong = try await stack.request(.GET, "/v1/patients", apiKey: "ck_wrong")
            #expect(wrong.status == 401 && wrong.errorCode == "invalid_api_key")
            let admin = try await stack.request(.POST, "/admin/v1/organizations", json: ["name": "X"])
            #expect(admin.status == 401)
            let badName = try await stack.request(.POST, "/admin/v1/organizations", admin: true, json: ["name": "  "])
            #expect(badName.status == 422 && badName.errorParam == "name")
        }
    }
}
