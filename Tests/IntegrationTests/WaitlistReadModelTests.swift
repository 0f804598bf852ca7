import CommandHandling
@testable import Domain
import EventStore
import Foundation
import Logging
import ReadModels
import Runtime
import Testing

/// The waitlist's read model (what SPRY's `GET /apis/v1/waitlist-requests` reads): a request's
/// fields, names and label joined in, its status through cancel, fulfil and expiry, its invites
/// through decline, expiry and accept; the list's filters, sorts and paging; one organization
/// never seeing another's; and a rebuild from the log giving the same rows. Commands go through
/// the router, as the SPRY dialect will send them; slots are offered as the process manager would.
@Suite("Waitlist read model", .serialized)
struct WaitlistReadModelTests {
    struct Scene {
        let orgId: UUID
        let clinic: UUID
        let ada: UUID, ben: UUID
        /// Evaluation (INITIAL_EVAL, 60 min) and Follow-up (FOLLOW_UP, 30 min).
        let evaluation: WaitlistCategory, followUp: WaitlistCategory
        /// Bea Waiting, Cy Urgent, Dee Later: each with a phone, so an accept can book them.
        let patients: [UUID]
    }

    static func scene(_ stack: TestStack) async throws -> Scene {
        let org = try await stack.organization()
        let hours = Dictionary(uniqueKeysWithValues: ["monday", "tuesday", "wednesday", "thursday", "friday"].map { ($0, ["08:00-17:00"]) })
        let applied = try await stack.request(.PUT, "/admin/v1/organizations/\(org.id)/reference-data", admin: true, json: [
            "locations": [["name": "Riverside", "address": "1 River Rd, Chicago, IL 60601", "timezone": "America/Chicago"]],
            "practitioners": [
                ["name": "Dr. Ada Park", "email": "ada@riverside.example", "locations": ["Riverside"], "working_hours": hours],
                ["name": "Dr. Ben Stone", "email": "ben@riverside.example", "locations": ["Riverside"], "working_hours": hours],
            ],
            "appointment_types": [["name": "Initial Evaluation", "duration_minutes": 60, "max_attendees": 1],
                                  ["name": "Follow Up Visit", "duration_minutes": 30, "max_attendees": 1]],
            "tasks": [["name": "Clinic visit", "appointment_type": "Initial Evaluation"], ["name": "Check-in", "appointment_type": "Follow Up Visit"]],
            "waitlists": [["clinic": "Riverside", "categories": [
                ["label": "Evaluation", "appointment_type": "Initial Evaluation", "kind": "INITIAL_EVAL"],
                ["label": "Follow-up", "appointment_type": "Follow Up Visit", "kind": "FOLLOW_UP"],
            ]]],
        ])
        guard applied.status == 200 else { throw TestFailure("reference data: \(applied.status) \(String(decoding: applied.body, as: UTF8.self))") }
        let batch = try await stack.request(.POST, "/v1/patients/batch", apiKey: org.apiKey, json: ["items": [
            patientItem("Bea", "Waiting", ["phone_number": "(312) 555-0101"]), patientItem("Cy", "Urgent", ["phone_number": "(312) 555-0102"]),
            patientItem("Dee", "Later", ["phone_number": "(312) 555-0103"]),
        ]])
        let patients = (batch.json["patient_ids"] as? [String] ?? []).compactMap(UUID.init(uuidString:))
        guard patients.count == 3, let orgId = UUID(uuidString: org.id) else { throw TestFailure("patients not made: \(batch.status)") }
        let reference = await stack.runtime.services.commands.committedState(of: orgId).reference
        let clinic = try #require(reference.waitlists.keys.first)
        let categories = try #require(reference.waitlists[clinic]?.categories)
        let doctors = Dictionary(uniqueKeysWithValues: reference.practitioners.values.map { ($0.name, $0.id) })
        return Scene(orgId: orgId, clinic: clinic, ada: try #require(doctors["Dr. Ada Park"]), ben: try #require(doctors["Dr. Ben Stone"]),
                     evaluation: try #require(categories.first { $0.label == "Evaluation" }),
                     followUp: try #require(categories.first { $0.label == "Follow-up" }), patients: patients)
    }

    /// Sends a waitlist command through the router and waits until the read models have applied it.
    @discardableResult
    static func send(_ stack: TestStack, _ s: Scene, _ command: WaitlistCommand) async throws -> WaitlistReply {
        let outcome = try await stack.runtime.services.commands.send(CommandEnvelope(
            organizationId: s.orgId, command: .waitlist(command), actor: "test", channel: .api, commandId: UUIDv7.make(at: Date())))
        guard await stack.runtime.services.progress.waitUntilPassed(outcome.positions, timeout: .seconds(60)) else {
            throw TestFailure("the read models did not apply the command")
        }
        guard case .waitlist(let reply) = outcome.reply else { throw TestFailure("not a waitlist reply: \(outcome.reply)") }
        return reply
    }

    static let staff = WaitlistActor.staff(userId: "staff-1")

    static func create(_ stack: TestStack, _ s: Scene, patient: Int, category: WaitlistCategory, from: Int, to: Int, priority: Int,
                       providers: [UUID] = [], parts: [PartOfDay] = [], payment: PaymentType = .selfPay, notes: String? = nil) async throws -> UUID {
        let today = CalendarDate(utcDayOf: Date())
        guard case .request(let id) = try await send(stack, s, .create(CreateWaitlistRequest(
            actor: staff, patientId: s.patients[patient], clinicId: s.clinic, preferredProviders: providers, preferredTimeSlots: parts,
            dateRangeStart: today.adding(days: from), dateRangeEnd: today.adding(days: to), categoryId: category.id, paymentType: payment,
            priority: priority, notes: notes))) else { throw TestFailure("no request made") }
        return id
    }

    /// A weekday morning in Chicago on `from` or the first weekday after it: 15:00 UTC is 09:00
    /// or 10:00 there.
    static func morning(_ from: CalendarDate) -> (start: Date, day: CalendarDate) {
        var day = from
        while day.weekday == .saturday || day.weekday == .sunday { day = day.adding(days: 1) }
        return (RFC3339.parse("\(day)T15:00:00Z")!, day)
    }

    static func offer(_ stack: TestStack, _ s: Scene, _ start: Date, practitioner: UUID, type: UUID, minutes: Int) async throws -> UUID? {
        let slot = TimeSlot(practitionerId: practitioner, locationId: s.clinic, start: start, end: start.addingTimeInterval(Double(minutes) * 60))
        guard case .invite(let id) = try await send(stack, s, .offerSlot(OfferSlot(
            open: OpenSlot(slot: slot, appointmentTypeId: type), causeEventId: UUIDv7.make(at: Date())))) else { throw TestFailure("no offer reply") }
        return id
    }

    static func view(_ stack: TestStack, _ s: Scene, _ id: UUID) async throws -> WaitlistRequestView {
        try #require(try await stack.runtime.services.queries.waitlistRequest(org: s.orgId, id: id))
    }

    /// Within the millisecond the events' timestamps carry.
    static func same(_ a: Date?, _ b: Date?) -> Bool {
        guard let a, let b else { return a == nil && b == nil }
        return abs(a.timeIntervalSince(b)) < 0.001
    }

    @Test("A request's view: its fields, names and label; invites declined, expired and accepted; cancelled, fulfilled and expired; a rebuild gives the same rows")
    func lifecycle() async throws {
        try await withStack { stack in
            let s = try await Self.scene(stack)
            let cy = try await Self.create(stack, s, patient: 1, category: s.evaluation, from: 0, to: 20, priority: 1, providers: [s.ada],
                                           parts: [.morning], notes: "left knee")
            let bea = try await Self.create(stack, s, patient: 0, category: s.evaluation, from: 0, to: 20, priority: 2)
            let dee = try await Self.create(stack, s, patient: 2, category: s.followUp, from: 0, to: 1, priority: 3, payment: .insurancePay)

            // As made: the request's fields as decided, the patient's and the provider's names, the category's label.
            let made = try await Self.view(stack, s, cy)
            let decided = try #require(await stack.runtime.services.commands.committedState(of: s.orgId).waitlist.requests[cy]?.request)
            var expected = decided
            expected.createdAt = made.request.createdAt
            expected.updatedAt = made.request.updatedAt
            #expect(made.request == expected)
            #expect(Self.same(made.request.createdAt, decided.createdAt) && Self.same(made.request.updatedAt, decided.updatedAt))
            #expect(made.status == .active && made.version == 1 && made.invites.isEmpty && made.endedAt == nil && made.appointmentId == nil)
            #expect(made.patientFirstName == "Cy" && made.patientLastName == "Urgent")
            #expect(made.categoryLabel == "Evaluation")
            #expect(made.providers == [WaitlistProviderView(id: s.ada, name: "Dr. Ada Park")])
            #expect(made.request.preferredTimeSlots == [.morning] && made.request.notes == "left knee" && made.request.priority == 1)
            let deeView = try await Self.view(stack, s, dee)
            #expect(deeView.categoryLabel == "Follow-up" && deeView.request.appointmentKind == .followUp && deeView.request.paymentType == .insurancePay)
            #expect(deeView.providers.isEmpty && deeView.request.durationMinutes == 30)

            // An update replaces the fields and moves the version.
            try await Self.send(stack, s, .update(UpdateWaitlistRequest(actor: .staff(userId: "staff-2"), requestId: cy,
                                                                         preferredDays: [.monday, .tuesday, .wednesday, .thursday, .friday],
                                                                         notes: .set("both knees"))))
            let updated = try await Self.view(stack, s, cy)
            #expect(updated.version == 2 && updated.request.notes == "both knees" && updated.request.updatedBy == "staff-2")
            #expect(updated.request.preferredDays.count == 5 && updated.request.updatedAt >= made.request.updatedAt)

            // A slot with Dr. Park: Cy (priority 1, asked for her) is invited, ranked above Bea.
            let first = Self.morning(CalendarDate(utcDayOf: Date()).adding(days: 2))
            let invited = try #require(try await Self.offer(stack, s, first.start, practitioner: s.ada, type: s.evaluation.appointmentTypeId, minutes: 60))
            let withInvite = try await Self.view(stack, s, cy)
            #expect(withInvite.version == 3 && withInvite.status == .active)
            let invite = try #require(withInvite.invites.first)
            #expect(withInvite.invites.count == 1)
            #expect(invite.inviteId == invited && invite.requestId == cy && invite.status == .sent && invite.answeredAt == nil)
            #expect(invite.matchType == .exact && invite.reason.matchType == .exact && invite.reason.priority == 1)
            #expect(invite.reason.localDate == first.day && invite.reason.partOfDay == .morning)
            #expect(Self.same(invite.slotStart, first.start) && Self.same(invite.slotEnd, first.start.addingTimeInterval(3600)))
            #expect(invite.providerId == s.ada && invite.clinicId == s.clinic && invite.groupAppointmentId == nil)
            #expect(invite.expiresAt > invite.sentAt && invite.rankedAbove == [bea])

            // Declined: the invite shows DECLINED, and the slot went on to Bea (any provider).
            try await Self.send(stack, s, .declineInvite(InviteAnswer(actor: Self.staff, requestId: cy, inviteId: invited)))
            let declined = try await Self.view(stack, s, cy)
            #expect(declined.status == .active && declined.invites.map(\.status) == [.declined] && declined.invites[0].answeredAt != nil)
            let beaInvited = try await Self.view(stack, s, bea)
            #expect(beaInvited.invites.map(\.status) == [.sent] && beaInvited.invites.first?.matchType == .anyProvider)

            // Bea's hold runs out: EXPIRED at the scheduler's time; nobody else fits (Cy let it go, Dee wants a follow-up).
            let later = Date().addingTimeInterval(86_400)
            try await Self.send(stack, s, .expireInvites(asOf: later))
            let expired = try await Self.view(stack, s, bea)
            #expect(expired.status == .active && expired.invites.map(\.status) == [.expired])
            #expect(Self.same(expired.invites.first?.answeredAt, later))

            // Another slot: Cy again, who accepts; the request is FULFILLED by the appointment, the invite ACCEPTED.
            let second = Self.morning(first.day.adding(days: 1))
            let again = try #require(try await Self.offer(stack, s, second.start, practitioner: s.ada, type: s.evaluation.appointmentTypeId, minutes: 60))
            guard case .fulfilled(_, let appointment?, nil) = try await Self.send(stack, s, .acceptInvite(InviteAnswer(
                actor: .patient(userId: "cy", patientId: s.patients[1]), requestId: cy, inviteId: again))) else {
                throw TestFailure("accept did not book an appointment")
            }
            let fulfilled = try await Self.view(stack, s, cy)
            #expect(fulfilled.status == .fulfilled && fulfilled.appointmentId == appointment && fulfilled.attendeeId == nil)
            #expect(fulfilled.endedAt != nil && fulfilled.endedBy == "cy")
            #expect(fulfilled.invites.map(\.inviteId) == [invited, again] && fulfilled.invites.map(\.status) == [.declined, .accepted])
            #expect(fulfilled.request.notes == "both knees", "the request's fields stay as the last update left them")

            // Bea withdraws; Dee's last day passes.
            try await Self.send(stack, s, .update(UpdateWaitlistRequest(actor: .patient(userId: "bea", patientId: s.patients[0]), requestId: bea,
                                                                         status: .cancelled)))
            let cancelled = try await Self.view(stack, s, bea)
            #expect(cancelled.status == .cancelled && cancelled.endedBy == "bea" && cancelled.endedAt != nil && cancelled.invites.count == 1)
            guard case .expired(let ids) = try await Self.send(stack, s, .expireRequests(asOf: Date().addingTimeInterval(4 * 86_400))) else {
                throw TestFailure("no expiry reply")
            }
            #expect(ids == [dee])
            let ran = try await Self.view(stack, s, dee)
            #expect(ran.status == .expired && ran.endedAt != nil && ran.endedBy == nil)

            // A rebuild from the log gives the same rows, and the same views.
            var before: [WaitlistRequestView] = []
            for id in [cy, bea, dee] { before.append(try await Self.view(stack, s, id)) }
            let config = stack.runtime.configuration
            for name in [WaitlistProjection.name, ReferenceDataProjection.name] {
                let live = try await ProjectionsAdmin.checksum(config, name: name, logger: stack.logger)
                let rebuilt = try await ProjectionsAdmin.rebuild(config, name: name, logger: stack.logger)
                #expect(rebuilt.checksum == live, "\(name): rebuilt \(rebuilt.checksum), live \(live)")
                #expect(live.tables.allSatisfy { $0.name.hasPrefix("waitlist_") ? $0.rows > 0 : true }, "\(live)")
            }
            for (id, view) in zip([cy, bea, dee], before) { #expect(try await Self.view(stack, s, id) == view) }
        }
    }

    @Test("The list: each filter, each sort both ways, paging with the total, and another organization sees nothing")
    func list() async throws {
        try await withStack { stack in
            let s = try await Self.scene(stack)
            let q = stack.runtime.services.queries
            // a..d in creation order; d is cancelled, a updated last.
            let a = try await Self.create(stack, s, patient: 0, category: s.evaluation, from: 2, to: 10, priority: 3, providers: [s.ada])
            let b = try await Self.create(stack, s, patient: 1, category: s.followUp, from: 0, to: 5, priority: 1, providers: [s.ben],
                                          payment: .insurancePay)
            let c = try await Self.create(stack, s, patient: 2, category: s.evaluation, from: 7, to: 20, priority: 2)
            let d = try await Self.create(stack, s, patient: 0, category: s.followUp, from: 1, to: 3, priority: 5, providers: [s.ada, s.ben],
                                          payment: .insurancePay)
            try await Self.send(stack, s, .update(UpdateWaitlistRequest(actor: Self.staff, requestId: d, status: .cancelled)))
            try await Self.send(stack, s, .update(UpdateWaitlistRequest(actor: Self.staff, requestId: a, notes: .set("mornings are best"))))
            let today = CalendarDate(utcDayOf: Date())

            func ids(_ change: (inout WaitlistRequestFilter) -> Void = { _ in }, sort: WaitlistSortField = .createdAt, descending: Bool = false,
                     offset: Int = 0, limit: Int = 100) async throws -> (ids: [UUID], total: Int) {
                var filter = WaitlistRequestFilter()
                change(&filter)
                let page = try await q.waitlistRequests(org: s.orgId, filter: filter, sort: sort, descending: descending, offset: offset, limit: limit)
                return (page.items.map(\.request.requestId), page.total)
            }

            #expect(try await ids() == ([a, b, c, d], 4))
            #expect(try await ids { $0.clinicId = s.clinic }.ids == [a, b, c, d])
            #expect(try await ids { $0.clinicId = UUID() } == ([], 0))
            #expect(try await ids { $0.patientId = s.patients[0] }.ids == [a, d])
            #expect(try await ids { $0.statuses = [.cancelled] }.ids == [d])
            #expect(try await ids { $0.statuses = [.active, .fulfilled] }.ids == [a, b, c])
            #expect(try await ids { $0.priorities = [1, 2] }.ids == [b, c])
            #expect(try await ids { $0.providerIds = [s.ben] }.ids == [b, d])
            #expect(try await ids { $0.providerIds = [s.ada, s.ben] }.ids == [a, b, d])
            #expect(try await ids { $0.paymentType = .insurancePay }.ids == [b, d])
            #expect(try await ids { $0.paymentType = .selfPay }.ids == [a, c])
            #expect(try await ids { $0.startDate = today.adding(days: 6) }.ids == [a, c], "ranges reaching day 6")
            #expect(try await ids { $0.endDate = today.adding(days: 1) }.ids == [b, d], "ranges begun by day 1")
            #expect(try await ids { $0.startDate = today.adding(days: 4); $0.endDate = today.adding(days: 6) }.ids == [a, b], "ranges overlapping days 4-6")
            #expect(try await ids { $0.appointmentKinds = [.followUp] }.ids == [b, d])
            #expect(try await ids { $0.categoryIds = [s.evaluation.id] }.ids == [a, c])
            #expect(try await ids { $0.patientId = s.patients[0]; $0.statuses = [.active] }.ids == [a], "filters are ANDed")

            // Each sort, both ways (no ties among these four).
            let orders: [(WaitlistSortField, [UUID])] = [
                (.createdAt, [a, b, c, d]), (.updatedAt, [b, c, d, a]), (.priority, [b, c, a, d]),
                (.dateRangeStart, [b, d, a, c]), (.dateRangeEnd, [d, b, a, c]),
            ]
            #expect(Set(orders.map(\.0.rawValue)) == Set(WaitlistSortField.allCases.map(\.rawValue)))
            for (field, order) in orders {
                #expect(try await ids(sort: field).ids == order, "\(field.rawValue) ascending")
                #expect(try await ids(sort: field, descending: true).ids == order.reversed(), "\(field.rawValue) descending")
            }

            // Pages: the total is every match, the items the page.
            #expect(try await ids(offset: 1, limit: 2) == ([b, c], 4))
            #expect(try await ids(sort: .priority, descending: true, offset: 2, limit: 2) == ([c, b], 4))
            #expect(try await ids(offset: 4, limit: 2) == ([], 4))
            #expect(try await ids({ $0.statuses = [.active] }, offset: 2, limit: 2) == ([c], 3))
            // A page's rows carry their providers' names and patients, as one request's view does.
            let page = try await q.waitlistRequests(org: s.orgId, filter: WaitlistRequestFilter(), sort: .createdAt, descending: false,
                                                    offset: 3, limit: 1)
            #expect(page.items.first?.providers == [WaitlistProviderView(id: s.ada, name: "Dr. Ada Park"),
                                                    WaitlistProviderView(id: s.ben, name: "Dr. Ben Stone")])
            #expect(page.items.first?.patientFirstName == "Bea" && page.items.first?.status == .cancelled)
            #expect(try await q.waitlistRequest(org: s.orgId, id: d) == page.items.first)

            // Another organization sees none of it, by list or by id.
            let other = try #require(UUID(uuidString: try await stack.organization().id))
            let theirs = try await q.waitlistRequests(org: other, filter: WaitlistRequestFilter(), sort: .createdAt, descending: false,
                                                      offset: 0, limit: 100)
            #expect(theirs.items.isEmpty && theirs.total == 0)
            #expect(try await q.waitlistRequest(org: other, id: a) == nil)
        }
    }
}

