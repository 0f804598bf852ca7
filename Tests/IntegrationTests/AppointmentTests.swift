import Foundation
@testable import HTTPAPI
import ReadModels
import Runtime
import Testing

/// Heim's appointments end to end: HTTP through the real router, the writer on the broker, the
/// read model in PostgreSQL.
@Suite("Heim appointments", .serialized)
struct AppointmentTests {
    /// An organization with a practitioner in Chicago working every weekday 08:00–17:00, a 60-minute
    /// standard task and a scheduled task (plan range at least 3 days), and a patient made by Solum.
    struct Clinic {
        let org: TestStack.Organization
        let patient: String
        let task: String
        let scheduledTask: String
        let practitioner: String
        var key: [String: String] { ["Authorization": org.apiKey] }
    }

    static func clinic(_ stack: TestStack) async throws -> Clinic {
        let org = try await stack.organization()
        let hours = Dictionary(uniqueKeysWithValues: ["monday", "tuesday", "wednesday", "thursday", "friday"].map { ($0, ["08:00-17:00"]) })
        let applied = try await stack.request(.PUT, "/admin/v1/organizations/\(org.id)/reference-data", admin: true, json: [
            "locations": [["name": "Riverside", "timezone": "America/Chicago"]],
            "practitioners": [["name": "Dr. Ada Park", "email": "ada@riverside.example", "locations": ["Riverside"], "working_hours": hours]],
            "appointment_types": [["name": "Initial Evaluation", "duration_minutes": 60, "max_attendees": 1]],
            "tasks": [["name": "Home visit", "appointment_type": "Initial Evaluation"],
                      ["name": "Home physio visit", "appointment_type": "Initial Evaluation", "scheduled": true, "min_plan_days": 3]],
        ])
        guard applied.status == 200 else { throw TestFailure("reference data: \(applied.status) \(String(decoding: applied.body, as: UTF8.self))") }
        func id(_ list: String, _ name: String) throws -> UUID {
            let entry = (applied.json[list] as? [[String: Any]] ?? []).first { $0["name"] as? String == name }
            guard let id = (entry?["id"] as? String).flatMap({ UUID(uuidString: $0) }) else { throw TestFailure("no \(list) entry \(name)") }
            return id
        }
        let batch = try await stack.request(.POST, "/v1/patients/batch", apiKey: org.apiKey, json: ["items": [patientItem("Ann", "Lee")]])
        guard let patient = (batch.json["patient_ids"] as? [String])?.first.flatMap({ UUID(uuidString: $0) }) else {
            throw TestFailure("patient not created: \(batch.status)")
        }
        return Clinic(org: org, patient: HeimIds.string(patient, .patient), task: HeimIds.string(try id("tasks", "Home visit"), .task),
                      scheduledTask: HeimIds.string(try id("tasks", "Home physio visit"), .task),
                      practitioner: HeimIds.string(try id("practitioners", "Dr. Ada Park"), .practitioner))
    }

    static func day(_ offset: Int) -> String {
        CalendarDateText.utc(Date().addingTimeInterval(Double(offset) * 86_400))
    }

    /// Free windows of the task over the next week.
    static func windows(_ stack: TestStack, _ c: Clinic, task: String? = nil, from: Int = 1, to: Int = 7) async throws -> [[String: Any]] {
        let reply = try await stack.request(.GET, "/v1/availability?taskId=\(task ?? c.task)&from=\(day(from))&to=\(day(to))", headers: c.key)
        guard reply.status == 200 else { throw TestFailure("availability: \(reply.status) \(String(decoding: reply.body, as: UTF8.self))") }
        return reply.json["data"] as? [[String: Any]] ?? []
    }

    static func body(_ c: Clinic, window: String? = nil, _ extra: [String: Any] = [:]) -> [String: Any] {
        var b: [String: Any] = ["patientId": c.patient, "taskId": c.task, "phone": "+14155550123",
                                "location": ["line1": "1 River Rd", "postcode": "60601", "city": "Chicago"]]
        if let window { b["windowId"] = window }
        for (k, v) in extra { b[k] = v }
        return b
    }

    static func error(_ r: TestStack.Reply) -> (code: String?, field: String?) {
        let e = r.json["error"] as? [String: Any]
        return (e?["code"] as? String, e?["field"] as? String)
    }

