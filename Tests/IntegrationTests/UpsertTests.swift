import Foundation
import Testing

@Suite("POST /v1/patients/upsert (seed 001)", .serialized)
struct UpsertTests {
    func upsert(_ stack: TestStack, _ org: TestStack.Organization, _ body: [String: Any], key: String? = nil) async throws -> TestStack.Reply {
        try await stack.request(.POST, "/v1/patients/upsert", apiKey: org.apiKey, json: body, headers: key.map { ["Idempotency-Key": $0] } ?? [:])
    }

    @Test("Creates with normalised values, drops what does not parse or has the wrong type, and names it")
    func createAndDrop() async throws {
        try await withStack { stack in
            let org = try await stack.organization()
            let reply = try await upsert(stack, org, [
                "first_name": "  Ann ", "last_name": "Lee", "date_of_birth": "07/12/1984", "phone_number": "(212) 555-0123 ext. 9",
                "email": "not-an-email", "gender": "F", "state": "NY", "zip": 12345, "location_id": UUID().uuidString,
                "unknown_field": "ignored", "tags": ["VIP", 7],
            ])
            #expect(reply.status == 200)
            #expect(reply.json["created"] as? Bool == true)
            #expect(reply.json["matched"] as? Bool == false)
            #expect(reply.json["match_tier"] is NSNull)
            #expect(Set(reply.json["dropped_fields"] as? [String] ?? []) == ["email", "zip", "location_id", "tags[1]"])
            let p = try #require(reply.json["patient"] as? [String: Any])
            #expect(p["first_name"] as? String == "Ann")
            #expect(p["date_of_birth"] as? String == "1984-07-12")
            #expect(p["phone_number"] as? String == "+12125550123")
            #expect(p["gender"] as? String == "female")
            #expect(p["state"] as? String == "new_york")
            #expect(p["email"] is NSNull)
            #expect((p["tags"] as? [[String: Any]])?.map { $0["name"] as? String } == ["VIP"])
        }
    }

    @Test("Without a phone or full demographics after normalisation the request fails, saying so")
    func invariant() async throws {
        try await withStack { stack in
            let org = try await stack.organization()
            let reply = try await upsert(stack, org, ["first_name": "Ann", "last_name": "Lee", "date_of_birth": "31/31/1984", "phone_number": "12"])
            #expect(reply.status == 422)
            #expect(reply.errorCode == "insufficient_identity")
            let message = (reply.json["detail"] as? [String: Any])?["message"] as? String ?? ""
            #expect(message.contains("phone") && message.contains("date_of_birth"))
            #expect(try await stack.request(.GET, "/v1/patients", apiKey: org.apiKey).json["total"] as? Int == 0)
        }
    }

