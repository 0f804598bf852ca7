import Foundation
import ReadModels
import Runtime
import Testing

/// Issue 13's review queue through HTTP: possible duplicates listed most probable first, merged
/// (the survivor keeps external ids and History; the merged patient's reads redirect to it) or
/// marked not a duplicate (gone from the queue for good), and a rebuild of the read models gives
/// the same answers.
@Suite("Review queue: possible duplicates, merge, not-duplicate", .serialized)
struct ReviewQueueTests {
    func upsert(_ stack: TestStack, _ org: TestStack.Organization, _ body: [String: Any]) async throws -> TestStack.Reply {
        try await stack.request(.POST, "/v1/patients/upsert", apiKey: org.apiKey, json: body)
    }

    func patientId(_ reply: TestStack.Reply) throws -> String {
        try #require((reply.json["patient"] as? [String: Any])?["id"] as? String, "\(reply.status) \(reply.json)")
    }

    func queue(_ stack: TestStack, _ org: TestStack.Organization, _ query: String = "") async throws -> (items: [[String: Any]], total: Int) {
        let reply = try await stack.request(.GET, "/v1/patients/possible-duplicates\(query)", apiKey: org.apiKey)
        #expect(reply.status == 200, "\(reply.json)")
        return (reply.json["items"] as? [[String: Any]] ?? [], reply.json["total"] as? Int ?? -1)
    }

    /// Two near misses (same name, birth year one off, another city): each creates a patient and
    /// a possible duplicate of the first Ann Lee / Bo Chan. Returns (existing, new) ids per pair.
    func twoPairs(_ stack: TestStack, _ org: TestStack.Organization) async throws -> [(existing: String, new: String)] {
        var pairs: [(String, String)] = []
        let mrn = try #require(org.externalIdTypes["mrn"])
        // Unrelated to each other: another birth date and city (a shared birth date and city alone
        // already reach the review threshold).
        for (first, last, ext, born, nearBorn, city, nearCity) in [("Ann", "Lee", "MRN-ANN", "1984-07-12", "1985-07-12", "Albany", "Troy"),
                                                                   ("Bo", "Chan", "MRN-BO", "1990-03-05", "1991-03-05", "Buffalo", "Ithaca")] {
            let existing = try await upsert(stack, org, ["first_name": first, "last_name": last, "date_of_birth": born,
                                                         "city": city, "external_id": ["type_id": mrn, "value": ext]])
            let near = try await upsert(stack, org, ["first_name": first, "last_name": last, "date_of_birth": nearBorn, "city": nearCity])
            #expect(near.json["possible_duplicate_of"] as? String == (try patientId(existing)))
            pairs.append((try patientId(existing), try patientId(near)))
        }
        return pairs
    }

    @Test("The queue lists each pair once with both patients and the evidence, pages, and refuses a bad limit naming it")
    func listing() async throws {
        try await withStack { stack in
            let org = try await stack.organization()
            let pairs = try await twoPairs(stack, org)
            let (items, total) = try await queue(stack, org)
            #expect(total == 2 && items.count == 2, "\(total) \(items)")
            let probabilities = items.compactMap { $0["match_probability"] as? Double }
            #expect(probabilities == probabilities.sorted(by: >), "most probable first")
            for (existing, new) in pairs {
                let item = try #require(items.first { ($0["candidate"] as? [String: Any])?["id"] as? String == existing })
                #expect((item["patient"] as? [String: Any])?["id"] as? String == new)
                #expect((item["evidence"] as? [[String: Any]])?.contains { $0["field"] as? String == "date_of_birth" } == true)
            }
            let page = try await queue(stack, org, "?skip=1&limit=1")
            #expect(page.total == 2 && page.items.count == 1)
            let bad = try await stack.request(.GET, "/v1/patients/possible-duplicates?limit=0", apiKey: org.apiKey)
            #expect(bad.status == 400 && bad.errorParam == "limit")
            // Another organization sees none of it.
            let other = try await stack.organization()
            #expect(try await queue(stack, other).total == 0)
        }
    }