    @Test("Create with a window takes the time, without one waits in scheduling; schedule, complete, cancel once")
    func lifecycle() async throws {
        try await withStack { stack in
            let c = try await Self.clinic(stack)
            let free = try await Self.windows(stack, c)
            #expect(free.count >= 20, "a week of weekdays 08:00–17:00 holds many 60-minute windows")
            let first = try #require(free.first?["id"] as? String)
            let booked = try await stack.request(.POST, "/v1/appointments", json: Self.body(c, window: first, ["metadata": ["visit": ["floor": 2]]]), headers: c.key)
            #expect(booked.status == 201, "\(String(decoding: booked.body, as: UTF8.self))")
            #expect(booked.json["status"] as? String == "scheduled")
            #expect((booked.json["window"] as? [String: Any])?["id"] as? String == first)
            #expect((booked.json["metadata"] as? [String: Any])?["visit"] as? [String: Int] == ["floor": 2])
            #expect(try await Self.windows(stack, c).contains { $0["id"] as? String == first } == false, "a booked window is no longer offered")

            let open = try await stack.request(.POST, "/v1/appointments", json: Self.body(c), headers: c.key)
            #expect(open.status == 201 && open.json["status"] as? String == "scheduling")
            let openId = try #require(open.json["id"] as? String)
            #expect(openId.hasPrefix("apt_"))
            let second = try #require(free[1]["id"] as? String)
            let scheduled = try await stack.request(.POST, "/v1/appointments/\(openId)/schedule", json: ["windowId": second], headers: c.key)
            #expect(scheduled.status == 200 && scheduled.json["status"] as? String == "scheduled")
            let again = try await stack.request(.POST, "/v1/appointments/\(openId)/schedule", json: ["windowId": free[2]["id"] as! String], headers: c.key)
            #expect(again.status == 409 && Self.error(again).code == "invalid_transition")

            let completed = try await stack.request(.POST, "/v1/appointments/\(openId)/complete", headers: c.key)
            #expect(completed.status == 200 && completed.json["status"] as? String == "completed")
            let cancelCompleted = try await stack.request(.POST, "/v1/appointments/\(openId)/cancel", json: ["note": "x"], headers: c.key)
            #expect(cancelCompleted.status == 409)

            let bookedId = try #require(booked.json["id"] as? String)
            let cancel = ["note": "patient unwell", "causingEntity": "patient", "cancellingEntity": "organisation", "reasonCode": "patient_not_present"]
            let cancelled = try await stack.request(.POST, "/v1/appointments/\(bookedId)/cancel", json: cancel, headers: c.key)
            #expect(cancelled.status == 200 && cancelled.json["status"] as? String == "cancelled")
            #expect((cancelled.json["cancellation"] as? [String: Any])?["reasonCode"] as? String == "patient_not_present")
            let before = try await stack.readEventsTopic().count
            let twice = try await stack.request(.POST, "/v1/appointments/\(bookedId)/cancel", json: cancel, headers: c.key)
            #expect(twice.status == 409 && Self.error(twice).code == "invalid_transition")
            #expect(try await stack.readEventsTopic().count == before, "a refused cancel writes nothing")
            let completeCancelled = try await stack.request(.POST, "/v1/appointments/\(bookedId)/complete", headers: c.key)
            #expect(completeCancelled.status == 409)
            #expect(try await Self.windows(stack, c).contains { $0["id"] as? String == first }, "cancelling frees the window")

            // PATCH changes what it names; the History view of the patient shows the appointment's facts.
            let patched = try await stack.request(.PATCH, "/v1/appointments/\(bookedId)", json: ["note": "n"], headers: c.key)
            #expect(patched.status == 409, "a cancelled appointment is closed")
            let patient = try #require(HeimIds.uuid(c.patient, .patient))
            let history = try await stack.request(.GET, "/v1/patients/\(patient.lowercased)/history", apiKey: c.org.apiKey)
            let actions = (history.json["items"] as? [[String: Any]] ?? []).compactMap { $0["action"] as? String }
            for action in ["appointment_created", "appointment_scheduled", "appointment_completed", "appointment_cancelled"] {
                #expect(actions.contains(action), "History shows \(action): \(actions)")
            }
            // The Solum patient resource names the patient's Heim and Cliniko spellings.
            let solum = try await stack.request(.GET, "/v1/patients/\(patient.lowercased)", apiKey: c.org.apiKey)
            #expect((solum.json["other_ids"] as? [String: Any])?["heim"] as? String == c.patient)
            #expect((solum.json["other_ids"] as? [String: Any])?["cliniko"] as? String == ClinikoIds.text(patient))
        }
    }

