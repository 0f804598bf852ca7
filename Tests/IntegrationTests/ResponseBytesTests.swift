import Foundation
import Testing

@Suite("Response bodies are byte-stable", .serialized)
struct ResponseBytesTests {
    @Test("The same request gets the same bytes, members in the documented order (error envelope and resource)")
    func sameBytes() async throws {
        try await withStack { stack in
            let org = try await stack.organization()
            var errors = Set<Data>()
            for _ in 0..<20 { errors.insert(try await stack.request(.GET, "/v1/patients", apiKey: "wrong").body) }
            #expect(errors.count == 1)
            let error = String(decoding: try #require(errors.first), as: UTF8.self)
            #expect(error.hasPrefix(#"{"detail":{"type":"authentication_error","code":"invalid_api_key","message":"#), "\(error)")

            let created = try await stack.request(.POST, "/v1/patients/batch", apiKey: org.apiKey, json: ["items": [patientItem("Ann", "Lee")]])
            let id = try #require((created.json["patient_ids"] as? [String])?.first)
            var bodies = Set<Data>()
            for _ in 0..<20 { bodies.insert(try await stack.request(.GET, "/v1/patients/\(id)", apiKey: org.apiKey).body) }
            #expect(bodies.count == 1)
            #expect(String(decoding: try #require(bodies.first), as: UTF8.self).hasPrefix(#"{"id":""#))
        }
    }
}
