import Domain
import EventStore
import Foundation
import Testing

/// A writer rebuilds its calendar by decoding its log: after tens of thousands of booking events,
/// spread over twelve weeks of event time (so past bookings have been pruned), the rebuilt state
/// must equal the live one and keep refusing every taken window.
@Suite("Calendar rebuilt from a long log")
struct CalendarRebuildTests {
    static let org = UUID(uuidString: "0197722c-a3d0-7c41-9e0b-5a4f3c2d1e0f")!
    static let start = RFC3339.parse("2026-01-05T06:00:00Z")!  // a Monday

    @Test("25,000 events: rebuilt bookings, appointments and availability equal the live ones; taken windows stay refused")
    func rebuildEqualsLive() throws {
        var live = OrganizationState(organizationId: Self.org)
        var log: [DomainEvent] = []
        var seed = 0
        func run(_ command: Command, at now: Date) throws -> CommandReply {
            seed += 1
            let context = DecisionContext(organizationId: Self.org, now: now, channel: .api, idSeed: UUIDv7.make(at: now))
            let decision = try decide(command, state: live, context: context)
            for e in decision.events { live.apply(e) }
            log += decision.events
            return decision.reply
        }
        let hours = Dictionary(uniqueKeysWithValues: ["monday", "tuesday", "wednesday", "thursday", "friday"].map { ($0, ["08:00-17:00"]) })
        _ = try run(.organization(.createOrganization(CreateOrganization(name: "Riverside", apiKeyHash: String(repeating: "a", count: 64),
                                                                         apiKeyPrefix: "ck_aaaaaaaa"))), at: Self.start)
        _ = try run(.organization(.applyReferenceData(ReferenceDataDeclaration(
            locations: [LocationDeclaration(name: "Riverside", timezone: "America/Chicago")],
            practitioners: (0..<50).map { PractitionerDeclaration(name: "P\($0)", email: "p\($0)@riverside.example", locations: ["Riverside"],
                                                                   workingHours: hours) },
            appointmentTypes: [AppointmentTypeDeclaration(name: "Visit", durationMinutes: 30)],
            tasks: [TaskDeclaration(name: "Home visit", appointmentType: "Visit")]))), at: Self.start)
        guard case .patients(.patientsCreated(let patients)) = try run(.patients(.createPatientsBatch(CreatePatientsBatch(
            items: [PatientDraft(firstName: "Ann", lastName: "Lee")]))), at: Self.start) else { throw MissingSample() }
        let task = try #require(live.reference.tasks.values.first).id
        let address = AppointmentAddress(line1: "1 River Rd", postcode: "60601")

        // Each of 84 days (12 weeks): book 200 of the next day's windows, cancel every tenth booking.
        var taken: [WindowRef] = []
        for day in 0..<84 {
            var now = Self.start.addingTimeInterval(Double(day) * 86_400)
            let next = CalendarDate(utcDayOf: now).adding(days: 1)
            let windows = try Availability.windows(AvailabilityQuery(taskId: task, from: next, to: next), reference: live.reference,
                                                   calendar: live.calendar, now: now)
            for (n, w) in windows.prefix(200).enumerated() {
                now.addTimeInterval(1.2345)
                let reply = try run(.appointments(.createAppointment(CreateAppointment(
                    patientId: patients[0], taskId: task, phone: "+14155550123", location: address, window: w.window))), at: now)
                guard case .appointments(.appointment(let id, _)) = reply else { throw MissingSample() }
                if n % 10 == 0 {
                    _ = try run(.appointments(.cancelAppointment(CancelAppointment(appointmentId: id, reason: CancellationReason()))), at: now)
                } else {
                    taken.append(w.window)
                }
            }
        }
        #expect(log.count > 25_000)

        var rebuilt = OrganizationState(organizationId: Self.org)
        for event in log {
            rebuilt.apply(try EventTypes.decodePayload(type: EventTypes.name(of: event), EventTypes.encodePayload(event)))
        }
        #expect(rebuilt.calendar.bookings == live.calendar.bookings)
        #expect(rebuilt.appointments.appointments == live.appointments.appointments)
        #expect(live.calendar.bookingCount < taken.count, "bookings of days long past were pruned")

        let lastDay = Self.start.addingTimeInterval(83 * 86_400)
        let query = AvailabilityQuery(taskId: task, from: CalendarDate(utcDayOf: lastDay), to: CalendarDate(utcDayOf: lastDay).adding(days: 1))
        #expect(try Availability.windows(query, reference: rebuilt.reference, calendar: rebuilt.calendar, now: lastDay)
            == Availability.windows(query, reference: live.reference, calendar: live.calendar, now: lastDay))
        for window in taken.suffix(180) {
            #expect(throws: DomainError.self) {
                _ = try Availability.take(window, minutes: 30, reference: rebuilt.reference, calendar: rebuilt.calendar, now: lastDay, field: "windowId")
            }
        }
    }
}
