import CommandHandling
import Domain
import Foundation
@testable import HTTPAPI
import Runtime
import Testing

/// The waitlist's process manager end to end: a Heim cancellation on the log becomes an invite to
/// the right request, the held time is refused to a direct booking, the accept books an
/// appointment Heim shows, and a restart offers nothing twice. Requests and answers go through the
/// command router here; SpryWaitlistTests drives the same flow through SPRY's HTTP dialect.
@Suite("Waitlist process manager", .serialized)
struct WaitlistProcessTests {
    struct Scene {
        let org: TestStack.Organization
        let orgId: UUID
        let patients: [UUID]
        let task: String
        var key: [String: String] { ["Authorization": org.apiKey] }
    }

    static func scene(_ stack: TestStack) async throws -> Scene {
        let org = try await stack.organization()
        let hours = Dictionary(uniqueKeysWithValues: ["monday", "tuesday", "wednesday", "thursday", "friday"].map { ($0, ["08:00-17:00"]) })
        let applied = try await stack.request(.PUT, "/admin/v1/organizations/\(org.id)/reference-data", admin: true, json: [
            "locations": [["name": "Riverside", "address": "1 River Rd, Chicago, IL 60601", "timezone": "America/Chicago"]],
            "practitioners": [["name": "Dr. Ada Park", "email": "ada@riverside.example", "locations": ["Riverside"], "working_hours": hours]],
            "appointment_types": [["name": "Initial Evaluation", "duration_minutes": 60, "max_attendees": 1]],
            "tasks": [["name": "Clinic visit", "appointment_type": "Initial Evaluation"]],
            "waitlists": [["clinic": "Riverside", "categories": [["label": "Evaluation", "appointment_type": "Initial Evaluation", "kind": "INITIAL_EVAL"]]]],
        ])
        guard applied.status == 200 else { throw TestFailure("reference data: \(applied.status) \(String(decoding: applied.body, as: UTF8.self))") }
        let task = (applied.json["tasks"] as? [[String: Any]] ?? []).first?["id"] as? String
        let batch = try await stack.request(.POST, "/v1/patients/batch", apiKey: org.apiKey, json: ["items": [
            patientItem("Ann", "Booked"), patientItem("Bea", "Waiting", ["phone_number": "(312) 555-0101"]),
            patientItem("Cy", "Urgent", ["phone_number": "(312) 555-0102"]),
        ]])
        let patients = (batch.json["patient_ids"] as? [String] ?? []).compactMap(UUID.init(uuidString:))
        guard patients.count == 3, let task, let taskId = UUID(uuidString: task), let orgId = UUID(uuidString: org.id) else {
            throw TestFailure("scene not made: \(batch.status)")
        }
        return Scene(org: org, orgId: orgId, patients: patients, task: HeimIds.string(taskId, .task))
    }

    static func send(_ stack: TestStack, _ s: Scene, _ command: WaitlistCommand) async throws -> CommandReply {
        try await stack.runtime.services.commands.send(CommandEnvelope(
            organizationId: s.orgId, command: .waitlist(command), actor: "test", channel: .api, commandId: UUIDv7.make(at: Date()))).reply
    }

    static func state(_ stack: TestStack, _ s: Scene) async -> OrganizationState {
        await stack.runtime.services.commands.committedState(of: s.orgId)
    }