    @Test("Refusals name the field in Heim's envelope and write nothing")
    func refusals() async throws {
        try await withStack { stack in
            let c = try await Self.clinic(stack)
            let before = try await stack.readEventsTopic().count
            let cases: [([String: Any], Int, String)] = [
                (Self.body(c, ["phone": "4155550123"]), 422, "phone"),
                (Self.body(c, ["location": ["line1": "1 River Rd"]]), 422, "location.postcode"),
                (Self.body(c, ["patientId": "p_123"]), 422, "patientId"),
                (Self.body(c, ["patientId": HeimIds.string(UUID(), .patient)]), 422, "patientId"),
                (Self.body(c, ["taskId": HeimIds.string(UUID(), .task)]), 422, "taskId"),
                (Self.body(c, ["windowId": "win_nope"]), 422, "windowId"),
                (Self.body(c, ["planFrom": Self.day(1), "planTo": Self.day(9)]), 422, "planFrom"),
                (Self.body(c, ["taskId": c.scheduledTask, "planFrom": Self.day(1), "planTo": Self.day(2)]), 422, "planTo"),
                (Self.body(c, ["metadata": [1, 2]]), 422, "metadata"),
            ]
            for (body, status, field) in cases {
                let r = try await stack.request(.POST, "/v1/appointments", json: body, headers: c.key)
                #expect(r.status == status && Self.error(r).field == field, "\(field): \(r.status) \(String(decoding: r.body, as: UTF8.self))")
            }
            let plan = try await stack.request(.POST, "/v1/appointments", json: Self.body(c, ["taskId": c.scheduledTask, "planFrom": Self.day(1), "planTo": Self.day(4)]), headers: c.key)
            #expect(plan.status == 201 && plan.json["planTo"] as? String == Self.day(4))
            #expect(try await stack.readEventsTopic().count == before + 1, "only the valid request wrote (one AppointmentCreated)")

            // The org file is read strictly: a misspelt key is refused, named by its path, and nothing is declared.
            let typo = try await stack.request(.PUT, "/admin/v1/organizations/\(c.org.id)/reference-data", admin: true, json: [
                "practitioners": [["name": "Dr. Bo Chen", "email": "bo@riverside.example", "locations": ["Riverside"],
                                   "workng_hours": ["monday": ["08:00-12:00"]]]],
            ])
            #expect(typo.status == 422 && typo.errorParam == "practitioners[0].workng_hours", "\(String(decoding: typo.body, as: UTF8.self))")
            #expect(try await stack.readEventsTopic().count == before + 1)

            let wide = try await stack.request(.GET, "/v1/availability?taskId=\(c.task)&from=\(Self.day(1))&to=\(Self.day(30))", headers: c.key)
            #expect(wide.status == 400 && Self.error(wide).field == "to")
            let noKey = try await stack.request(.GET, "/v1/appointments")
            #expect(noKey.status == 401 && Self.error(noKey).code != nil)
            let solumKey = try await stack.request(.GET, "/v1/appointments", apiKey: c.org.apiKey)
            #expect(solumKey.status == 401, "Heim takes the key in Authorization")
            let bearer = try await stack.request(.GET, "/v1/appointments", headers: ["Authorization": "Bearer \(c.org.apiKey)"])
            #expect(bearer.status == 200)
        }
    }

    @Test("List filters by externalRef, status, patient.id, createdAt and start, and pages")
    func listFiltersAndPaging() async throws {
        try await withStack { stack in
            let c = try await Self.clinic(stack)
            let free = try await Self.windows(stack, c)
            for n in 0..<6 {
                let body = Self.body(c, window: n < 3 ? free[n]["id"] as? String : nil, ["externalReference": "ref-\(n % 2)"])
                let r = try await stack.request(.POST, "/v1/appointments", json: body, headers: c.key)
                #expect(r.status == 201)
            }
            func list(_ query: String) async throws -> (ids: [String], total: Int) {
                let r = try await stack.request(.GET, "/v1/appointments?\(query)", headers: c.key)
                #expect(r.status == 200, "\(query): \(String(decoding: r.body, as: UTF8.self))")
                let data = r.json["data"] as? [[String: Any]] ?? []
                return (data.compactMap { $0["id"] as? String }, (r.json["pagination"] as? [String: Any])?["total"] as? Int ?? -1)
            }
            #expect(try await list("").total == 6)
            #expect(try await list("filter=externalRef:%22ref-1%22").total == 3)
            #expect(try await list("filter=externalRef~ref").total == 6)
            #expect(try await list("filter=status:scheduling").total == 3)
            #expect(try await list("filter=status:scheduled&filter=externalRef:ref-0").total == 2)
            #expect(try await list("filter=patient.id:\(c.patient)").total == 6)
            #expect(try await list("filter=patient.id:\(HeimIds.string(UUID(), .patient))").total == 0)
            #expect(try await list("filter=createdAt>=\(Self.day(0))").total == 6)
            #expect(try await list("filter=createdAt<\(Self.day(0))").total == 0)
            let firstStart = try #require(free[0]["start"] as? String)
            #expect(try await list("filter=start>\(firstStart)").total == 2)
            let all = try await list("limit=100").ids
            let page = try await list("limit=2&offset=2")
            #expect(page.total == 6 && page.ids == Array(all[2..<4]))
            for bad in ["filter=colour:red", "filter=status>scheduled", "filter=createdAt>yesterday", "limit=0", "offset=-1", "filter=externalRef:%22open"] {
                let r = try await stack.request(.GET, "/v1/appointments?\(bad)", headers: c.key)
                #expect(r.status == 400, "\(bad) → \(r.status)")
            }
        }
    }

