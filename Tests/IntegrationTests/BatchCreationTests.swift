import Foundation
import Testing

@Suite("POST /v1/patients/batch and the patient read model", .serialized)
struct BatchCreationTests {
    @Test("A batch creates every patient, answers ids in request order, and GET returns each in seed 001's shape")
    func happyPath() async throws {
        try await withStack { stack in
            let org = try await stack.organization()
            let stage = org.stages["Intake"]!, user = org.users["dana@clinic.example"]!, location = org.locations["Main"]!
            let items: [[String: Any]] = [
                patientItem("Ann", "Lee", ["middle_name": "Q", "email": "Ann.Lee@Example.COM", "gender": "female", "state": "new_york",
                                           "zip": "10001", "address": "1 First Ave", "city": "New York", "external_id": "EHR-1",
                                           "workflow_stage_id": stage, "assigned_user_id": user, "tags": ["VIP", "spanish"],
                                           "additional_phone_number": "+1 646 555 0100", "comments": "prefers mornings",
                                           "referral": ["physician_name": "Dr. Grey", "physician_npi": "1234567893", "icd_codes": ["m545"],
                                                        "service_types": ["physical_therapy"], "start_date": "2026-01-05",
                                                        "end_date": "2026-03-05", "location_id": location]]),
                patientItem("Ben", "Ortiz", ["tags": ["vip"], "state": "texas"]),
                patientItem("Cy", "Park"),
            ]
            let reply = try await stack.request(.POST, "/v1/patients/batch", apiKey: org.apiKey, json: ["items": items])
            #expect(reply.status == 200)
            #expect(reply.json["created_count"] as? Int == 3)
            let ids = try #require(reply.json["patient_ids"] as? [String])
            #expect(ids.count == 3 && Set(ids).count == 3)

            let ann = try await stack.request(.GET, "/v1/patients/\(ids[0])", apiKey: org.apiKey)
            #expect(ann.status == 200)
            let p = ann.json
            #expect(p["id"] as? String == ids[0])
            #expect(p["organization_id"] as? String == org.id)
            #expect(p["first_name"] as? String == "Ann")
            #expect(p["email"] as? String == "Ann.Lee@example.com")
            #expect(p["phone_number"] as? String == "+12125550188")
            #expect(p["additional_phone_number"] as? String == "+16465550100")
            #expect(p["date_of_birth"] as? String == "1984-07-12")
            #expect(p["state"] as? String == "new_york")
            #expect(p["version"] as? Int == 1)
            #expect(p["active"] as? Bool == true)
            #expect(p["first_communication_at"] is NSNull)
            #expect((p["payors"] as? [Any])?.isEmpty == true)
            #expect(Set((p["tags"] as? [[String: Any]])?.compactMap { $0["name"] as? String } ?? []) == ["VIP", "spanish"])
            #expect((p["workflow_stage"] as? [String: Any])?["title"] as? String == "Intake")
            #expect((p["assigned_user"] as? [String: Any])?["email"] as? String == "dana@clinic.example")
            let referral = try #require((p["referrals"] as? [[String: Any]])?.first)
            #expect(referral["icd_codes"] as? [String] == ["M54.5"])
            #expect(referral["service_types"] as? [String] == ["physical_therapy"])
            #expect(referral["location_id"] as? String == location)
            let external = try #require((p["external_id_values"] as? [[String: Any]])?.first)
            #expect(external["value"] as? String == "EHR-1")

            // The tag created by Ann's item is reused, case-insensitively, by Ben's.
            let ben = try await stack.request(.GET, "/v1/patients/\(ids[1])", apiKey: org.apiKey)
            #expect((ben.json["tags"] as? [[String: Any]])?.first?["name"] as? String == "VIP")
            let tags = try await stack.request(.GET, "/v1/tags", apiKey: org.apiKey)
            #expect((tags.json["items"] as? [Any])?.count == 2)
        }
    }

