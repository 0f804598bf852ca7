import AsyncHTTPClient
import Foundation
import NIOCore
import Testing

/// Hostile and oversized input is refused at the door in Solum's envelope, naming the field and
/// the limit, and leaves nothing behind: afterwards the same organization writes and reads as before.
@Suite("Input limits over HTTP", .serialized)
struct InputLimitsTests {
    static func detail(_ reply: TestStack.Reply) -> String {
        ((reply.json["detail"] as? [String: Any])?["message"] as? String) ?? String(decoding: reply.body, as: UTF8.self)
    }

    /// A normal write and the read paths of the organization still work.
    static func stillServes(_ stack: TestStack, _ org: TestStack.Organization, tagged tag: String) async throws {
        let batch = try await stack.request(.POST, "/v1/patients/batch", apiKey: org.apiKey,
                                            json: ["items": [patientItem("Nora", "Quinn", ["tags": [tag], "city": "Albany"])]])
        #expect(batch.status == 200, "\(detail(batch))")
        let id = try #require((batch.json["patient_ids"] as? [String])?.first)
        let patient = try await stack.request(.GET, "/v1/patients/\(id)", apiKey: org.apiKey)
        #expect(patient.status == 200 && patient.json["city"] as? String == "Albany")
        let list = try await stack.request(.GET, "/v1/patients?tags=\(tag)", apiKey: org.apiKey)
        #expect(list.status == 200 && list.json["total"] as? Int == 1)
        let tags = try await stack.request(.GET, "/v1/tags", apiKey: org.apiKey)
        #expect((tags.json["items"] as? [[String: Any]])?.contains { $0["name"] as? String == tag } == true)
    }

    @Test("A forbidden character in any field of any route is refused naming the field; nothing is poisoned")
    func forbiddenCharacters() async throws {
        try await withStack { stack in
            let org = try await stack.organization()
            let key = org.apiKey
            func post(_ path: String, _ body: [String: Any]) async throws -> TestStack.Reply {
                try await stack.request(.POST, path, apiKey: key, json: body)
            }
            let upsertBase: [String: Any] = ["first_name": "Ann", "last_name": "Lee", "phone_number": "212-555-0101"]
            func upsert(_ extra: [String: Any]) async throws -> TestStack.Reply {
                try await post("/v1/patients/upsert", upsertBase.merging(extra) { _, new in new })
            }
            let cases: [(String, TestStack.Reply)] = [
                ("items[0].first_name", try await post("/v1/patients/batch", ["items": [["first_name": "a\u{0}b", "last_name": "x"]]])),
                ("items[1].tags[1]", try await post("/v1/patients/batch", ["items": [patientItem("A", "B"), patientItem("C", "D", ["tags": ["ok", "v\u{0}"]])]])),
                ("items[0].referral.physician_name", try await post("/v1/patients/batch", ["items": [patientItem("A", "B", ["referral": ["physician_name": "Dr\u{0}"]])]])),
                ("first_name", try await upsert(["first_name": "A\u{0}nn"])),
                ("tags[0]", try await upsert(["tags": ["\u{0}"]])),
                ("custom_fields.a\u{0}b", try await upsert(["custom_fields": ["a\u{0}b": "value"]])),
                ("payors[0].subscriber.city", try await upsert(["payors": [["plan_name": "PPO", "subscriber": ["city": "Al\u{0}bany"]]]])),
                ("unknown_field", try await upsert(["unknown_field": "\u{1B}[2J"])),
                ("first_name", try await post("/v1/patients/match-suggestion", ["first_name": "\u{0}"])),
            ]
            for (param, reply) in cases {
                #expect(reply.status == 422, "\(param): \(Self.detail(reply))")
                #expect(reply.errorCode == "invalid_character", "\(param)")
                #expect(reply.errorParam == param)
                #expect(Self.detail(reply).contains("U+0000") || Self.detail(reply).contains("U+001B"), "\(param): \(Self.detail(reply))")
            }

            // A patient to record a communication on, written normally.
            let created = try await upsert([:])
            let patientId = try #require((created.json["patient"] as? [String: Any])?["id"] as? String)
            let summary = try await post("/v1/patients/\(patientId)/communications", ["channel": "call", "direction": "inbound", "summary": "hi\u{0}"])
            #expect(summary.status == 422 && summary.errorParam == "summary" && summary.errorCode == "invalid_character")

            let orgName = try await stack.request(.POST, "/admin/v1/organizations", admin: true, json: ["name": "Acme\u{0}"])
            #expect(orgName.status == 422 && orgName.errorParam == "name")
            let location = try await stack.request(.PUT, "/admin/v1/organizations/\(org.id)/reference-data", admin: true,
                                                   json: ["locations": [["name": "Main", "address": "1 Main St\u{0}"]]])
            #expect(location.status == 422 && location.errorParam == "locations[0].address")

            // Outside the body: 400.
            let query = try await stack.request(.GET, "/v1/patients?tags=a%00b", apiKey: key)
            #expect(query.status == 400 && query.errorParam == "tags" && query.errorCode == "invalid_character")
            let path = try await stack.request(.GET, "/v1/patients/a%00b/history", apiKey: key)
            #expect(path.status == 400 && path.errorParam == "id")
            let longKey = try await stack.request(.POST, "/v1/patients/upsert", apiKey: key, json: upsertBase,
                                                  headers: ["Idempotency-Key": String(repeating: "k", count: 256)])
            #expect(longKey.status == 400 && longKey.errorParam == "Idempotency-Key" && longKey.errorCode == "value_too_long")

            // Only the one normal patient was written; the organization still works.
            #expect(try await stack.request(.GET, "/v1/patients", apiKey: key).json["total"] as? Int == 1)
            try await Self.stillServes(stack, org, tagged: "after-nul")
        }
    }

