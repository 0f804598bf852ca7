import Domain
import Foundation
@testable import HTTPAPI
import Testing

/// Cliniko's group appointments and attendees over HTTP, as Cliniko's docs show requests: Basic
/// auth with the key as user name and no password, a `User-Agent: APP (email)`, raw `q[]` arrays
/// (percent-encoded brackets, as a URL library sends them).
@Suite("Cliniko group appointments and attendees over HTTP", .serialized)
struct ClinikoGroupAppointmentTests {
    /// An organization with two businesses, two practitioners working every day 08:00–17:00 (Ada
    /// at Main in New York, Bo at Annex in London), three appointment types, three patients and
    /// an unavailable block of Ada's (day 20, 09:00–12:00 New York).
    struct Clinic {
        let org: TestStack.Organization
        /// Name → Cliniko id (types, businesses, practitioners); patients as P1, P2, P3.
        let ids: [String: String]
        var headers: [String: String] {
            ["Authorization": "Basic " + Data("\(org.apiKey):".utf8).base64EncodedString(), "User-Agent": "ClinicLedgerTests (tests@example.com)"]
        }
        subscript(_ name: String) -> String { ids[name]! }
    }

    static let newYork = TimeZone(identifier: "America/New_York")!

    /// `days` from today at `hour:minute` on New York's clock, as RFC 3339 UTC.
    static func at(_ days: Int, _ hour: Int, _ minute: Int = 0, zone: TimeZone = newYork) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let day = calendar.date(byAdding: .day, value: days, to: calendar.startOfDay(for: Date()))!
        let instant = calendar.date(bySettingHour: hour, minute: minute, second: 0, of: day)!
        return ISO8601DateFormatter().string(from: instant)
    }

    static func date(_ text: Any?) -> Date? { (text as? String).flatMap(RFC3339.parse) }

    /// The same instant written with New York's offset (`…T12:00:00-05:00`).
    static func withOffset(_ utc: String) -> String {
        let f = ISO8601DateFormatter()
        f.timeZone = newYork
        return f.string(from: RFC3339.parse(utc)!)
    }

    static func clinic(_ stack: TestStack) async throws -> Clinic {
        let org = try await stack.organization()
        let week = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
        let hours = Dictionary(uniqueKeysWithValues: week.map { ($0, ["08:00-17:00"]) })
        let block = [["practitioner": "Ada Park", "starts_at": Self.at(20, 9), "ends_at": Self.at(20, 12)]]
        let applied = try await stack.request(.PUT, "/admin/v1/organizations/\(org.id)/reference-data", admin: true, json: [
            "locations": [["name": "Main", "timezone": "America/New_York"], ["name": "Annex", "timezone": "Europe/London"]],
            "practitioners": [["name": "Ada Park", "email": "ada@example.com", "locations": ["Main"], "working_hours": hours],
                              ["name": "Bo Chen", "email": "bo@example.com", "locations": ["Annex"], "working_hours": hours]],
            "appointment_types": [["name": "Group Pilates", "duration_minutes": 45, "max_attendees": 8],
                                  ["name": "Small Group", "duration_minutes": 60, "max_attendees": 2],
                                  ["name": "Initial Evaluation", "duration_minutes": 60, "max_attendees": 1]],
            "unavailable_blocks": block,
        ])
        guard applied.status == 200 else { throw TestFailure("reference data: \(applied.status) \(String(decoding: applied.body, as: UTF8.self))") }
        var ids: [String: String] = [:]
        for list in ["locations", "practitioners", "appointment_types"] {
            for entry in applied.json[list] as? [[String: Any]] ?? [] {
                if let name = entry["name"] as? String, let id = (entry["id"] as? String).flatMap(UUID.init(uuidString:)) { ids[name] = ClinikoIds.text(id) }
            }
        }
        let batch = try await stack.request(.POST, "/v1/patients/batch", apiKey: org.apiKey, json: [
            "items": [patientItem("Ann", "Lee"), patientItem("Ben", "Roe"), patientItem("Cat", "Poe")]])
        let patients = (batch.json["patient_ids"] as? [String] ?? []).compactMap(UUID.init(uuidString:))
        guard patients.count == 3 else { throw TestFailure("patients: \(batch.status)") }
        for (i, p) in patients.enumerated() { ids["P\(i + 1)"] = ClinikoIds.text(p) }
        return Clinic(org: org, ids: ids)
    }

    /// A create body for Ada's Group Pilates at Main, `days` from today at 10:00 New York.
    static func body(_ c: Clinic, days: Int = 14, hour: Int = 10, _ extra: [String: Any] = [:]) -> [String: Any] {
        var b: [String: Any] = ["appointment_type_id": c["Group Pilates"], "business_id": c["Main"], "practitioner_id": c["Ada Park"],
                                "starts_at": at(days, hour)]
        for (k, v) in extra { b[k] = v }
        return b
    }

    static func create(_ stack: TestStack, _ c: Clinic, _ body: [String: Any]) async throws -> [String: Any] {
        let reply = try await stack.request(.POST, "/v1/group_appointments", json: body, headers: c.headers)
        guard reply.status == 201 else { throw TestFailure("create: \(reply.status) \(String(decoding: reply.body, as: UTF8.self))") }
        return reply.json
    }

    static func selfLink(_ json: [String: Any], _ key: String? = nil) -> String? {
        let holder = key.map { json[$0] as? [String: Any] ?? [:] } ?? json
        return (holder["links"] as? [String: Any])?["self"] as? String
    }

    /// The field of a 422 `{"message":"Validation Failed","errors":{field: message}}`, nil for any other answer.
    static func refusedField(_ r: TestStack.Reply) -> String? {
        guard r.status == 422, r.json["message"] as? String == "Validation Failed", let errors = r.json["errors"] as? [String: Any],
              errors.count == 1 else { return nil }
        return errors.keys.first
    }

    static func ids(_ r: TestStack.Reply, _ key: String = "group_appointments") -> [String] {
        (r.json[key] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
    }

    /// A link as a path the test client can request.
    func path(_ url: String?, _ stack: TestStack) -> String { (url ?? "").replacingOccurrences(of: "http://127.0.0.1:\(stack.port)", with: "") }

    @Test("create weekly ×3 → 4 records: defaults from the type, repeated_from/repeats links that resolve, list by repeated_from_id, Idempotency-Key")
    func createWithRepeats() async throws {
        try await withStack { stack in
            let c = try await Self.clinic(stack)
            let base = "http://127.0.0.1:\(stack.port)"
            let rule: [String: Any] = ["repeat_type": "Weekly", "number_of_repeats": 3, "repeating_interval": 1]
            let sent = Self.body(c, ["repeat_rule": rule, "notes": "Bring a mat", "unknown_field": "ignored"])
            let keyed = c.headers.merging(["Idempotency-Key": "create-1"]) { $1 }
            let reply = try await stack.request(.POST, "/v1/group_appointments", json: sent, headers: keyed)
            #expect(reply.status == 201, "\(String(decoding: reply.body, as: UTF8.self))")
            let first = reply.json
            let id = try #require(first["id"] as? String)
            #expect(ClinikoIds.parse(id) != nil)
            #expect(Self.date(first["starts_at"]) == Self.date(Self.at(14, 10)))
            #expect((first["starts_at"] as? String)?.hasSuffix("Z") == true)
            #expect(Self.date(first["ends_at"]) == Self.date(Self.at(14, 10, 45)), "ends_at from the type's 45 minutes")
            #expect(first["max_attendees"] as? Int == 8, "max_attendees from the type")
            #expect(first["notes"] as? String == "Bring a mat" && first["telehealth_url"] is NSNull)
            #expect(first["patient_ids"] as? [String] == [] && first["archived_at"] is NSNull && first["deleted_at"] is NSNull)
            #expect((first["repeat_rule"] as? [String: Any])?["repeat_type"] as? String == "Weekly")
            #expect((first["repeat_rule"] as? [String: Any])?["number_of_repeats"] as? Int == 3)
            #expect(first["repeated_from"] is NSNull)
            #expect(Self.selfLink(first) == "\(base)/v1/group_appointments/\(id)")
            #expect(Self.selfLink(first, "appointment_type") == "\(base)/v1/appointment_types/\(c["Group Pilates"])")
            #expect(Self.selfLink(first, "business") == "\(base)/v1/businesses/\(c["Main"])")
            #expect(Self.selfLink(first, "practitioner") == "\(base)/v1/practitioners/\(c["Ada Park"])")
            #expect(Self.selfLink(first, "attendees") == "\(base)/v1/group_appointments/\(id)/attendees")
            #expect(Self.selfLink(first, "conflicts") == "\(base)/v1/group_appointments/\(id)/conflicts")
            let repeatsURL = try #require(Self.selfLink(first, "repeats"))
            #expect(repeatsURL == "\(base)/v1/group_appointments?q%5B%5D=repeated_from_id%3A%3D\(id)")
            #expect(first["unknown_field"] == nil)

            // A retry with the same key answers the same booking and writes nothing more.
            let retry = try await stack.request(.POST, "/v1/group_appointments", json: sent, headers: keyed)
            #expect(retry.status == 201 && retry.json["id"] as? String == id && retry.header("Idempotent-Replayed") == "true")
            let reused = try await stack.request(.POST, "/v1/group_appointments", json: Self.body(c, days: 40), headers: keyed)
            #expect(reused.status == 409)

            // The repeats link resolves to the three repeats, each a week later at 10:00 New York, linking back to the first.
            // The occurrences of a series share created_at (one decision): sort by starts_at to list them by time.
            let repeats = try await stack.request(.GET, path(repeatsURL, stack) + "&sort=starts_at", headers: c.headers)
            #expect(repeats.status == 200 && repeats.json["total_entries"] as? Int == 3)
            let items = repeats.json["group_appointments"] as? [[String: Any]] ?? []
            #expect(items.map { Self.date($0["starts_at"]) } == (1...3).map { Self.date(Self.at(14 + 7 * $0, 10)) })
            #expect(items.allSatisfy { Self.selfLink($0, "repeated_from") == "\(base)/v1/group_appointments/\(id)" && $0["repeats"] is NSNull })
            let raw = try await stack.request(.GET, "/v1/group_appointments?q[]=repeated_from_id:=\(id)&sort=starts_at", headers: c.headers)
            #expect(Self.ids(raw) == items.compactMap { $0["id"] as? String })
            let all = try await stack.request(.GET, "/v1/group_appointments?sort=starts_at", headers: c.headers)
            #expect(all.json["total_entries"] as? Int == 4 && Self.ids(all).first == id, "4 records, the first first")
            let one = try await stack.request(.GET, "/v1/group_appointments/\(Self.ids(raw)[1])", headers: c.headers)
            #expect(one.status == 200 && Self.date(one.json["starts_at"]) == Self.date(Self.at(28, 10)))

            // Ids as JSON numbers, an end with an offset, max_attendees given.
            var numbers = Self.body(c, days: 15, ["ends_at": Self.withOffset(Self.at(15, 12)), "max_attendees": 5,
                                                  "telehealth_url": "https://meet.example/pilates"])
            numbers["appointment_type_id"] = Int64(c["Group Pilates"])!
            #expect((numbers["ends_at"] as? String)?.hasSuffix("Z") == false)
            let typed = try await Self.create(stack, c, numbers)
            #expect(Self.date(typed["ends_at"]) == Self.date(Self.at(15, 12)) && typed["max_attendees"] as? Int == 5)
            #expect(typed["repeat_rule"] is NSNull && typed["repeats"] is NSNull && typed["telehealth_url"] as? String == "https://meet.example/pilates")
        }
    }

    @Test("each refusal is 422 Validation Failed naming its field")
    func createRefusals() async throws {
        try await withStack { stack in
            let c = try await Self.clinic(stack)
            let other = try await Self.clinic(stack)
            var missing = Self.body(c)
            missing.removeValue(forKey: "appointment_type_id")
            var missingStart = Self.body(c)
            missingStart.removeValue(forKey: "starts_at")
            let cases: [([String: Any], String)] = [
                (missing, "appointment_type_id"),
                (missingStart, "starts_at"),
                (Self.body(c, ["business_id": other["Main"]]), "business_id"),
                (Self.body(c, ["business_id": "abc"]), "business_id"),
                (Self.body(c, ["practitioner_id": c["Bo Chen"]]), "practitioner_id"),
                (Self.body(c, ["appointment_type_id": c["Initial Evaluation"]]), "appointment_type_id"),
                (Self.body(c, ["starts_at": "tomorrow"]), "starts_at"),
                (Self.body(c, ["starts_at": 12]), "starts_at"),
                (Self.body(c, ["max_attendees": 101]), "max_attendees"),
                (Self.body(c, ["ends_at": Self.at(14, 9)]), "ends_at"),
                (Self.body(c, ["repeat_rule": ["repeat_type": "Yearly", "number_of_repeats": 2, "repeating_interval": 1]]), "repeat_rule.repeat_type"),
                (Self.body(c, ["repeat_rule": ["repeat_type": "Daily", "number_of_repeats": 52, "repeating_interval": 1]]), "repeat_rule.number_of_repeats"),
                (Self.body(c, ["repeat_rule": ["repeat_type": "Daily", "number_of_repeats": 2]]), "repeat_rule.repeating_interval"),
                (Self.body(c, ["repeat_rule": "weekly"]), "repeat_rule"),
            ]
            for (body, field) in cases {
                let reply = try await stack.request(.POST, "/v1/group_appointments", json: body, headers: c.headers)
                #expect(Self.refusedField(reply) == field, "\(field): \(reply.status) \(String(decoding: reply.body, as: UTF8.self))")
            }
            // Ada is busy at the time of an existing class: 422 starts_at, not 409.
            _ = try await Self.create(stack, c, Self.body(c))
            let clash = try await stack.request(.POST, "/v1/group_appointments", json: Self.body(c, hour: 10), headers: c.headers)
            #expect(Self.refusedField(clash) == "starts_at")
            let all = try await stack.request(.GET, "/v1/group_appointments", headers: c.headers)
            #expect(all.json["total_entries"] as? Int == 1, "nothing refused was written")
        }
    }

    @Test("list: starts_at ranges, practitioner_id, patient_ids ~, sort desc, paging links only where they apply, 400 for a bad filter")
    func listFilters() async throws {
        try await withStack { stack in
            let c = try await Self.clinic(stack)
            let a = try #require(try await Self.create(stack, c, Self.body(c, days: 15, hour: 9))["id"] as? String)
            let b = try #require(try await Self.create(stack, c, Self.body(c, days: 16, hour: 9))["id"] as? String)
            let bo = try await Self.create(stack, c, ["appointment_type_id": c["Group Pilates"], "business_id": c["Annex"],
                                                      "practitioner_id": c["Bo Chen"], "starts_at": Self.at(15, 6)])  // 11:00 in London
            let boId = try #require(bo["id"] as? String)
            let added = try await stack.request(.POST, "/v1/attendees", json: ["booking_id": a, "patient_id": c["P1"]], headers: c.headers)
            #expect(added.status == 201)

            func list(_ query: String) async throws -> TestStack.Reply {
                let reply = try await stack.request(.GET, "/v1/group_appointments?\(query)", headers: c.headers)
                #expect(reply.status == 200, "\(query): \(String(decoding: reply.body, as: UTF8.self))")
                return reply
            }
            let enc = { (s: String) in s.addingPercentEncoding(withAllowedCharacters: .alphanumerics)! }
            let day16 = try await list("q%5B%5D=starts_at:%3E%3D\(enc(Self.at(16, 0)))&q%5B%5D=starts_at:%3C\(enc(Self.at(17, 0)))")
            #expect(Self.ids(day16) == [b])
            let day15 = try await list("q%5B%5D=starts_at:%3E\(enc(Self.at(15, 0)))&q%5B%5D=starts_at:%3C%3D\(enc(Self.at(15, 23)))&sort=starts_at")
            #expect(Self.ids(day15) == [boId, a])
            #expect(Self.ids(try await list("q%5B%5D=practitioner_id:=\(c["Bo Chen"])")) == [boId])
            #expect(Self.ids(try await list("q%5B%5D=business_id:=\(c["Main"])&q%5B%5D=appointment_type_id:=\(c["Group Pilates"])")) == [a, b])
            let withP1 = try await list("q%5B%5D=patient_ids:~\(c["P1"])")
            #expect(Self.ids(withP1) == [a])
            #expect(((withP1.json["group_appointments"] as? [[String: Any]])?.first?["patient_ids"] as? [String]) == [c["P1"]])
            #expect(Self.ids(try await list("q%5B%5D=patient_ids:~\(c["P2"])")).isEmpty)
            #expect(Self.ids(try await list("q%5B%5D=deleted_at:!?")).count == 3, "nothing is deleted")
            #expect(Self.ids(try await list("sort=starts_at:desc")) == [b, a, boId])

            let base = "http://127.0.0.1:\(stack.port)/v1/group_appointments?sort=starts_at&per_page=1"
            let links = { (r: TestStack.Reply) in r.json["links"] as? [String: String] ?? [:] }
            let page1 = try await list("sort=starts_at&per_page=1")
            #expect(Self.ids(page1) == [boId] && page1.json["total_entries"] as? Int == 3)
            #expect(links(page1) == ["self": "\(base)&page=1", "next": "\(base)&page=2"])
            let page2 = try await list("sort=starts_at&per_page=1&page=2")
            #expect(Self.ids(page2) == [a] && links(page2) == ["self": "\(base)&page=2", "next": "\(base)&page=3", "previous": "\(base)&page=1"])
            let page3 = try await list("sort=starts_at&per_page=1&page=3")
            #expect(Self.ids(page3) == [b] && links(page3) == ["self": "\(base)&page=3", "previous": "\(base)&page=2"])

            for query in ["q%5B%5D=starts_at:%3Etomorrow", "q%5B%5D=colour:=red", "q%5B%5D=patient_ids:=1", "sort=notes", "per_page=101"] {
                let bad = try await stack.request(.GET, "/v1/group_appointments?\(query)", headers: c.headers)
                #expect(bad.status == 400 && bad.json["message"] is String, "\(query)")
            }
        }
    }

    @Test("PATCH: notes set and cleared, a time that clashes is 422 starts_at, ends_at null recomputes from the type")
    func patch() async throws {
        try await withStack { stack in
            let c = try await Self.clinic(stack)
            let id = try #require(try await Self.create(stack, c, Self.body(c, days: 14, hour: 10))["id"] as? String)
            _ = try await Self.create(stack, c, Self.body(c, days: 14, hour: 13))
            let url = "/v1/group_appointments/\(id)"

            let noted = try await stack.request(.PATCH, url, json: ["notes": "Room 2"], headers: c.headers)
            #expect(noted.status == 200 && noted.json["notes"] as? String == "Room 2" && noted.json["id"] as? String == id)
            let cleared = try await stack.request(.PATCH, url, json: ["notes": NSNull()], headers: c.headers)
            #expect(cleared.status == 200 && cleared.json["notes"] is NSNull)

            let clash = try await stack.request(.PATCH, url, json: ["starts_at": Self.at(14, 13, 30)], headers: c.headers)
            #expect(Self.refusedField(clash) == "starts_at", "\(String(decoding: clash.body, as: UTF8.self))")
            let unchanged = try await stack.request(.GET, url, headers: c.headers)
            #expect(Self.date(unchanged.json["starts_at"]) == Self.date(Self.at(14, 10)))

            let longer = try await stack.request(.PATCH, url, json: ["ends_at": Self.at(14, 11, 30)], headers: c.headers)
            #expect(longer.status == 200 && Self.date(longer.json["ends_at"]) == Self.date(Self.at(14, 11, 30)))
            let moved = try await stack.request(.PATCH, url, json: ["starts_at": Self.at(14, 9), "ends_at": NSNull()], headers: c.headers)
            #expect(moved.status == 200, "\(String(decoding: moved.body, as: UTF8.self))")
            #expect(Self.date(moved.json["starts_at"]) == Self.date(Self.at(14, 9)))
            #expect(Self.date(moved.json["ends_at"]) == Self.date(Self.at(14, 9, 45)), "null recomputes from the type's 45 minutes")
            #expect(Self.refusedField(try await stack.request(.PATCH, url, json: ["practitioner_id": NSNull()], headers: c.headers)) == "practitioner_id")
            #expect(Self.refusedField(try await stack.request(.PATCH, url, json: ["practitioner_id": c["Bo Chen"]], headers: c.headers)) == "practitioner_id")
        }
    }

    @Test("archive: 204, again 204, gone from list and get, back with q[]=archived_at:*; DELETE is the same; an archived one cannot be changed")
    func archive() async throws {
        try await withStack { stack in
            let c = try await Self.clinic(stack)
            let id = try #require(try await Self.create(stack, c, Self.body(c, days: 14))["id"] as? String)
            let other = try #require(try await Self.create(stack, c, Self.body(c, days: 15))["id"] as? String)
            let url = "/v1/group_appointments/\(id)"

            let archived = try await stack.request(.POST, url + "/archive", headers: c.headers)
            #expect(archived.status == 204 && archived.body.isEmpty)
            #expect(try await stack.request(.POST, url + "/archive", headers: c.headers).status == 204, "twice: 204 again")
            #expect(try await stack.request(.GET, url, headers: c.headers).status == 404)
            #expect(Self.ids(try await stack.request(.GET, "/v1/group_appointments", headers: c.headers)) == [other])
            let back = try await stack.request(.GET, url + "?q%5B%5D=archived_at:*", headers: c.headers)
            #expect(back.status == 200 && Self.date(back.json["archived_at"]) != nil)
            #expect(try await stack.request(.GET, url + "?q%5B%5D=archived_at:?", headers: c.headers).status == 200)
            #expect(try await stack.request(.GET, url + "?q%5B%5D=archived_at:!?", headers: c.headers).status == 404)
            #expect(try await stack.request(.GET, url + "?q%5B%5D=starts_at:*", headers: c.headers).status == 400, "a get filters by archived_at and deleted_at only")
            let everything = try await stack.request(.GET, "/v1/group_appointments?q%5B%5D=archived_at:*", headers: c.headers)
            #expect(Set(Self.ids(everything)) == [id, other])
            #expect(Self.ids(try await stack.request(.GET, "/v1/group_appointments?q%5B%5D=archived_at:?", headers: c.headers)) == [id])
            #expect(Self.refusedField(try await stack.request(.PATCH, url, json: ["notes": "x"], headers: c.headers)) == "base")

            let deleted = try await stack.request(.DELETE, "/v1/group_appointments/\(other)", headers: c.headers)
            #expect(deleted.status == 204)
            #expect(try await stack.request(.DELETE, "/v1/group_appointments/\(other)", headers: c.headers).status == 204)
            #expect(try await stack.request(.GET, "/v1/group_appointments", headers: c.headers).json["total_entries"] as? Int == 0)
            // Its time is free again: the same slot can be booked.
            _ = try await Self.create(stack, c, Self.body(c, days: 15))
        }
    }

    @Test("conflicts: true over an unavailable block and outside working hours, false when clean")
    func conflicts() async throws {
        try await withStack { stack in
            let c = try await Self.clinic(stack)
            func exist(_ body: [String: Any]) async throws -> Bool? {
                let id = try #require(try await Self.create(stack, c, body)["id"] as? String)
                let reply = try await stack.request(.GET, "/v1/group_appointments/\(id)/conflicts", headers: c.headers)
                #expect(reply.status == 200 && reply.json.count == 1)
                return (reply.json["conflicts"] as? [String: Any])?["exist"] as? Bool
            }
            #expect(try await exist(Self.body(c, days: 19, hour: 10)) == false, "inside hours, no block")
            #expect(try await exist(Self.body(c, days: 20, hour: 10)) == true, "over the block 09:00–12:00")
            #expect(try await exist(Self.body(c, days: 19, hour: 18)) == true, "after 17:00")
            #expect(try await exist(Self.body(c, days: 19, hour: 16, ["ends_at": Self.at(19, 17, 30)])) == true, "not wholly inside the hours")
        }
    }

    @Test("attendees: add 201, full 422 booking_id, twice 422 patient_id, cancel 204 frees the place, apply_to_repeats, lists")
    func attendees() async throws {
        try await withStack { stack in
            let c = try await Self.clinic(stack)
            let base = "http://127.0.0.1:\(stack.port)"
            let small = try #require(try await Self.create(stack, c, Self.body(c, ["appointment_type_id": c["Small Group"]]))["id"] as? String)
            func add(_ booking: Any, _ patient: Any, _ extra: [String: Any] = [:]) async throws -> TestStack.Reply {
                try await stack.request(.POST, "/v1/attendees", json: ["booking_id": booking, "patient_id": patient].merging(extra) { $1 }, headers: c.headers)
            }
            let first = try await add(small, c["P1"], ["notes": "front row"])
            #expect(first.status == 201, "\(String(decoding: first.body, as: UTF8.self))")
            let p1 = try #require(first.json["id"] as? String)
            #expect(first.json["notes"] as? String == "front row" && first.json["cancelled_at"] is NSNull && first.json["archived_at"] is NSNull)
            #expect(first.json["cancellation_reason"] is NSNull && first.json["cancellation_reason_description"] as? String == "")
            #expect(Self.selfLink(first.json, "booking") == "\(base)/v1/group_appointments/\(small)")
            #expect(Self.selfLink(first.json, "patient") == "\(base)/v1/patients/\(c["P1"])")
            #expect(Self.selfLink(first.json) == "\(base)/v1/attendees/\(p1)")
            #expect(Self.refusedField(try await add(small, c["P1"])) == "patient_id", "the same patient twice")
            let p2 = try #require(try await add(small, Int64(c["P2"])!).json["id"] as? String, "a JSON number id")
            #expect(Self.refusedField(try await add(small, c["P3"])) == "booking_id", "full")
            #expect(Self.refusedField(try await add("abc", c["P3"])) == "booking_id")
            #expect(Self.refusedField(try await add(small, "1")) == "patient_id")
            #expect(Self.refusedField(try await add(small, NSNull())) == "patient_id")

            let ofBooking = try await stack.request(.GET, "/v1/group_appointments/\(small)/attendees", headers: c.headers)
            #expect(ofBooking.status == 200 && Self.ids(ofBooking, "attendees") == [p1, p2] && ofBooking.json["total_entries"] as? Int == 2)
            let byPatient = try await stack.request(.GET, "/v1/attendees?q%5B%5D=patient_id:=\(c["P2"])", headers: c.headers)
            #expect(Self.ids(byPatient, "attendees") == [p2])
            let byBooking = try await stack.request(.GET, "/v1/attendees?q%5B%5D=booking_id:=\(small)&sort=created_at:desc", headers: c.headers)
            #expect(Self.ids(byBooking, "attendees") == [p2, p1])

            let cancel = try await stack.request(.PATCH, "/v1/attendees/\(p2)/cancel", json: ["cancellation_reason": 30, "cancellation_note": "flu"],
                                                 headers: c.headers)
            #expect(cancel.status == 204 && cancel.body.isEmpty)
            #expect(try await stack.request(.PATCH, "/v1/attendees/\(p2)/cancel", json: ["cancellation_reason": 30], headers: c.headers).status == 204)
            let cancelled = try await stack.request(.GET, "/v1/attendees/\(p2)", headers: c.headers)
            #expect(cancelled.json["cancellation_reason"] as? Int == 30 && cancelled.json["cancellation_reason_description"] as? String == "Sick")
            #expect(cancelled.json["cancellation_note"] as? String == "flu" && Self.date(cancelled.json["cancelled_at"]) != nil)
            #expect(Self.ids(try await stack.request(.GET, "/v1/attendees?q%5B%5D=cancelled_at:!?", headers: c.headers), "attendees") == [p1])
            #expect(Self.refusedField(try await stack.request(.PATCH, "/v1/attendees/\(p1)/cancel", json: ["cancellation_reason": 11], headers: c.headers))
                    == "cancellation_reason")
            #expect(Self.refusedField(try await stack.request(.PATCH, "/v1/attendees/\(p1)/cancel", json: [:], headers: c.headers)) == "cancellation_reason")
            let p3 = try await add(small, c["P3"])
            #expect(p3.status == 201, "the cancelled place can be taken")
            let booking = try await stack.request(.GET, "/v1/group_appointments/\(small)", headers: c.headers)
            #expect(booking.json["patient_ids"] as? [String] == [c["P1"], c["P3"]])

            // A weekly series of three: P1 in each; cancelling the first with apply_to_repeats frees all three.
            let series = try await Self.create(stack, c, Self.body(c, days: 15, ["repeat_rule": ["repeat_type": "Weekly", "number_of_repeats": 2, "repeating_interval": 1]]))
            let root = try #require(series["id"] as? String)
            let repeats = Self.ids(try await stack.request(.GET, "/v1/group_appointments?q%5B%5D=repeated_from_id:=\(root)", headers: c.headers))
            #expect(repeats.count == 2)
            var places: [String] = []
            for occurrence in [root] + repeats { places.append(try #require(try await add(occurrence, c["P1"]).json["id"] as? String)) }
            let all = try await stack.request(.PATCH, "/v1/attendees/\(places[0])/cancel", json: ["cancellation_reason": 60, "apply_to_repeats": true],
                                              headers: c.headers)
            #expect(all.status == 204)
            for occurrence in [root] + repeats {
                let g = try await stack.request(.GET, "/v1/group_appointments/\(occurrence)", headers: c.headers)
                #expect(g.json["patient_ids"] as? [String] == [], "\(occurrence)")
            }
            let later = try await stack.request(.GET, "/v1/attendees/\(places[2])", headers: c.headers)
            #expect(later.json["cancellation_reason_description"] as? String == "Schedule")
        }
    }

    @Test("tenant isolation: another organization's ids are 404 in the path and 422 in a body; malformed ids 404 in the path")
    func isolation() async throws {
        try await withStack { stack in
            let c = try await Self.clinic(stack)
            let other = try await Self.clinic(stack)
            let id = try #require(try await Self.create(stack, other, Self.body(other))["id"] as? String)
            let attendee = try #require(try await stack.request(.POST, "/v1/attendees", json: ["booking_id": id, "patient_id": other["P1"]],
                                                               headers: other.headers).json["id"] as? String)
            for bad in [id, "abc", "0", "9223372036854775808"] {
                let url = "/v1/group_appointments/\(bad)"
                for (method, path) in [(TestStack.HTTPMethodName.GET, url), (.GET, url + "/conflicts"), (.GET, url + "/attendees"),
                                       (.POST, url + "/archive"), (.DELETE, url)] {
                    let reply = try await stack.request(method, path, headers: c.headers)
                    #expect(reply.status == 404 && reply.json["message"] as? String == "Group appointment not found", "\(method) \(path)")
                }
                let patch = try await stack.request(.PATCH, url, json: ["notes": "x"], headers: c.headers)
                #expect(patch.status == 404, "PATCH \(bad)")
            }
            for bad in [attendee, "x1"] {
                #expect(try await stack.request(.GET, "/v1/attendees/\(bad)", headers: c.headers).status == 404)
                #expect(try await stack.request(.PATCH, "/v1/attendees/\(bad)/cancel", json: ["cancellation_reason": 40], headers: c.headers).status == 404)
            }
            let foreign = try await stack.request(.POST, "/v1/attendees", json: ["booking_id": id, "patient_id": c["P1"]], headers: c.headers)
            #expect(Self.refusedField(foreign) == "booking_id")
            let mine = try #require(try await Self.create(stack, c, Self.body(c))["id"] as? String)
            let foreignPatient = try await stack.request(.POST, "/v1/attendees", json: ["booking_id": mine, "patient_id": other["P1"]], headers: c.headers)
            #expect(Self.refusedField(foreignPatient) == "patient_id")
            #expect(try await stack.request(.GET, "/v1/group_appointments", headers: c.headers).json["total_entries"] as? Int == 1)
            #expect(try await stack.request(.GET, "/v1/attendees", headers: c.headers).json["total_entries"] as? Int == 0)
            // The other organization still sees its own.
            #expect(try await stack.request(.GET, "/v1/group_appointments/\(id)", headers: other.headers).status == 200)
        }
    }
}
