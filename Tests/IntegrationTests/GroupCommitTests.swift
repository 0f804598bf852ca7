import Foundation
import Testing

/// A partition's writer takes every command waiting for it into one transaction (group commit):
/// each decided in order against the state the earlier ones left, each caller told only its own answer.
@Suite("Group commit", .serialized)
struct GroupCommitTests {
    @Test("Commands waiting together share a transaction; each is decided on the ones before it and answered alone")
    func sharedTransactions() async throws {
        try await withStack { stack in
            let org = try await stack.organization()
            let before = await stack.runtime.services.commands.writerStatistics()
            // 40 different people, 10 batches fighting over one external id, 10 upserts of one new person.
            let replies = try await withThrowingTaskGroup(of: (String, Int, TestStack.Reply).self) { group in
                for n in 0..<40 {
                    group.addTask {
                        ("person", n, try await stack.request(.POST, "/v1/patients/upsert", apiKey: org.apiKey, json: [
                            "first_name": "Person\(n)", "last_name": "Group", "date_of_birth": "1980-01-\(String(format: "%02d", n % 28 + 1))",
                            "phone_number": "212-555-\(String(format: "%04d", n))"]))
                    }
                }
                for n in 0..<10 {
                    group.addTask {
                        ("claim", n, try await stack.request(.POST, "/v1/patients/batch", apiKey: org.apiKey, json: [
                            "items": [patientItem("Claim\(n)", "Taker", ["external_id": "MRN-SHARED"])]]))
                    }
                }
                for n in 0..<10 {
                    group.addTask {
                        ("same", n, try await stack.request(.POST, "/v1/patients/upsert", apiKey: org.apiKey, json: [
                            "first_name": "Kim", "last_name": "Park", "date_of_birth": "1979-11-30", "phone_number": "917-555-0123"]))
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            func of(_ kind: String) -> [TestStack.Reply] { replies.filter { $0.0 == kind }.map(\.2) }
            func patientId(_ r: TestStack.Reply) -> String? { (r.json["patient"] as? [String: Any])?["id"] as? String }

            let people = of("person")
            #expect(people.allSatisfy { $0.status == 200 && $0.json["created"] as? Bool == true },
                    "\(people.filter { $0.status != 200 }.map { "\($0.status) \(String(decoding: $0.body, as: UTF8.self))" })")
            #expect(Set(people.compactMap(patientId)).count == 40)

            // The external id goes to exactly one batch; the others were decided after it and refused, naming the field.
            let claims = of("claim")
            #expect(claims.filter { $0.status == 200 }.count == 1)
            let refused = claims.filter { $0.status != 200 }
            #expect(refused.count == 9)
            #expect(refused.allSatisfy { $0.status == 409 || $0.status == 422 }, "\(refused.map(\.status))")
            #expect(refused.allSatisfy { String(decoding: $0.body, as: UTF8.self).contains("external_id") })

            // One new person sent ten times at once: created once, matched nine times.
            let same = of("same")
            #expect(same.allSatisfy { $0.status == 200 })
            #expect(same.filter { $0.json["created"] as? Bool == true }.count == 1)
            #expect(Set(same.compactMap(patientId)).count == 1)

            // Every answer carries its patient: a match decided on a patient created in the same
            // transaction waits for the read model to hold it.
            #expect(same.allSatisfy { patientId($0) != nil })

            let after = await stack.runtime.services.commands.writerStatistics()
            let commands = after.commands - before.commands, transactions = after.transactions - before.transactions
            #expect(commands >= 42, "commands in committed transactions: \(commands)")
            #expect(transactions < commands, "\(transactions) transactions for \(commands) commands: no group formed")
            #expect(after.largestGroup > 1)

            // What was answered is what the log holds, also after a restart.
            #expect(try await stack.database.scalars("SELECT count(*)::text FROM patients", logger: stack.logger) == ["42"])
            try await stack.restart()
            let again = try await stack.request(.POST, "/v1/patients/upsert", apiKey: org.apiKey, json: [
                "first_name": "Kim", "last_name": "Park", "date_of_birth": "1979-11-30", "phone_number": "917-555-0123"])
            #expect(again.json["created"] as? Bool == false)
            #expect(patientId(again) == patientId(same[0]))
            let claimAgain = try await stack.request(.POST, "/v1/patients/batch", apiKey: org.apiKey, json: [
                "items": [patientItem("Late", "Claim", ["external_id": "MRN-SHARED"])]])
            #expect(claimAgain.status == 409 || claimAgain.status == 422)
        }
    }

    @Test("One Idempotency-Key sent many times at once writes once; every answer is the first one")
    func oneKeyManyTimes() async throws {
        try await withStack { stack in
            let org = try await stack.organization()
            let replies = try await withThrowingTaskGroup(of: TestStack.Reply.self) { group in
                for _ in 0..<12 {
                    group.addTask {
                        try await stack.request(.POST, "/v1/patients/batch", apiKey: org.apiKey,
                                                json: ["items": [patientItem("Ann", "Lee"), patientItem("Ben", "Ortiz")]],
                                                headers: ["Idempotency-Key": "same-key"])
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(replies.allSatisfy { $0.status == 200 }, "\(replies.map(\.status))")
            #expect(Set(replies.compactMap { ($0.json["patient_ids"] as? [String])?.joined(separator: ",") }).count == 1)
            #expect(replies.filter { $0.header("Idempotent-Replayed") == "true" }.count == 11)
            #expect(try await stack.database.scalars("SELECT count(*)::text FROM patients", logger: stack.logger) == ["2"])
            let created = try await stack.readEventsTopic().filter {
                $0.header("ce_type").map { String(decoding: $0, as: UTF8.self) } == "clinicledger.patient.created.v1"
            }
            #expect(created.count == 2)
        }
    }
}