    @Test("A demographics match overwrites the provided fields; the History shows each old → new; a repeat writes nothing")
    func updateAndNoOp() async throws {
        try await withStack { stack in
            let org = try await stack.organization()
            let created = try await upsert(stack, org, ["first_name": "Ann", "last_name": "Lee", "date_of_birth": "1984-07-12", "city": "Albany"])
            let id = try #require((created.json["patient"] as? [String: Any])?["id"] as? String)
            let body: [String: Any] = ["first_name": "ANN", "last_name": "lee", "date_of_birth": "19840712", "city": "Buffalo",
                                       "workflow_stage_id": org.stages["Scheduled"]!, "email": "ann@example.com"]
            let updated = try await upsert(stack, org, body)
            #expect(updated.status == 200)
            #expect(updated.json["matched"] as? Bool == true)
            #expect(updated.json["created"] as? Bool == false)
            #expect(updated.json["match_tier"] as? String == "demographics")
            let p = try #require(updated.json["patient"] as? [String: Any])
            #expect(p["id"] as? String == id)
            #expect(p["city"] as? String == "Buffalo")
            #expect(p["first_name"] as? String == "Ann", "a case-only difference (ANN) is not a change: the stored spelling stays")
            #expect((p["workflow_stage"] as? [String: Any])?["title"] as? String == "Scheduled")
            #expect(p["version"] as? Int == 2)

            let history = try await stack.request(.GET, "/v1/patients/\(id)/history", apiKey: org.apiKey)
            let entries = try #require(history.json["items"] as? [[String: Any]])
            #expect(entries.map { $0["action"] as? String } == ["created", "updated"])
            let changes = try #require(entries[1]["changes"] as? [[String: Any]])
            let city = try #require(changes.first { $0["field"] as? String == "city" })
            #expect(city["old"] as? String == "Albany" && city["new"] as? String == "Buffalo")
            #expect(changes.contains { $0["field"] as? String == "workflow_stage_id" && $0["old"] is NSNull })
            #expect(!changes.contains { ["first_name", "last_name"].contains($0["field"] as? String) }, "no History noise from letter case")

            let before = try await stack.readEventsTopic().count
            let again = try await upsert(stack, org, body)
            #expect(again.status == 200 && again.json["matched"] as? Bool == true)
            #expect(try await stack.readEventsTopic().count == before, "a request that changes nothing writes no event")
            #expect((again.json["patient"] as? [String: Any])?["version"] as? Int == 2)
        }
    }

    @Test("external_id: the patient always carries the supplied value; a different one is reassigned and shown in History")
    func externalIdReassignment() async throws {
        try await withStack { stack in
            let org = try await stack.organization()
            let mrn = org.externalIdTypes["mrn"]!
            let created = try await upsert(stack, org, ["external_id": ["type_id": mrn, "value": "MRN-1"], "first_name": "Ann",
                                                        "last_name": "Lee", "date_of_birth": "1984-07-12"])
            let id = try #require((created.json["patient"] as? [String: Any])?["id"] as? String)
            // Same person by demographics, the EHR now says MRN-2.
            let moved = try await upsert(stack, org, ["external_id": ["type_id": mrn, "value": "MRN-2"], "first_name": "Ann",
                                                      "last_name": "Lee", "date_of_birth": "1984-07-12"])
            #expect(moved.json["match_tier"] as? String == "demographics" || moved.json["match_tier"] is NSNull)
            let p = try #require(moved.json["patient"] as? [String: Any])
            #expect(p["id"] as? String == id)
            let values = (p["external_id_values"] as? [[String: Any]])?.filter { ($0["external_id_type"] as? [String: Any])?["id"] as? String == mrn }
            #expect(values?.map { $0["value"] as? String } == ["MRN-2"])

            let history = try await stack.request(.GET, "/v1/patients/\(id)/history", apiKey: org.apiKey)
            let entries = try #require(history.json["items"] as? [[String: Any]])
            let reassigned = try #require(entries.first { $0["action"] as? String == "external_id_reassigned" })
            let change = try #require((reassigned["changes"] as? [[String: Any]])?.first)
            #expect(change["old"] as? String == "MRN-1" && change["new"] as? String == "MRN-2")
            #expect(reassigned["event_type"] as? String == "clinicledger.patient.external_id_reassigned.v1")

            // MRN-1 is free again: the tier-1 lookup no longer finds Ann by it.
            let byOld = try await stack.request(.POST, "/v1/patients/match-suggestion", apiKey: org.apiKey,
                                                json: ["external_id": ["type_id": mrn, "value": "MRN-1"], "phone_number": "2125550100"])
            #expect(byOld.json["kind"] as? String == "none")
        }
    }

