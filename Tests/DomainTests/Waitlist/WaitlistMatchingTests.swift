import Foundation
import Testing
import Domain

/// Eligibility and ranking (`WaitlistMatching`) in Lakeside's zone, America/Chicago: CDT (UTC-5)
/// until the fall-back on Sunday 2026-11-01, CST (UTC-6) after.
@Suite struct WaitlistMatchingTests {
    static let chicago = TimeZone(identifier: "America/Chicago")!
    static func free(_: UUID, _: Date, _: Date) -> Bool { false }

    static func request(providers: [UUID] = [], slots: [PartOfDay] = [], days: [Weekday] = [], from: String = "2026-10-26",
                        to: String = "2026-11-20", category: WaitlistCategory = Waitlist.therapy, priority: Int = 3,
                        createdAt: String = "2026-10-20T12:00:00Z", id: Int = 1, patient: UUID = Fixture.existingPatientId,
                        clinic: UUID = Waitlist.lakeside) -> WaitlistRequest {
        WaitlistRequest(requestId: Fixture.id(700 + id), patientId: patient, clinicId: clinic, preferredProviders: providers,
                        preferredTimeSlots: slots, preferredDays: days, dateRangeStart: Scheduling.day(from), dateRangeEnd: Scheduling.day(to),
                        categoryId: category.id, appointmentTypeId: category.appointmentTypeId, appointmentKind: category.kind,
                        durationMinutes: category.durationMinutes, paymentType: .selfPay, priority: priority, notes: nil,
                        createdAt: Scheduling.at(createdAt), createdBy: "u", updatedAt: Scheduling.at(createdAt), updatedBy: "u")
    }

    /// Free practitioner time at Lakeside from `start` for `minutes`, for no particular type.
    static func slot(_ start: String, minutes: Int = 60, practitioner: UUID = Scheduling.ada, type: UUID? = nil,
                     group: UUID? = nil) -> OpenSlot {
        let s = Scheduling.at(start)
        return OpenSlot(slot: TimeSlot(practitionerId: practitioner, locationId: Waitlist.lakeside, start: s,
                                       end: s.addingTimeInterval(Double(minutes) * 60)),
                        appointmentTypeId: type, groupAppointmentId: group)
    }

    static func fits(_ r: WaitlistRequest, _ s: OpenSlot, busy: (UUID, Date, Date) -> Bool = free) -> WaitlistMatchReason? {
        WaitlistMatching.fit(r, s, zone: chicago, patientBusy: busy)
    }

    @Test(arguments: [
        ("2026-10-27T16:59:00Z", PartOfDay.morning),    // 11:59 CDT
        ("2026-10-27T17:00:00Z", PartOfDay.afternoon),  // 12:00
        ("2026-10-27T21:59:00Z", PartOfDay.afternoon),  // 16:59
        ("2026-10-27T22:00:00Z", PartOfDay.evening),    // 17:00
    ])
    func thePartOfDayIsTheSlotStartsLocalTime(_ start: String, _ part: PartOfDay) {
        #expect(Self.fits(Self.request(), Self.slot(start))?.partOfDay == part)
        for wanted in [PartOfDay.morning, .afternoon, .evening] {
            #expect((Self.fits(Self.request(slots: [wanted]), Self.slot(start)) != nil) == (wanted == part))
        }
        #expect(Self.fits(Self.request(slots: [.anytime]), Self.slot(start)) != nil)
    }

    @Test func theSameUTCTimeIsAfternoonBeforeTheFallBackAndMorningAfterIt() {
        let mornings = Self.request(slots: [.morning])
        #expect(Self.fits(mornings, Self.slot("2026-10-26T17:30:00Z")) == nil)  // 12:30 CDT
        let after = Self.fits(mornings, Self.slot("2026-11-02T17:30:00Z"))     // 11:30 CST
        #expect(after?.partOfDay == .morning && after?.weekday == .monday && after?.localDate == Scheduling.day("2026-11-02"))
    }

