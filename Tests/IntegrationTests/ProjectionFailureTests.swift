import Foundation
import Testing

@Suite("Projection failure", .serialized)
struct ProjectionFailureTests {
    @Test("A read model that cannot apply an event stops alone: other tenants write and read, the archive goes on, /health turns red without PHI")
    func stuckProjectionStopsAlone() async throws {
        try await withStack { stack in
            let a = try await stack.organization("Poisoned clinic")
            let b = try await stack.organization("Healthy clinic")
            // A read-model bug made on purpose: PostgreSQL refuses organization A's patient rows.
            _ = try await stack.database.scalars(
                "ALTER TABLE patients ADD CONSTRAINT poison CHECK (organization_id <> '\(a.id)') NOT VALID", logger: stack.logger)

            let poisoned = try await stack.request(.POST, "/v1/patients/batch", apiKey: a.apiKey,
                                                   json: ["items": [patientItem("Zelda", "Quartermaine")]])
            #expect(poisoned.status == 200, "the write itself is committed and archived")
            #expect(poisoned.header("X-Read-Model-Lag") == "true")

            let health = try await stack.request(.GET, "/health")
            #expect(health.status == 503)
            let components = health.json["components"] as? [[String: Any]] ?? []
            // The patients projection meets the refused row; the other read models go on.
            let readModels = components.first { $0["name"] as? String == "projection patients" }
            #expect(readModels?["status"] as? String == "stopped")
            let detail = readModels?["detail"] as? String ?? ""
            #expect(detail.contains("patient.created") && detail.contains("23514"), "names the event type and SQLSTATE: \(detail)")
            #expect(!detail.contains("Zelda") && !detail.contains("Quartermaine"), "no patient data in the report")
            for other in ["event_archive", "reference_data", "patient_history"] {
                #expect(components.first { $0["name"] as? String == "projection \(other)" }?["status"] as? String == "ok")
            }
            #expect(try await stack.request(.GET, "/ready").status == 503)

            // Everyone else keeps working: writes are acknowledged (archived), reads answer.
            let other = try await stack.request(.POST, "/v1/patients/batch", apiKey: b.apiKey,
                                                json: ["items": [patientItem("Ann", "Lee")]])
            #expect(other.status == 200)
            #expect(try await stack.request(.GET, "/v1/locations", apiKey: b.apiKey).status == 200)
            #expect(try await stack.request(.POST, "/v1/patients/batch", apiKey: a.apiKey,
                                            json: ["items": [patientItem("Bo", "Kim")]]).status == 200)
            // Embedded mode acknowledges only archived writes; on an outside broker the archive follows shortly.
            var archived: [String] = []
            let archiveDeadline = ContinuousClock.now + .seconds(30)
            while ContinuousClock.now < archiveDeadline {
                archived = try await stack.database.scalars(
                    "SELECT count(*)::text FROM event_archive WHERE event_type = 'clinicledger.patient.created.v1'", logger: stack.logger)
                if archived == ["3"] { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(archived == ["3"], "the archive has every patient, the poisoned one included")

            // The operator mends the cause and restarts: the projection resumes at the event that stopped it.
            _ = try await stack.database.scalars("ALTER TABLE patients DROP CONSTRAINT poison", logger: stack.logger)
            try await stack.restart()
            #expect(try await stack.request(.GET, "/health").status == 200)
            let deadline = ContinuousClock.now + .seconds(30)
            var patients: [String] = []
            while ContinuousClock.now < deadline {
                patients = try await stack.database.scalars("SELECT count(*)::text FROM patients", logger: stack.logger)
                if patients == ["3"] { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(patients == ["3"])
        }
    }
}