    @Test("An external_id held by a plainly different person is a conflict: dropped and named, never merged")
    func externalIdConflict() async throws {
        try await withStack { stack in
            let org = try await stack.organization()
            let mrn = org.externalIdTypes["mrn"]!
            let ann = try await upsert(stack, org, ["external_id": ["type_id": mrn, "value": "MRN-7"], "first_name": "Ann",
                                                    "last_name": "Lee", "date_of_birth": "1984-07-12"])
            let annId = (ann.json["patient"] as? [String: Any])?["id"] as? String
            let bob = try await upsert(stack, org, ["external_id": ["type_id": mrn, "value": "MRN-7"], "first_name": "Bob",
                                                    "last_name": "Stone", "date_of_birth": "1950-01-02"])
            #expect(bob.status == 200)
            #expect(bob.json["created"] as? Bool == true)
            #expect((bob.json["dropped_fields"] as? [String])?.contains("external_id") == true)
            let bobPatient = try #require(bob.json["patient"] as? [String: Any])
            #expect(bobPatient["id"] as? String != annId)
            #expect((bobPatient["external_id_values"] as? [Any])?.isEmpty == true)
        }
    }

    @Test("Phone lock: after the first communication a supplied phone_number is dropped and named")
    func phoneLock() async throws {
        try await withStack { stack in
            let org = try await stack.organization()
            // The e-mail confirms it is the same Ann when her phone changes (a phone that disagrees with
            // nothing to confirm it would keep a namesake born the same day apart).
            let created = try await upsert(stack, org, ["first_name": "Ann", "last_name": "Lee", "date_of_birth": "1984-07-12",
                                                        "phone_number": "212-555-0100", "email": "ann@example.com"])
            let id = try #require((created.json["patient"] as? [String: Any])?["id"] as? String)
            let before = try await upsert(stack, org, ["first_name": "Ann", "last_name": "Lee", "date_of_birth": "1984-07-12",
                                                       "phone_number": "212-555-0111", "email": "ann@example.com"])
            #expect((before.json["patient"] as? [String: Any])?["id"] as? String == id)
            #expect((before.json["patient"] as? [String: Any])?["phone_number"] as? String == "+12125550111", "no lock before a communication")

            let comm = try await stack.request(.POST, "/v1/patients/\(id)/communications", apiKey: org.apiKey,
                                               json: ["channel": "call", "direction": "outbound", "summary": "intake call"])
            #expect(comm.status == 201, "\(String(decoding: comm.body, as: UTF8.self))")
            let locked = try await upsert(stack, org, ["first_name": "Ann", "last_name": "Lee", "date_of_birth": "1984-07-12",
                                                       "phone_number": "212-555-0199", "email": "ann@example.com", "city": "Troy"])
            #expect((locked.json["patient"] as? [String: Any])?["id"] as? String == id)
            #expect(locked.status == 200)
            #expect(locked.json["dropped_fields"] as? [String] == ["phone_number"])
            let p = try #require(locked.json["patient"] as? [String: Any])
            #expect(p["phone_number"] as? String == "+12125550111")
            #expect(p["city"] as? String == "Troy")
            #expect(p["first_communication_at"] is String)

            let history = try await stack.request(.GET, "/v1/patients/\(id)/history", apiKey: org.apiKey)
            #expect((history.json["items"] as? [[String: Any]])?.contains { $0["action"] as? String == "communication_recorded" } == true)
            let bad = try await stack.request(.POST, "/v1/patients/\(id)/communications", apiKey: org.apiKey, json: ["channel": "pigeon", "direction": "outbound"])
            #expect(bad.status == 422 && bad.errorParam == "channel")
            let unknown = try await stack.request(.POST, "/v1/patients/\(UUID().uuidString)/communications", apiKey: org.apiKey,
                                                  json: ["channel": "sms", "direction": "inbound"])
            #expect(unknown.status == 404)
        }
    }