    @Test("Oversized lists, values and bodies are refused naming the limit; the partition keeps serving")
    func oversized() async throws {
        try await withStack { stack in
            let org = try await stack.organization()
            let key = org.apiKey
            let tags = (0..<10_000).map { "tag \($0)" }

            let batch = try await stack.request(.POST, "/v1/patients/batch", apiKey: key, json: ["items": [patientItem("A", "B", ["tags": tags])]])
            #expect(batch.status == 422 && batch.errorCode == "too_many_items" && batch.errorParam == "items[0].tags")
            #expect(Self.detail(batch).contains("100"))
            let person: [String: Any] = ["first_name": "Ann", "last_name": "Lee", "phone_number": "212-555-0101"]
            for route in ["/v1/patients/upsert", "/v1/patients/match-suggestion"] {
                let reply = try await stack.request(.POST, route, apiKey: key, json: person.merging(["tags": tags]) { _, new in new })
                #expect(reply.status == 422 && reply.errorCode == "too_many_items" && reply.errorParam == "tags", "\(route)")
            }
            let payors = try await stack.request(.POST, "/v1/patients/upsert", apiKey: key,
                                                 json: person.merging(["payors": Array(repeating: ["plan_name": "PPO"], count: 21)]) { _, new in new })
            #expect(payors.status == 422 && payors.errorCode == "too_many_items" && payors.errorParam == "payors")

            let bigField = try await stack.request(.POST, "/v1/patients/upsert", apiKey: key,
                                                   json: person.merging(["custom_fields": ["notes": String(repeating: "x", count: 2 << 20)]]) { _, new in new })
            #expect(bigField.status == 422 && bigField.errorCode == "value_too_long" && bigField.errorParam == "custom_fields.notes")
            #expect(Self.detail(bigField).contains("16384"))

            let huge = try await stack.request(.POST, "/v1/patients/upsert", apiKey: key,
                                               rawBody: Data(#"{"first_name": "\#(String(repeating: "a", count: 10_000_000))"}"#.utf8))
            #expect(huge.status == 413 && huge.errorCode == "body_too_large")
            #expect(Self.detail(huge).contains("4194304"))

            let outOfRange = try await stack.request(.POST, "/v1/patients/upsert", apiKey: key,
                                                     rawBody: Data(#"{"phone_number": "212-555-0101", "custom_fields": {"n": 1e400}}"#.utf8))
            #expect(outOfRange.status == 422 && outOfRange.errorParam == "custom_fields.n")
            #expect(Self.detail(outOfRange).contains("out of range"), "\(Self.detail(outOfRange))")

            #expect(try await stack.request(.GET, "/v1/patients", apiKey: key).json["total"] as? Int == 0)
            try await Self.stillServes(stack, org, tagged: "after-big")
        }
    }

    @Test("A 500-item batch of full patients with long comments fits under the body limit")
    func fullBatchFits() async throws {
        try await withStack { stack in
            let org = try await stack.organization()
            let items = (0..<500).map { i in
                patientItem("First\(i)", "Last", [
                    "middle_name": "Middle", "email": "p\(i)@example.com", "additional_phone_number": "+44 20 7946 0958",
                    "gender": "female", "address": "\(i) Long Street Name Avenue", "address2": "Suite 100", "city": "New York",
                    "state": "new_york", "zip": "10001-1234", "external_id": "MRN-\(i)",
                    "comments": String(repeating: "Prefers mornings; call the mobile first. ", count: 100),
                    "workflow_stage_id": org.stages["Intake"]!, "assigned_user_id": org.users["dana@clinic.example"]!,
                    "tags": (0..<10).map { "tag \($0)" },
                    "referral": ["physician_name": "Dr. Gregory House", "physician_email": "house@ppth.example", "physician_phone": "212.555.0199",
                                 "physician_npi": "1234567893", "icd_codes": ["M54.5", "M79.1", "R51"], "service_types": ["physical_therapy"],
                                 "start_date": "2025-01-01", "end_date": "2025-12-31", "location_id": org.locations["Main"]!],
                ])
            }
            let body = try JSONSerialization.data(withJSONObject: ["items": items])
            #expect(body.count > 2 << 20, "the batch should be a large one: \(body.count) bytes")
            let reply = try await stack.request(.POST, "/v1/patients/batch", apiKey: org.apiKey, rawBody: body)
            #expect(reply.status == 200, "\(Self.detail(reply))")
            #expect(reply.json["created_count"] as? Int == 500)
        }
    }

    @Test("A body over the limit sent without Content-Length (chunked) is refused too")
    func chunkedBody() async throws {
        try await withStack { stack in
            let org = try await stack.organization()
            var request = HTTPClientRequest(url: "http://127.0.0.1:\(stack.port)/v1/patients/upsert")
            request.method = .POST
            request.headers.add(name: "X-API-Key", value: org.apiKey)
            request.headers.add(name: "Content-Type", value: "application/json")
            let chunk = ByteBuffer(repeating: UInt8(ascii: " "), count: 1 << 20)
            let (chunks, sink) = AsyncStream.makeStream(of: ByteBuffer.self)
            for _ in 0..<6 { sink.yield(chunk) }
            sink.finish()
            request.body = .stream(chunks, length: .unknown)
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
            #expect(response.status.code == 413)
            let body = try await response.body.collect(upTo: 1 << 20)
            #expect(String(buffer: body).contains("body_too_large"))
        }
    }

    @Test("A body that is not JSON by its Content-Type is 415; no Content-Type is read as JSON")
    func mediaType() async throws {
        try await withStack { stack in
            let org = try await stack.organization()
            let body = Data(#"{"items": [{"first_name": "Ann", "last_name": "Lee"}]}"#.utf8)
            for type in ["text/plain", "application/x-www-form-urlencoded", "application/xml", "application/json; charset=latin1"] {
                let reply = try await stack.request(.POST, "/v1/patients/batch", apiKey: org.apiKey, rawBody: body, headers: ["Content-Type": type])
                #expect(reply.status == 415, "\(type)")
                #expect(reply.errorCode == "unsupported_media_type" && reply.errorParam == "Content-Type")
            }
            let admin = try await stack.request(.POST, "/admin/v1/organizations", admin: true, rawBody: Data(#"{"name":"X"}"#.utf8),
                                                headers: ["Content-Type": "text/plain"])
            #expect(admin.status == 415)
            let utf8 = try await stack.request(.POST, "/v1/patients/batch", apiKey: org.apiKey, rawBody: body,
                                               headers: ["Content-Type": "application/json; charset=UTF-8"])
            #expect(utf8.status == 200)
            let none = try await stack.request(.POST, "/v1/patients/batch", apiKey: org.apiKey, rawBody: body, contentType: nil)
            #expect(none.status == 200)
        }
    }

    @Test("A known path asked with a method it does not serve is 405 with Allow; an unknown path stays 404")
    func methodNotAllowed() async throws {
        try await withStack { stack in
            let org = try await stack.organization()
            let put = try await stack.request(.PUT, "/v1/patients/batch", apiKey: org.apiKey, json: ["items": []])
            #expect(put.status == 405 && put.header("Allow") == "POST" && put.errorCode == "method_not_allowed")
            let trace = try await stack.request(.TRACE, "/v1/locations", apiKey: org.apiKey)
            #expect(trace.status == 405 && trace.header("Allow") == "GET")
            let delete = try await stack.request(.DELETE, "/v1/patients/\(UUID().uuidString)", apiKey: org.apiKey)
            #expect(delete.status == 405 && delete.header("Allow") == "GET")
            let unknown = try await stack.request(.GET, "/v1/nothing-here", apiKey: org.apiKey)
            #expect(unknown.status == 404 && unknown.errorCode == "not_found")
            // The admin API's and an unowned root's answers are in the same envelope.
            let adminGet = try await stack.request(.GET, "/admin/v1/organizations", admin: true)
            #expect(adminGet.status == 405 && adminGet.header("Allow") == "POST" && adminGet.errorCode == "method_not_allowed")
            let adminPost = try await stack.request(.POST, "/admin/v1/organizations/\(org.id)/reference-data", admin: true, json: [:])
            #expect(adminPost.status == 405 && adminPost.header("Allow") == "PUT")
            let root = try await stack.request(.GET, "/nothing-here")
            #expect(root.status == 404 && root.errorCode == "not_found" && root.header("Content-Type") == "application/json")
            let health = try await stack.request(.POST, "/health", json: [:])
            #expect(health.status == 405 && health.header("Allow") == "GET")
        }
    }

    @Test("occurred_at before 1900 (year 0) is refused and starts no phone lock")
    func occurredAtRange() async throws {
        try await withStack { stack in
            let org = try await stack.organization()
            let created = try await stack.request(.POST, "/v1/patients/batch", apiKey: org.apiKey, json: ["items": [patientItem("Ann", "Lee")]])
            let id = try #require((created.json["patient_ids"] as? [String])?.first)
            let reply = try await stack.request(.POST, "/v1/patients/\(id)/communications", apiKey: org.apiKey,
                                                json: ["channel": "call", "direction": "outbound", "occurred_at": "0000-01-01T00:00:00Z"])
            #expect(reply.status == 422 && reply.errorParam == "occurred_at" && reply.errorCode == "invalid_value")
            let patient = try await stack.request(.GET, "/v1/patients/\(id)", apiKey: org.apiKey)
            #expect(patient.json["first_communication_at"] is NSNull)
        }
    }
}
