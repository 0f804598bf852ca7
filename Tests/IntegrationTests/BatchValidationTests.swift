import Foundation
import Testing

@Suite("Batch validation answers in Solum's envelope, naming the field", .serialized)
struct BatchValidationTests {
    struct Case: Sendable, CustomStringConvertible {
        let name: String
        let item: @Sendable (TestStack.Organization) -> [String: Any]
        let status: Int
        let param: String
        let code: String
        var description: String { name }
    }

    static let cases: [Case] = [
        Case(name: "missing last_name", item: { _ in ["first_name": "A"] }, status: 422, param: "items[1].last_name", code: "missing_field"),
        Case(name: "wrong JSON type", item: { _ in patientItem("A", "B", ["zip": 12345]) }, status: 422, param: "items[1].zip", code: "invalid_type"),
        Case(name: "date not ISO", item: { _ in patientItem("A", "B", ["date_of_birth": "07/12/1984"]) }, status: 422, param: "items[1].date_of_birth", code: "invalid_value"),
        Case(name: "date not real", item: { _ in patientItem("A", "B", ["date_of_birth": "1984-02-30"]) }, status: 422, param: "items[1].date_of_birth", code: "invalid_value"),
        Case(name: "birth in the future", item: { _ in patientItem("A", "B", ["date_of_birth": "2999-01-01"]) }, status: 422, param: "items[1].date_of_birth", code: "invalid_value"),
        Case(name: "gender enum", item: { _ in patientItem("A", "B", ["gender": "M"]) }, status: 422, param: "items[1].gender", code: "invalid_value"),
        Case(name: "state enum", item: { _ in patientItem("A", "B", ["state": "NY"]) }, status: 422, param: "items[1].state", code: "invalid_value"),
        Case(name: "phone", item: { _ in patientItem("A", "B", ["phone_number": "555-01"]) }, status: 422, param: "items[1].phone_number", code: "invalid_value"),
        Case(name: "email", item: { _ in patientItem("A", "B", ["email": "not-an-email"]) }, status: 422, param: "items[1].email", code: "invalid_value"),
        Case(name: "service type enum", item: { _ in patientItem("A", "B", ["referral": ["service_types": ["medical_care", "massage"]]]) },
             status: 422, param: "items[1].referral.service_types[1]", code: "invalid_value"),
        Case(name: "referral dates reversed", item: { _ in patientItem("A", "B", ["referral": ["start_date": "2026-02-01", "end_date": "2026-01-01"]]) },
             status: 422, param: "items[1].referral.end_date", code: "invalid_value"),
        Case(name: "unknown stage", item: { _ in patientItem("A", "B", ["workflow_stage_id": UUID().uuidString]) },
             status: 422, param: "items[1].workflow_stage_id", code: "unknown_reference"),
        Case(name: "unknown user", item: { _ in patientItem("A", "B", ["assigned_user_id": "nope"]) },
             status: 422, param: "items[1].assigned_user_id", code: "unknown_reference"),
        Case(name: "unknown referral location", item: { _ in patientItem("A", "B", ["referral": ["location_id": UUID().uuidString]]) },
             status: 422, param: "items[1].referral.location_id", code: "unknown_reference"),
        Case(name: "external_id repeated in the batch", item: { _ in patientItem("A", "B", ["external_id": "DUP"]) },
             status: 422, param: "items[1].external_id", code: "duplicate_external_id"),
    ]

    @Test("Each invalid field refuses the batch and nothing is created", arguments: cases)
    func refused(_ c: Case) async throws {
        try await withStack { stack in
            let org = try await stack.organization()
            let items = [patientItem("Ok", "First", ["external_id": "DUP"]), c.item(org)]
            let reply = try await stack.request(.POST, "/v1/patients/batch", apiKey: org.apiKey, json: ["items": items])
            #expect(reply.status == c.status)
            #expect(reply.errorParam == c.param)
            #expect(reply.errorCode == c.code)
            #expect((reply.json["detail"] as? [String: Any])?["message"] is String)
            let list = try await stack.request(.GET, "/v1/patients", apiKey: org.apiKey)
            #expect(list.json["total"] as? Int == 0)
        }
    }

    @Test("0 and 501 items are refused naming items; 500 are accepted")
    func itemCount() async throws {
        try await withStack { stack in
            let org = try await stack.organization()
            for n in [0, 501] {
                let items = (0..<n).map { patientItem("P\($0)", "Doe") }
                let reply = try await stack.request(.POST, "/v1/patients/batch", apiKey: org.apiKey, json: ["items": items])
                #expect(reply.status == 422)
                #expect(reply.errorParam == "items")
            }
            let missing = try await stack.request(.POST, "/v1/patients/batch", apiKey: org.apiKey, json: ["patients": []])
            #expect(missing.status == 422 && missing.errorParam == "items")
            let notJSON = try await stack.request(.POST, "/v1/patients/batch", apiKey: org.apiKey, rawBody: Data("{oops".utf8))
            #expect(notJSON.status == 422 && notJSON.errorCode == "invalid_json")
            let full = (0..<500).map { patientItem("P\($0)", "Doe") }
            let ok = try await stack.request(.POST, "/v1/patients/batch", apiKey: org.apiKey, json: ["items": full])
            #expect(ok.status == 200)
            #expect(ok.json["created_count"] as? Int == 500)
        }
    }

    @Test("An external_id already held by a patient of the organization is a conflict")
    func heldExternalId() async throws {
        try await withStack { stack in
            let org = try await stack.organization()
            let first = try await stack.request(.POST, "/v1/patients/batch", apiKey: org.apiKey,
                                                json: ["items": [patientItem("A", "B", ["external_id": "MRN-7"])]])
            #expect(first.status == 200)
            let second = try await stack.request(.POST, "/v1/patients/batch", apiKey: org.apiKey,
                                                 json: ["items": [patientItem("C", "D"), patientItem("E", "F", ["external_id": "MRN-7"])]])
            #expect(second.status == 409)
            #expect(second.errorParam == "items[1].external_id")
            #expect(second.errorCode == "external_id_conflict")
            #expect(try await stack.request(.GET, "/v1/patients", apiKey: org.apiKey).json["total"] as? Int == 1)
        }
    }
}