    @Test("Two different patients matching in one tier are never merged: 409 ambiguous_match, nothing written")
    func ambiguity() async throws {
        try await withStack { stack in
            let org = try await stack.organization()
            // Two people the batch API created separately who share a name and a birthday.
            let batch = try await stack.request(.POST, "/v1/patients/batch", apiKey: org.apiKey, json: ["items": [
                ["first_name": "John", "last_name": "Smith", "date_of_birth": "1970-01-01"],
                ["first_name": "John", "last_name": "Smith", "date_of_birth": "1970-01-01"],
            ]])
            #expect(batch.status == 200)
            let before = try await stack.readEventsTopic().count
            let reply = try await upsert(stack, org, ["first_name": "john", "last_name": "SMITH", "date_of_birth": "01/01/1970", "city": "Rome"])
            #expect(reply.status == 409)
            #expect(reply.errorCode == "ambiguous_match")
            #expect(try await stack.readEventsTopic().count == before)
            let suggestion = try await stack.request(.POST, "/v1/patients/match-suggestion", apiKey: org.apiKey,
                                                     json: ["first_name": "John", "last_name": "Smith", "date_of_birth": "1970-01-01"])
            #expect(suggestion.json["kind"] as? String == "soft")
            #expect(suggestion.json["tier"] as? String == "demographics")
            #expect((suggestion.json["candidate_patient_ids"] as? [String])?.count == 2)
        }
    }

    @Test("match-suggestion runs the matcher without writing: hard, soft, none")
    func matchSuggestion() async throws {
        try await withStack { stack in
            let org = try await stack.organization()
            let created = try await upsert(stack, org, ["first_name": "Robert", "last_name": "Garcia", "date_of_birth": "1990-03-04",
                                                        "phone_number": "646-555-0101"])
            let id = (created.json["patient"] as? [String: Any])?["id"] as? String
            let before = try await stack.readEventsTopic().count
            let hard = try await stack.request(.POST, "/v1/patients/match-suggestion", apiKey: org.apiKey,
                                               json: ["first_name": "robert", "last_name": "GARCIA", "date_of_birth": "03/04/1990"])
            #expect(hard.json["kind"] as? String == "hard" && hard.json["tier"] as? String == "demographics")
            #expect(hard.json["candidate_patient_id"] as? String == id)
            let soft = try await stack.request(.POST, "/v1/patients/match-suggestion", apiKey: org.apiKey,
                                               json: ["first_name": "Bob", "last_name": "Garcia", "phone_number": "+1 646 555 0101"])
            #expect(soft.json["kind"] as? String == "soft" && soft.json["tier"] as? String == "phone_fuzzy_name")
            let none = try await stack.request(.POST, "/v1/patients/match-suggestion", apiKey: org.apiKey,
                                               json: ["first_name": "Omar", "last_name": "Haddad", "phone_number": "646-555-0199"])
            #expect(none.json["kind"] as? String == "none" && none.json["candidate_patient_id"] is NSNull)
            #expect(try await stack.readEventsTopic().count == before, "the dry run wrote nothing")
        }
    }