    /// Waits (bounded) until the organization's waitlist shows a live invite.
    static func invite(_ stack: TestStack, _ s: Scene) async throws -> WaitlistInviteSent {
        let deadline = ContinuousClock.now + .seconds(15)
        while ContinuousClock.now < deadline {
            let w = await state(stack, s).waitlist
            if let id = w.liveInvites.values.first, let sent = w.invites[id]?.sent { return sent }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw TestFailure("no invite within 15 s")
    }

    @Test("A cancellation invites the most urgent fitting request; the hold refuses a direct booking; accept books it; a restart offers nothing twice")
    func cancellationFillsFromTheWaitlist() async throws {
        try await withStack(background: true) { stack in
            let s = try await Self.scene(stack)
            let heimPatient = HeimIds.string(s.patients[0], .patient)
            let tomorrow = CalendarDateText.utc(Date().addingTimeInterval(86_400))
            let inAWeek = CalendarDateText.utc(Date().addingTimeInterval(8 * 86_400))
            let windows = try await stack.request(.GET, "/v1/availability?taskId=\(s.task)&from=\(tomorrow)&to=\(inAWeek)", headers: s.key)
            let window = try #require((windows.json["data"] as? [[String: Any]])?.first?["id"] as? String)
            let booked = try await stack.request(.POST, "/v1/appointments", json: [
                "patientId": heimPatient, "taskId": s.task, "phone": "+14155550123", "windowId": window,
                "location": ["line1": "1 River Rd", "postcode": "60601"]], headers: s.key)
            let appointment = try #require(booked.json["id"] as? String, "\(String(decoding: booked.body, as: UTF8.self))")

            let state = await Self.state(stack, s)
            let clinic = try #require(state.reference.waitlists.keys.first)
            let category = try #require(state.reference.waitlists[clinic]?.categories.first)
            let today = CalendarDate(utcDayOf: Date()), end = today.adding(days: 20)
            var requests: [UUID] = []
            for (patient, priority) in [(s.patients[1], 2), (s.patients[2], 1)] {
                guard case .waitlist(.request(let id)) = try await Self.send(stack, s, .create(CreateWaitlistRequest(
                    actor: .staff(userId: "staff-1"), patientId: patient, clinicId: clinic, dateRangeStart: today, dateRangeEnd: end,
                    categoryId: category.id, paymentType: .selfPay, priority: priority))) else { throw TestFailure("no request") }
                requests.append(id)
            }

            let cancelled = try await stack.request(.POST, "/v1/appointments/\(appointment)/cancel", json: ["note": "moved away"], headers: s.key)
            #expect(cancelled.status == 200)
            let invite = try await Self.invite(stack, s)
            #expect(invite.requestId == requests[1], "priority 1 before priority 2")
            #expect(invite.rankedAbove == [requests[0]])
            #expect(invite.reason.matchType == .anyProvider)

            // The held hour is not bookable through Heim while the invite lives.
            let direct = try await stack.request(.POST, "/v1/appointments", json: [
                "patientId": heimPatient, "taskId": s.task, "phone": "+14155550123", "windowId": window,
                "location": ["line1": "1 River Rd", "postcode": "60601"]], headers: s.key)
            #expect(direct.status == 409, "\(String(decoding: direct.body, as: UTF8.self))")

            guard case .waitlist(.fulfilled(_, let appointmentId?, nil)) = try await Self.send(stack, s, .acceptInvite(InviteAnswer(
                actor: .patient(userId: "cy", patientId: s.patients[2]), requestId: invite.requestId, inviteId: invite.inviteId))) else {
                throw TestFailure("accept did not book an appointment")
            }
            // The accept went through the router, which (unlike an HTTP reply) does not wait for the read models.
            var shown = try await stack.request(.GET, "/v1/appointments/\(HeimIds.string(appointmentId, .appointment))", headers: s.key)
            let readDeadline = ContinuousClock.now + .seconds(15)
            while shown.status == 404, ContinuousClock.now < readDeadline {
                try await Task.sleep(for: .milliseconds(50))
                shown = try await stack.request(.GET, "/v1/appointments/\(HeimIds.string(appointmentId, .appointment))", headers: s.key)
            }
            #expect(shown.status == 200 && shown.json["status"] as? String == "scheduled")
            #expect(shown.json["patientId"] as? String == HeimIds.string(s.patients[2], .patient))

            try await stack.restart()
            let after = await Self.state(stack, s).waitlist
            #expect(after.requests[requests[1]]?.status == .fulfilled)
            #expect(after.invites.count == 1, "the process manager resumed without offering the cancellation again")
            #expect(after.requests[requests[0]]?.status == .active)
        }
    }
}
