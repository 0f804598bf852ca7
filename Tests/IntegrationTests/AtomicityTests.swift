import Foundation
import Testing

@Suite("All or nothing", .serialized)
struct AtomicityTests {
    @Test("A bad 500th item leaves zero records on the topic (fresh read_committed consumer) and zero rows")
    func badLastItem() async throws {
        try await withStack { stack in
            let org = try await stack.organization()
            let before = try await stack.readEventsTopic()
            var items = (0..<500).map { patientItem("P\($0)", "Doe", ["external_id": "E\($0)"]) }
            items[499]["date_of_birth"] = "1984-13-01"
            let reply = try await stack.request(.POST, "/v1/patients/batch", apiKey: org.apiKey, json: ["items": items])
            #expect(reply.status == 422)
            #expect(reply.errorParam == "items[499].date_of_birth")

            let after = try await stack.readEventsTopic()
            #expect(after.count == before.count, "no record of the refused batch reached the topic")
            let rows = try await stack.database.scalars("SELECT count(*)::text FROM patients", logger: stack.logger)
            #expect(rows == ["0"])
            let history = try await stack.database.scalars("SELECT count(*)::text FROM patient_history", logger: stack.logger)
            #expect(history == ["0"])

            // The same batch, corrected, lands whole: the refused attempt reserved nothing.
            items[499]["date_of_birth"] = "1984-12-01"
            let fixed = try await stack.request(.POST, "/v1/patients/batch", apiKey: org.apiKey, json: ["items": items])
            #expect(fixed.status == 200)
            let final = try await stack.readEventsTopic()
            #expect(final.count == before.count + 500)
            #expect(try await stack.database.scalars("SELECT count(*)::text FROM patients", logger: stack.logger) == ["500"])
        }
    }
}