    @Test("Merge: the survivor keeps the external ids and both Histories; the merged patient's reads redirect; a rebuild agrees")
    func merge() async throws {
        try await withStack { stack in
            let org = try await stack.organization()
            let pairs = try await twoPairs(stack, org)
            let (annOld, annNew) = pairs[0]
            // The new record survives; the old one (holding MRN-ANN) is merged into it.
            let merged = try await stack.request(.POST, "/v1/patients/\(annNew)/merge", apiKey: org.apiKey, json: ["duplicate_id": annOld])
            #expect(merged.status == 200, "\(merged.json)")
            #expect(merged.json["merged_patient_id"] as? String == annOld)
            let survivor = try #require(merged.json["patient"] as? [String: Any])
            #expect(survivor["id"] as? String == annNew)
            let externalIds = (survivor["external_id_values"] as? [[String: Any]] ?? []).compactMap { $0["value"] as? String }
            #expect(externalIds.contains("MRN-ANN"), "\(survivor)")

            // The pair left the queue; the other stays.
            let (items, total) = try await queue(stack, org)
            #expect(total == 1 && (items.first?["candidate"] as? [String: Any])?["id"] as? String == pairs[1].existing)

            // The merged patient's reads land on the survivor.
            let read = try await stack.request(.GET, "/v1/patients/\(annOld)", apiKey: org.apiKey)
            #expect(read.status == 200 && read.json["id"] as? String == annNew, "\(read.status) \(read.json)")
            let history = try await stack.request(.GET, "/v1/patients/\(annOld)/history", apiKey: org.apiKey)
            #expect(history.status == 200)
            let survivorHistory = try await stack.request(.GET, "/v1/patients/\(annNew)/history", apiKey: org.apiKey)
            let actions = (survivorHistory.json["items"] as? [[String: Any]] ?? []).compactMap { $0["action"] as? String }
            #expect(actions.filter { $0 == "created" }.count == 2, "both creations: \(actions)")
            #expect(actions.contains("merged") && !actions.contains("merged_into"), "\(actions)")
            #expect(actions.filter { $0 == "possible_duplicate_found" }.count == 1, "the pair's event once: \(survivorHistory.json)")
            #expect(history.body == survivorHistory.body)
            // The list no longer shows the merged patient.
            let list = try await stack.request(.GET, "/v1/patients?limit=100", apiKey: org.apiKey)
            let listed = (list.json["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
            #expect(listed.contains(annNew) && !listed.contains(annOld))
            // An upsert with the merged patient's external id updates the survivor.
            let mrn = try #require(org.externalIdTypes["mrn"])
            let byExternalId = try await upsert(stack, org, ["external_id": ["type_id": mrn, "value": "MRN-ANN"], "first_name": "Ann", "last_name": "Lee",
                                                             "date_of_birth": "1985-07-12", "city": "Schenectady"])
            #expect(try patientId(byExternalId) == annNew && byExternalId.json["match_tier"] as? String == "external_id")

            // Again: the same answer; the other way round: refused, naming the survivor.
            let again = try await stack.request(.POST, "/v1/patients/\(annNew)/merge", apiKey: org.apiKey, json: ["duplicate_id": annOld])
            #expect(again.status == 200)
            let backwards = try await stack.request(.POST, "/v1/patients/\(annOld)/merge", apiKey: org.apiKey, json: ["duplicate_id": annNew])
            #expect(backwards.status == 409 && backwards.errorCode == "patient_merged" && backwards.errorParam == "id")

            // A rebuild of the patients and History read models reproduces all of it.
            let config = stack.runtime.configuration
            for name in [PatientsProjection.name, PatientHistoryProjection.name] {
                let live = try await ProjectionsAdmin.checksum(config, name: name, logger: stack.logger)
                let rebuilt = try await ProjectionsAdmin.rebuild(config, name: name, logger: stack.logger)
                #expect(rebuilt.checksum == live, "\(name): rebuilt \(rebuilt.checksum), live \(live)")
            }
            let afterRebuild = try await stack.request(.GET, "/v1/patients/\(annOld)/history", apiKey: org.apiKey)
            #expect(afterRebuild.status == 200)
            let rebuiltActions = (afterRebuild.json["items"] as? [[String: Any]] ?? []).compactMap { $0["action"] as? String }
            #expect(rebuiltActions.contains("merged") && rebuiltActions.filter { $0 == "created" }.count == 2)
            #expect(try await queue(stack, org).total == 1)
        }
    }

    @Test("Not-duplicate: the pair leaves the queue for good, both Histories say so; bad bodies are refused naming duplicate_id")
    func notDuplicate() async throws {
        try await withStack { stack in
            let org = try await stack.organization()
            let pairs = try await twoPairs(stack, org)
            let (boOld, boNew) = pairs[1]
            let reply = try await stack.request(.POST, "/v1/patients/\(boOld)/not-duplicate", apiKey: org.apiKey, json: ["duplicate_id": boNew])
            #expect(reply.status == 200 && reply.json["not_duplicate"] as? Bool == true, "\(reply.json)")
            let twice = try await stack.request(.POST, "/v1/patients/\(boNew)/not-duplicate", apiKey: org.apiKey, json: ["duplicate_id": boOld])
            #expect(twice.status == 200)
            let (items, total) = try await queue(stack, org)
            #expect(total == 1 && (items.first?["candidate"] as? [String: Any])?["id"] as? String == pairs[0].existing)
            for id in [boOld, boNew] {
                let history = try await stack.request(.GET, "/v1/patients/\(id)/history", apiKey: org.apiKey)
                let actions = (history.json["items"] as? [[String: Any]] ?? []).compactMap { $0["action"] as? String }
                #expect(actions.filter { $0 == "marked_not_duplicate" }.count == 1, "written once: \(actions)")
            }
            // Both patients stay readable, each itself.
            #expect(try await stack.request(.GET, "/v1/patients/\(boNew)", apiKey: org.apiKey).json["id"] as? String == boNew)

            for (body, code) in [([String: Any](), "missing_field"), (["duplicate_id": "nope"], "invalid_value"),
                                 (["duplicate_id": boOld], "invalid_value"), (["duplicate_id": UUID().uuidString], "unknown_reference")] {
                let refused = try await stack.request(.POST, "/v1/patients/\(boOld)/not-duplicate", apiKey: org.apiKey, json: body)
                #expect(refused.status == 422 && refused.errorParam == "duplicate_id" && refused.errorCode == code,
                        "\(body): \(refused.status) \(refused.json)")
            }
            let unknown = try await stack.request(.POST, "/v1/patients/\(UUID().uuidString)/merge", apiKey: org.apiKey,
                                                  json: ["duplicate_id": boOld])
            #expect(unknown.status == 404)
        }
    }
}