    @Test("GET /v1/patients pages with skip/limit and filters by stage, tags, states and created_from")
    func listAndFilters() async throws {
        try await withStack { stack in
            let org = try await stack.organization()
            let stage = org.stages["Scheduled"]!
            let items = (0..<7).map { i in
                patientItem("P\(i)", "Doe", i < 3 ? ["state": "ohio", "tags": ["blue"], "workflow_stage_id": stage] : ["state": "utah"])
            }
            #expect(try await stack.request(.POST, "/v1/patients/batch", apiKey: org.apiKey, json: ["items": items]).status == 200)

            let page = try await stack.request(.GET, "/v1/patients?skip=2&limit=3", apiKey: org.apiKey)
            #expect(page.json["total"] as? Int == 7)
            #expect((page.json["items"] as? [[String: Any]])?.map { $0["first_name"] as? String } == ["P2", "P3", "P4"])
            for query in ["states=ohio", "tags=BLUE", "workflow_stage_ids=\(stage)", "states=ohio,idaho&tags=blue"] {
                let r = try await stack.request(.GET, "/v1/patients?\(query)", apiKey: org.apiKey)
                #expect(r.json["total"] as? Int == 3, "filter \(query)")
            }
            #expect(try await stack.request(.GET, "/v1/patients?created_from=api", apiKey: org.apiKey).json["total"] as? Int == 7)
            #expect(try await stack.request(.GET, "/v1/patients?created_from=fax", apiKey: org.apiKey).json["total"] as? Int == 0)
            // A bad query parameter is a malformed request: 400, naming it.
            let bad = try await stack.request(.GET, "/v1/patients?limit=1000", apiKey: org.apiKey)
            #expect(bad.status == 400 && bad.errorParam == "limit")
            let badState = try await stack.request(.GET, "/v1/patients?states=NY", apiKey: org.apiKey)
            #expect(badState.status == 400 && badState.errorParam == "states")
            let tooMany = try await stack.request(.GET, "/v1/patients?tags=" + (0...100).map { "t\($0)" }.joined(separator: ","), apiKey: org.apiKey)
            #expect(tooMany.status == 400 && tooMany.errorParam == "tags" && tooMany.errorCode == "too_many_items")
        }
    }

    @Test("The History view has one entry per event: when, who, channel, and the fields set")
    func history() async throws {
        try await withStack { stack in
            let org = try await stack.organization()
            let reply = try await stack.request(.POST, "/v1/patients/batch", apiKey: org.apiKey,
                                                json: ["items": [patientItem("Ann", "Lee", ["external_id": "X-9"])]])
            let id = try #require((reply.json["patient_ids"] as? [String])?.first)
            let history = try await stack.request(.GET, "/v1/patients/\(id)/history", apiKey: org.apiKey)
            #expect(history.status == 200)
            let entries = try #require(history.json["items"] as? [[String: Any]])
            #expect(entries.count == 1)
            let entry = entries[0]
            #expect(entry["action"] as? String == "created")
            #expect(entry["channel"] as? String == "api")
            #expect((entry["actor"] as? String)?.hasPrefix("api_key:") == true)
            #expect(entry["occurred_at"] is String)
            let changes = try #require(entry["changes"] as? [[String: Any]])
            let fields = Dictionary(uniqueKeysWithValues: changes.map { ($0["field"] as! String, $0["new"] as? String) })
            #expect(fields["first_name"] == "Ann")
            #expect(fields["date_of_birth"] == "1984-07-12")
            #expect(fields.contains { $0.key.hasPrefix("external_id_values.") && $0.value == "X-9" })
            #expect(changes.allSatisfy { $0["old"] is NSNull })
        }
    }

    @Test("Reference data lists show what org apply declared")
    func referenceData() async throws {
        try await withStack { stack in
            let org = try await stack.organization()
            let locations = try await stack.request(.GET, "/v1/locations", apiKey: org.apiKey)
            #expect(Set((locations.json["items"] as? [[String: Any]])?.compactMap { $0["name"] as? String } ?? []) == ["Main", "Annex"])
            let stages = try await stack.request(.GET, "/v1/workflow-stages", apiKey: org.apiKey)
            #expect((stages.json["items"] as? [[String: Any]])?.map { $0["title"] as? String } == ["Intake", "Scheduled"])
            let users = try await stack.request(.GET, "/v1/users", apiKey: org.apiKey)
            #expect((users.json["items"] as? [[String: Any]])?.first?["email"] as? String == "dana@clinic.example")
            let types = try await stack.request(.GET, "/v1/external-id-types", apiKey: org.apiKey)
            #expect((types.json["items"] as? [[String: Any]])?.map { $0["name"] as? String } == ["external_id", "mrn"])

            // Applying again with one change updates that entity under the same id and creates nothing else.
            let again = try await stack.request(.PUT, "/admin/v1/organizations/\(org.id)/reference-data", admin: true, json: [
                "locations": [["name": "Main", "timezone": "America/Chicago"]]])
            #expect(again.json["changes"] as? Int == 1)
            let main = (again.json["locations"] as? [[String: Any]])?.first { $0["name"] as? String == "Main" }
            #expect(main?["id"] as? String == org.locations["Main"])
            #expect(main?["timezone"] as? String == "America/Chicago")
        }
    }
}