    @Test("50 concurrent upserts of the same new person create exactly one patient")
    func concurrentSamePerson() async throws {
        try await withStack { stack in
            let org = try await stack.organization()
            let replies = try await withThrowingTaskGroup(of: TestStack.Reply.self) { group in
                for _ in 0..<50 {
                    group.addTask {
                        try await stack.request(.POST, "/v1/patients/upsert", apiKey: org.apiKey, json: [
                            "first_name": "Kim", "last_name": "Park", "date_of_birth": "1979-11-30", "phone_number": "917-555-0123"])
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(replies.allSatisfy { $0.status == 200 })
            #expect(replies.filter { $0.json["created"] as? Bool == true }.count == 1)
            #expect(Set(replies.compactMap { ($0.json["patient"] as? [String: Any])?["id"] as? String }).count == 1)
            #expect(try await stack.request(.GET, "/v1/patients", apiKey: org.apiKey).json["total"] as? Int == 1)
        }
    }
}

@Suite("Upsert: nested parts and restarts", .serialized)
struct UpsertNestedTests {
    @Test("Referral (file_id, physician address), payors (subscriber, services, location_rates), custom_fields and tags are stored and returned")
    func nested() async throws {
        try await withStack { stack in
            let org = try await stack.organization()
            let payor: [String: Any] = [
                "insurance_id": "INS-1", "payor_responsibility": "primary", "insured_member_id": "M123", "plan_name": "Gold",
                "subscriber": ["first_name": "Ann", "last_name": "Lee", "dob": "1984-07-12T00:00:00Z"],
                "services": [["verification_benefits_status": "pending", "location_rates": [["covered_in_network": true, "copay_in_network": 25]]]],
            ]
            let reply = try await stack.request(.POST, "/v1/patients/upsert", apiKey: org.apiKey, json: [
                "first_name": "Ann", "last_name": "Lee", "date_of_birth": "1984-07-12", "tags": ["New", "new", "Spanish"],
                "referral": ["physician_name": "Dr. Grey", "physician_address": "1 Main St", "physician_address_2": "Suite 2",
                             "physician_city": "Albany", "physician_zip": "12207", "file_id": "file_9", "icd_codes": ["m545", "??"],
                             "service_types": ["Physical_Therapy"], "location_id": org.locations["Main"]!],
                "payors": [payor], "custom_fields": ["language": "es", "score": 3],
            ])
            #expect(reply.status == 200)
            #expect(reply.json["dropped_fields"] as? [String] == ["referral.icd_codes[1]"])
            let p = try #require(reply.json["patient"] as? [String: Any])
            #expect((p["tags"] as? [[String: Any]])?.compactMap { $0["name"] as? String }.sorted() == ["New", "Spanish"])
            let referral = try #require((p["referrals"] as? [[String: Any]])?.first)
            #expect(referral["file_id"] as? String == "file_9")
            #expect(referral["physician_address_2"] as? String == "Suite 2")
            #expect(referral["icd_codes"] as? [String] == ["M54.5"])
            #expect(referral["service_types"] as? [String] == ["physical_therapy"])
            let storedPayor = try #require((p["payors"] as? [[String: Any]])?.first)
            #expect(storedPayor["id"] is String)
            #expect(storedPayor["plan_name"] as? String == "Gold")
            #expect((storedPayor["subscriber"] as? [String: Any])?["last_name"] as? String == "Lee")
            let rate = ((storedPayor["services"] as? [[String: Any]])?.first?["location_rates"] as? [[String: Any]])?.first
            #expect(rate?["copay_in_network"] as? Int == 25)
            #expect(storedPayor["eligibility_check_status"] is NSNull)
            #expect((p["custom_fields"] as? [String: Any])?["language"] as? String == "es")

            // Read back through GET: the same resource.
            let id = try #require(p["id"] as? String)
            let got = try await stack.request(.GET, "/v1/patients/\(id)", apiKey: org.apiKey)
            #expect(((got.json["payors"] as? [[String: Any]])?.first)?["insurance_id"] as? String == "INS-1")
        }
    }

    @Test("After a restart the writers rebuild the match index: the same person still matches, the lock still holds")
    func afterRestart() async throws {
        try await withStack { stack in
            let org = try await stack.organization()
            let body: [String: Any] = ["first_name": "Ann", "last_name": "Lee", "date_of_birth": "1984-07-12", "phone_number": "212-555-0100"]
            let created = try await stack.request(.POST, "/v1/patients/upsert", apiKey: org.apiKey, json: body)
            let id = try #require((created.json["patient"] as? [String: Any])?["id"] as? String)
            #expect(try await stack.request(.POST, "/v1/patients/\(id)/communications", apiKey: org.apiKey,
                                            json: ["channel": "call", "direction": "inbound"]).status == 201)
            try await stack.restart()
            var again = body
            again["phone_number"] = "212-555-0100"
            again["city"] = "Troy"
            let matched = try await stack.request(.POST, "/v1/patients/upsert", apiKey: org.apiKey, json: again)
            #expect(matched.json["matched"] as? Bool == true)
            #expect((matched.json["patient"] as? [String: Any])?["id"] as? String == id)
            #expect(matched.json["dropped_fields"] as? [String] == ["phone_number"], "the phone lock survives a restart")
        }
    }
}
