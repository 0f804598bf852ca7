import EventLog
import Foundation
import Testing

@Suite("Records on the events topic", .serialized)
struct EventHeadersTests {
    @Test("Each record carries the CloudEvents headers, keyed by organization, one batch in one partition")
    func cloudEvents() async throws {
        try await withStack { stack in
            let org = try await stack.organization()
            let reply = try await stack.request(.POST, "/v1/patients/batch", apiKey: org.apiKey,
                                                json: ["items": [patientItem("Ann", "Lee"), patientItem("Ben", "Ortiz")]],
                                                headers: ["X-Correlation-Id": "0190a3c2-0000-7000-8000-000000000001"])
            let ids = try #require(reply.json["patient_ids"] as? [String])
            func text(_ r: ConsumedRecord, _ key: String) -> String? { r.header(key).map { String(decoding: $0, as: UTF8.self) } }
            let records = try await stack.readEventsTopic().filter { text($0, "ce_type") == "clinicledger.patient.created.v1" }
            #expect(records.count == 2)
            #expect(records.map { text($0, "ce_subject") } == ids)
            #expect(Set(records.map(\.partition)).count == 1)
            for r in records {
                #expect(r.key.map { String(decoding: $0, as: UTF8.self) } == org.id)
                #expect(text(r, "ce_specversion") == "1.0")
                #expect(text(r, "ce_source") == "/organizations/\(org.id)")
                #expect(text(r, "content-type") == "application/json")
                #expect(text(r, "ce_aggregatetype") == "patient")
                #expect(text(r, "ce_aggregateversion") == "1")
                #expect(text(r, "ce_source_channel") == "api")
                #expect(text(r, "ce_correlationid") == "0190a3c2-0000-7000-8000-000000000001")
                #expect(text(r, "ce_actor")?.hasPrefix("api_key:") == true)
                #expect(text(r, "ce_id").flatMap(UUID.init(uuidString:)) != nil)
                #expect(text(r, "ce_time")?.hasSuffix("Z") == true)
                #expect(text(r, "ce_commandid") == text(records[0], "ce_commandid"))
                let payload = try JSONSerialization.jsonObject(with: Data(r.value)) as? [String: Any]
                #expect((payload?["profile"] as? [String: Any])?["last_name"] != nil)
            }
        }
    }
}
