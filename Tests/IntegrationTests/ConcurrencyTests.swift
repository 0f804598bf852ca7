import Foundation
import Testing

@Suite("Concurrent writes", .serialized)
struct ConcurrencyTests {
    @Test("50 concurrent batches all land, none lost, no id given twice")
    func fiftyBatches() async throws {
        try await withStack { stack in
            let orgs = [try await stack.organization(), try await stack.organization()]
            let replies = try await withThrowingTaskGroup(of: (Int, TestStack.Reply).self) { group in
                for n in 0..<50 {
                    group.addTask {
                        let items = (0..<10).map { patientItem("P\(n)-\($0)", "Doe", ["external_id": "B\(n)-\($0)"]) }
                        return (n, try await stack.request(.POST, "/v1/patients/batch", apiKey: orgs[n % 2].apiKey, json: ["items": items]))
                    }
                }
                return try await group.reduce(into: [:]) { $0[$1.0] = $1.1 }
            }
            #expect(replies.count == 50)
            #expect(replies.values.allSatisfy { $0.status == 200 },
                    "\(replies.values.filter { $0.status != 200 }.map { "\($0.status) \(String(decoding: $0.body, as: UTF8.self))" })")
            let ids = replies.values.flatMap { $0.json["patient_ids"] as? [String] ?? [] }
            #expect(ids.count == 500)
            #expect(Set(ids).count == 500)
            for org in orgs {
                #expect(try await stack.request(.GET, "/v1/patients", apiKey: org.apiKey).json["total"] as? Int == 250)
            }
            #expect(try await stack.database.scalars("SELECT count(*)::text FROM patients", logger: stack.logger) == ["500"])
            let events = try await stack.readEventsTopic().filter { $0.header("ce_type").map { String(decoding: $0, as: UTF8.self) } == "clinicledger.patient.created.v1" }
            #expect(events.count == 500)
        }
    }
}
