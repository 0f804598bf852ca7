import Foundation
@testable import HTTPAPI
import ReadModels
import Runtime
import Testing

/// Group appointments under load and across a restart: capacity held by the decision state, the
/// calendar and the read model surviving a restart, and a rebuild giving the same rows.
@Suite("Cliniko group appointments: capacity, restart, rebuild", .serialized)
struct ClinikoDurabilityTests {
    /// 15:00 UTC on the Monday `weeks` after the next one: inside the practitioners' Monday hours
    /// in New York whatever the season.
    static func monday(_ weeks: Int = 0) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let today = calendar.startOfDay(for: Date())
        let weekday = calendar.component(.weekday, from: today)  // 1 = Sunday, 2 = Monday
        let ahead = (9 - weekday) % 7 == 0 ? 7 : (9 - weekday) % 7
        let day = calendar.date(byAdding: .day, value: ahead + 7 * weeks, to: today)!
        return CalendarDateText.utc(day) + "T15:00:00Z"
    }

    static func patients(_ stack: TestStack, _ org: TestStack.Organization, _ count: Int) async throws -> [String] {
        let items = (0..<count).map { ["first_name": "Pat\($0)", "last_name": "Lane", "date_of_birth": "1980-01-\(String(format: "%02d", $0 % 28 + 1))"] }
        let reply = try await stack.request(.POST, "/v1/patients/batch", apiKey: org.apiKey, json: ["items": items])
        let ids = (reply.json["patient_ids"] as? [String] ?? []).compactMap(UUID.init(uuidString:))
        guard ids.count == count else { throw TestFailure("patients: \(reply.status)") }
        return ids.map(ClinikoIds.text)
    }

    static func classBody(_ ids: [String: String], startsAt: String, repeats: Int? = nil) -> [String: Any] {
        var body: [String: Any] = ["appointment_type_id": ids["Group Pilates"]!, "business_id": ids["Main"]!,
                                   "practitioner_id": ids["Dr. Ada Park"]!, "starts_at": startsAt]
        if let repeats { body["repeat_rule"] = ["repeat_type": "Weekly", "number_of_repeats": repeats, "repeating_interval": 1] }
        return body
    }

    @Test("30 concurrent attendee posts for 8 places: exactly 8 land, the rest are 422 naming booking_id")
    func capacityUnderConcurrency() async throws {
        try await withStack { stack in
            let (org, ids) = try await ClinikoDialectTests.clinic(stack)
            let auth = ClinikoDialectTests.basic(org.apiKey)
            let groupTypes = try await stack.request(.GET, "/v1/appointment_types?q%5B%5D=max_attendees:%3E1", headers: auth)
            #expect((groupTypes.json["appointment_types"] as? [[String: Any]])?.compactMap { $0["name"] as? String } == ["Group Pilates"])
            let people = try await Self.patients(stack, org, 30)
            let created = try await stack.request(.POST, "/v1/group_appointments", json: Self.classBody(ids, startsAt: Self.monday()), headers: auth)
            try #require(created.status == 201, "\(created.status) \(created.json)")
            let booking = try #require(created.json["id"] as? String)

            let replies = try await withThrowingTaskGroup(of: TestStack.Reply.self) { group in
                for patient in people {
                    group.addTask {
                        try await stack.request(.POST, "/v1/attendees", json: ["booking_id": booking, "patient_id": patient], headers: auth)
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(replies.filter { $0.status == 201 }.count == 8)
            let refused = replies.filter { $0.status != 201 }
            #expect(refused.count == 22)
            #expect(refused.allSatisfy { $0.status == 422 && ($0.json["errors"] as? [String: Any])?["booking_id"] != nil },
                    "\(refused.prefix(2).map(\.json))")

            let fetched = try await stack.request(.GET, "/v1/group_appointments/\(booking)", headers: auth)
            #expect((fetched.json["patient_ids"] as? [String])?.count == 8)
            let listed = try await stack.request(.GET, "/v1/attendees?q%5B%5D=booking_id:=\(booking)", headers: auth)
            #expect(listed.json["total_entries"] as? Int == 8)
        }
    }

    @Test("A restart keeps classes, places and the calendar; a rebuild gives identical rows")
    func restartAndRebuild() async throws {
        try await withStack { stack in
            let (org, ids) = try await ClinikoDialectTests.clinic(stack)
            let auth = ClinikoDialectTests.basic(org.apiKey)
            let people = try await Self.patients(stack, org, 4)
            let series = try await stack.request(.POST, "/v1/group_appointments", json: Self.classBody(ids, startsAt: Self.monday(), repeats: 3),
                                                 headers: auth)
            try #require(series.status == 201, "\(series.status) \(series.json)")
            let first = try #require(series.json["id"] as? String)
            let repeats = try await stack.request(.GET, "/v1/group_appointments?q%5B%5D=repeated_from_id:=\(first)&sort=starts_at", headers: auth)
            let others = (repeats.json["group_appointments"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
            try #require(others.count == 3)
            var attendees: [String] = []
            for patient in people.prefix(3) {
                let r = try await stack.request(.POST, "/v1/attendees", json: ["booking_id": first, "patient_id": patient], headers: auth)
                try #require(r.status == 201, "\(r.json)")
                attendees.append(r.json["id"] as? String ?? "")
            }
            let later = try await stack.request(.POST, "/v1/attendees", json: ["booking_id": others[0], "patient_id": people[3]], headers: auth)
            #expect(later.status == 201)
            let cancelled = try await stack.request(.PATCH, "/v1/attendees/\(attendees[1])/cancel", json: ["cancellation_reason": 30], headers: auth)
            #expect(cancelled.status == 204)
            #expect(try await stack.request(.POST, "/v1/group_appointments/\(others[1])/archive", headers: auth).status == 204)

            func snapshot() async throws -> [String] {
                let classes = try await stack.request(.GET, "/v1/group_appointments?q%5B%5D=archived_at:*&per_page=100", headers: auth)
                let places = try await stack.request(.GET, "/v1/attendees?per_page=100", headers: auth)
                // Links carry the server's port, which a restart changes: compare the facts.
                let keys = ["id", "starts_at", "ends_at", "archived_at", "patient_ids", "max_attendees", "notes", "cancelled_at", "cancellation_reason"]
                return ((classes.json["group_appointments"] as? [[String: Any]] ?? []) + (places.json["attendees"] as? [[String: Any]] ?? []))
                    .map { item in keys.map { "\($0)=\(item[$0].map { "\($0)" } ?? "-")" }.joined(separator: " ") }.sorted()
            }
            let before = try await snapshot()
            #expect(before.count == 4 + 4)

            try await stack.restart()
            #expect(try await snapshot() == before)
            // The calendar came back from the log: the first class's time is still taken, the
            // archived one's is free again.
            let clash = try await stack.request(.POST, "/v1/group_appointments", json: Self.classBody(ids, startsAt: Self.monday()), headers: auth)
            #expect(clash.status == 422 && (clash.json["errors"] as? [String: Any])?["starts_at"] != nil, "\(clash.json)")
            let freed = try await stack.request(.POST, "/v1/group_appointments", json: Self.classBody(ids, startsAt: Self.monday(2)), headers: auth)
            #expect(freed.status == 201, "\(freed.json)")
            // And the capacity state: the cancelled place can be taken, the held ones cannot twice.
            let again = try await stack.request(.POST, "/v1/attendees", json: ["booking_id": first, "patient_id": people[0]], headers: auth)
            #expect(again.status == 422)

            let config = stack.runtime.configuration
            for name in [GroupAppointmentsProjection.name, PatientHistoryProjection.name] {
                let live = try await ProjectionsAdmin.checksum(config, name: name, logger: stack.logger)
                let rebuilt = try await ProjectionsAdmin.rebuild(config, name: name, logger: stack.logger)
                #expect(rebuilt.checksum == live, "\(name)")
            }
        }
    }
}