    @Test func theDateRangeAndDaysAreTheClinicsLocalDays() {
        // 03:30Z on Tuesday the 27th is 22:30 on Monday the 26th in Chicago.
        let late = Self.slot("2026-10-27T03:30:00Z")
        #expect(Self.fits(Self.request(from: "2026-10-26"), late)?.localDate == Scheduling.day("2026-10-26"))
        #expect(Self.fits(Self.request(from: "2026-10-27"), late) == nil)
        #expect(Self.fits(Self.request(days: [.monday]), late) != nil)
        #expect(Self.fits(Self.request(days: [.tuesday]), late) == nil)
        #expect(Self.fits(Self.request(to: "2026-10-26"), Self.slot("2026-10-27T05:00:00Z")) == nil)  // 00:00 on the 27th
    }

    @Test func aNamedProviderIsAnExactMatchAnOpenOneAnyProviderAndAnotherNone() {
        let ada = Self.slot("2026-10-26T14:00:00Z")
        #expect(Self.fits(Self.request(providers: [Scheduling.ada]), ada)?.matchType == .exact)
        #expect(Self.fits(Self.request(), ada)?.matchType == .anyProvider)
        #expect(Self.fits(Self.request(providers: [Scheduling.bo]), ada) == nil)
    }

    @Test func theSlotMustBeForTheCategorysTypeAndLongEnough() {
        let therapy = Self.request(), followUp = Self.request(category: Waitlist.followUp)
        let fortyFive = Self.slot("2026-10-26T14:00:00Z", minutes: 45)
        #expect(Self.fits(therapy, fortyFive) == nil)
        #expect(Self.fits(followUp, fortyFive)?.bookingEnd == Scheduling.at("2026-10-26T14:30:00Z"))
        let checkTime = Self.slot("2026-10-26T14:00:00Z", minutes: 45, type: Waitlist.followUp.appointmentTypeId)
        #expect(Self.fits(followUp, checkTime) != nil)
        #expect(Self.fits(therapy, Self.slot("2026-10-26T14:00:00Z", minutes: 90, type: Waitlist.followUp.appointmentTypeId)) == nil)
    }

    @Test func aClassPlaceNeedsTheClassesTypeAndTakesTheWholeClass() {
        let classPlace = Self.slot("2026-10-26T14:00:00Z", minutes: 90, type: Waitlist.therapy.appointmentTypeId, group: Fixture.id(60))
        #expect(Self.fits(Self.request(), classPlace)?.bookingEnd == Scheduling.at("2026-10-26T15:30:00Z"))
        #expect(Self.fits(Self.request(category: Waitlist.followUp), classPlace) == nil)
    }

    @Test func anotherClinicOrABusyPatientDoesNotFit() {
        let s = Self.slot("2026-10-26T14:00:00Z")
        #expect(Self.fits(Self.request(clinic: Fixture.locationId), s) == nil)
        let busy: (UUID, Date, Date) -> Bool = { patient, start, end in
            patient == Fixture.existingPatientId && start < Scheduling.at("2026-10-26T14:30:00Z") && Scheduling.at("2026-10-26T14:15:00Z") < end
        }
        #expect(Self.fits(Self.request(), s, busy: busy) == nil)
        #expect(Self.fits(Self.request(), Self.slot("2026-10-26T15:00:00Z"), busy: busy) != nil)
    }

    @Test func requestsAreOfferedByPriorityThenByWhoAskedFirst() {
        let requests = [
            Self.request(priority: 3, createdAt: "2026-10-01T00:00:00Z", id: 1),
            Self.request(priority: 1, createdAt: "2026-10-05T00:00:00Z", id: 2),
            Self.request(priority: 1, createdAt: "2026-10-03T00:00:00Z", id: 3),
            Self.request(priority: 2, createdAt: "2026-10-02T00:00:00Z", id: 4),
            Self.request(slots: [.evening], priority: 1, createdAt: "2026-09-01T00:00:00Z", id: 5),  // does not fit a morning
            Self.request(priority: 5, createdAt: "2026-09-01T00:00:00Z", id: 6),
        ]
        let ranked = WaitlistMatching.ranked(requests, for: Self.slot("2026-10-26T14:00:00Z"), zone: Self.chicago, patientBusy: Self.free)
        #expect(ranked.map(\.request.requestId) == [3, 2, 4, 1, 6].map { Fixture.id(700 + $0) })
        #expect(ranked[0].reason.summary.hasPrefix("priority 1, waiting since 2026-10-03T00:00:00.000Z; any provider"))
    }
}