    @Test("Another organization's appointments, windows and patients are unknown to a tenant")
    func tenantIsolation() async throws {
        try await withStack { stack in
            let a = try await Self.clinic(stack)
            let b = try await Self.clinic(stack)
            let window = try #require(try await Self.windows(stack, a).first?["id"] as? String)
            let booked = try await stack.request(.POST, "/v1/appointments", json: Self.body(a, window: window), headers: a.key)
            let id = try #require(booked.json["id"] as? String)
            #expect(try await stack.request(.GET, "/v1/appointments/\(id)", headers: b.key).status == 404)
            #expect(try await stack.request(.POST, "/v1/appointments/\(id)/cancel", json: [:], headers: b.key).status == 404)
            #expect(try await stack.request(.PATCH, "/v1/appointments/\(id)", json: ["note": "x"], headers: b.key).status == 404)
            #expect((try await stack.request(.GET, "/v1/appointments", headers: b.key).json["pagination"] as? [String: Any])?["total"] as? Int == 0)
            let foreignPatient = try await stack.request(.POST, "/v1/appointments", json: Self.body(b, ["patientId": a.patient]), headers: b.key)
            #expect(foreignPatient.status == 422 && Self.error(foreignPatient).field == "patientId")
            let foreignWindow = try await stack.request(.POST, "/v1/appointments", json: Self.body(b, window: window), headers: b.key)
            #expect(foreignWindow.status == 422 && Self.error(foreignWindow).field == "windowId")
            let foreignTask = try await stack.request(.GET, "/v1/availability?taskId=\(a.task)&from=\(Self.day(1))&to=\(Self.day(2))", headers: b.key)
            #expect(foreignTask.status == 400 && Self.error(foreignTask).field == "taskId")
        }
    }

    @Test("20 concurrent bookings of one window: one 201, nineteen 409, one booking written")
    func concurrentBookings() async throws {
        try await withStack { stack in
            let c = try await Self.clinic(stack)
            let window = try #require(try await Self.windows(stack, c).first?["id"] as? String)
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<20 {
                    group.addTask { try await stack.request(.POST, "/v1/appointments", json: Self.body(c, window: window), headers: c.key).status }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == 201 }.count == 1)
            #expect(statuses.filter { $0 == 409 }.count == 19)
            let types = try await stack.readEventsTopic().compactMap { $0.header("ce_type").map { String(decoding: $0, as: UTF8.self) } }
            #expect(types.filter { $0 == "clinicledger.appointment.created.v1" }.count == 1)
            #expect(types.filter { $0 == "clinicledger.appointment.scheduled.v1" }.count == 1)
            #expect(try await stack.database.scalars("SELECT count(*)::text FROM appointments", logger: stack.logger) == ["1"])
        }
    }

    @Test("A restart keeps every booking and keeps refusing the taken windows; a rebuild gives identical rows")
    func restartAndRebuild() async throws {
        try await withStack { stack in
            let c = try await Self.clinic(stack)
            let free = try await Self.windows(stack, c, to: 14)
            var booked: [String] = []
            for w in free.prefix(40) {
                let r = try await stack.request(.POST, "/v1/appointments", json: Self.body(c, window: w["id"] as? String), headers: c.key)
                #expect(r.status == 201)
                booked.append(r.json["id"] as? String ?? "")
            }
            try await stack.restart()
            for id in booked.prefix(5) + booked.suffix(5) {
                let r = try await stack.request(.GET, "/v1/appointments/\(id)", headers: c.key)
                #expect(r.status == 200 && r.json["status"] as? String == "scheduled")
            }
            for w in free.prefix(40).map({ $0["id"] as! String }).enumerated().filter({ $0.offset % 8 == 0 }).map(\.element) {
                let again = try await stack.request(.POST, "/v1/appointments", json: Self.body(c, window: w), headers: c.key)
                #expect(again.status == 409 && Self.error(again).code == "slot_unavailable")
            }
            let left = try await Self.windows(stack, c, to: 14)
            #expect(left.count == free.count - 40)

            let config = stack.runtime.configuration
            let live = try await ProjectionsAdmin.checksum(config, name: AppointmentsProjection.name, logger: stack.logger)
            #expect(live.rows == 40)
            let rebuilt = try await ProjectionsAdmin.rebuild(config, name: AppointmentsProjection.name, logger: stack.logger)
            #expect(rebuilt.checksum == live)
        }
    }
}

/// `YYYY-MM-DD` of an instant's UTC day.
enum CalendarDateText {
    static func utc(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let p = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", p.year!, p.month!, p.day!)
    }
}