/// The projection on its own: a redelivered batch, or older events of a request delivered again
/// after newer ones, change nothing (every statement applies only over an older aggregate version).
@Suite("Waitlist projection redelivery", .serialized)
struct WaitlistProjectionRedeliveryTests {
    @Test("A request's events applied again, all or the older ones, leave its row and invites as they were")
    func redeliveryChangesNothing() async throws {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        try await TestDatabase.withClient(logger: logger) { _, client in
            try await Migrator.migrate(client, logger: logger)
            let org = UUIDv7.make(), id = UUIDv7.make(), patient = UUIDv7.make(), clinic = UUIDv7.make(), provider = UUIDv7.make()
            let first = UUIDv7.make(), second = UUIDv7.make(), now = Date(timeIntervalSince1970: 1_790_000_000)
            let today = CalendarDate(utcDayOf: now)
            var request = WaitlistRequest(
                requestId: id, patientId: patient, clinicId: clinic, preferredProviders: [provider], preferredTimeSlots: [.morning],
                preferredDays: [], dateRangeStart: today, dateRangeEnd: today.adding(days: 10), categoryId: UUIDv7.make(),
                appointmentTypeId: UUIDv7.make(), appointmentKind: .initialEvaluation, durationMinutes: 60, paymentType: .selfPay, priority: 2,
                notes: "first", createdAt: now, createdBy: "staff", updatedAt: now, updatedBy: "staff")
            let created = request
            request.notes = "second"
            request.updatedAt = now.addingTimeInterval(60)
            func sent(_ invite: UUID, _ start: Date, at sentAt: Date) -> WaitlistEvent {
                let slot = TimeSlot(practitionerId: provider, locationId: clinic, start: start, end: start.addingTimeInterval(3600))
                let reason = WaitlistMatchReason(matchType: .exact, priority: 2, waitingSince: now, localDate: CalendarDate(utcDayOf: start),
                                                 weekday: CalendarDate(utcDayOf: start).weekday, partOfDay: .morning, bookingEnd: slot.end)
                return .inviteSent(WaitlistInviteSent(inviteId: invite, requestId: id, patientId: patient, open: OpenSlot(slot: slot),
                                                      bookingEnd: slot.end, sentAt: sentAt, expiresAt: sentAt.addingTimeInterval(900),
                                                      reason: reason, rankedAbove: [UUIDv7.make()], causeEventId: UUIDv7.make()))
            }
            let facts: [WaitlistEvent] = [
                .requestCreated(WaitlistRequestCreated(request: created)),
                .requestUpdated(WaitlistRequestUpdated(request: request, changed: ["notes"])),
                sent(first, now.addingTimeInterval(86_400), at: now.addingTimeInterval(120)),
                .inviteDeclined(WaitlistInviteDeclined(inviteId: first, requestId: id, patientId: patient, declinedAt: now.addingTimeInterval(180),
                                                       declinedBy: "staff")),
                sent(second, now.addingTimeInterval(2 * 86_400), at: now.addingTimeInterval(200)),
                .fulfilled(WaitlistFulfilled(requestId: id, inviteId: second, patientId: patient, appointmentId: UUIDv7.make(), groupAppointmentId: nil,
                                             attendeeId: nil, fulfilledAt: now.addingTimeInterval(240), fulfilledBy: "patient")),
            ]
            let batch = facts.enumerated().map { offset, fact in
                let command = UUIDv7.make()
                let envelope = EventEnvelope(eventId: UUIDv7.make(), organizationId: org, event: .waitlist(fact), aggregateType: "waitlist_request",
                                             aggregateId: id, aggregateVersion: offset + 1, commandId: command, correlationId: command,
                                             causationId: command, actor: "test", channel: .api, time: now)
                return StoredEvent(envelope: envelope, topic: "clinicledger.events", partition: 0, offset: Int64(offset),
                                   recordKey: [], payload: [], headers: [:])
            }
            func apply(_ events: [StoredEvent]) async throws {
                try await client.withTransaction(logger: logger) { conn in try await WaitlistProjection().apply(events, on: conn, logger: logger) }
            }
            let queries = ReadModelQueries(client: client, logger: logger)
            try await apply(batch)
            let once = try #require(try await queries.waitlistRequest(org: org, id: id))
            #expect(once.status == .fulfilled && once.version == 6 && once.request.notes == "second")
            #expect(once.invites.map(\.inviteId) == [first, second] && once.invites.map(\.status) == [.declined, .accepted])

            try await apply(batch)
            try await apply(Array(batch.prefix(3)))
            try await apply([batch[0], batch[2], batch[3]])
            #expect(try await queries.waitlistRequest(org: org, id: id) == once)
        }
    }
}
