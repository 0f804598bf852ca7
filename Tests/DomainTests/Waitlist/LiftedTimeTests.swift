import Foundation
import Testing
import Domain

/// A lifted block as the waitlist offers it: Ada works Mondays 09:00–12:00 at Lakeside (Chicago).
/// Lifting a block over Monday 2026-10-26 gives back that morning (14:00–17:00Z, CDT).
@Suite struct LiftedTimeTests {
    static let mondayStart = Scheduling.at("2026-10-26T05:00:00Z")   // 00:00 CDT
    static let mondayEnd = Scheduling.at("2026-10-27T05:00:00Z")
    static func lift(_ start: Date?, _ end: Date?) -> UnavailableBlockRemoved {
        UnavailableBlockRemoved(blockId: Fixture.id(901), practitionerId: Scheduling.ada, startsAt: start, endsAt: end)
    }

    @Test func aLiftedDayOffersTheWorkingHoursInsideIt() throws {
        let s = Waitlist.state
        let open = try #require(LiftedTime.openSlot(Self.lift(Self.mondayStart, Self.mondayEnd), reference: s.reference,
                                                    calendar: s.calendar, from: Scheduling.now))
        #expect(open.slot == TimeSlot(practitionerId: Scheduling.ada, locationId: Waitlist.lakeside,
                                      start: Scheduling.at("2026-10-26T14:00:00Z"), end: Scheduling.at("2026-10-26T17:00:00Z")))
        #expect(open.appointmentTypeId == nil && open.groupAppointmentId == nil)
    }

    @Test func onlyTheLiftedPartOfTheHoursAndNotBeforeNow() throws {
        let s = Waitlist.state
        let partial = LiftedTime.openSlot(Self.lift(Scheduling.at("2026-10-26T15:30:00Z"), Self.mondayEnd), reference: s.reference,
                                          calendar: s.calendar, from: Scheduling.now)
        #expect(partial?.slot.start == Scheduling.at("2026-10-26T15:30:00Z") && partial?.slot.end == Scheduling.at("2026-10-26T17:00:00Z"))
        let late = LiftedTime.openSlot(Self.lift(Self.mondayStart, Self.mondayEnd), reference: s.reference, calendar: s.calendar,
                                       from: Scheduling.at("2026-10-26T16:00:00Z"))
        #expect(late?.slot.start == Scheduling.at("2026-10-26T16:00:00Z"))
    }

    @Test func nothingWhenTheRangeHoldsNoWorkingTimeOrTheEventPredatesTheTimes() {
        let s = Waitlist.state
        // Tuesday: Ada does not work.
        #expect(LiftedTime.openSlot(Self.lift(Self.mondayEnd, Self.mondayEnd.addingTimeInterval(86_400)), reference: s.reference,
                                    calendar: s.calendar, from: Scheduling.now) == nil)
        #expect(LiftedTime.openSlot(Self.lift(nil, nil), reference: s.reference, calendar: s.calendar, from: Scheduling.now) == nil)
        #expect(LiftedTime.openSlot(Self.lift(Self.mondayStart, Self.mondayEnd), reference: s.reference, calendar: s.calendar,
                                    from: Self.mondayEnd) == nil, "all of it already past")
    }

    @Test func theOfferedTimeInvitesAWaitingRequest() throws {
        let (state, requests) = try WaitlistInviteTests.competing()
        let open = try #require(LiftedTime.openSlot(Self.lift(Self.mondayStart, Self.mondayEnd), reference: state.reference,
                                                    calendar: state.calendar, from: Scheduling.now))
        let decision = try Waitlist.decideOn(state, .offerSlot(OfferSlot(open: open, causeEventId: Fixture.id(902))), seed: 60)
        let invite = try #require(WaitlistInviteTests.sent(decision))
        #expect(invite.requestId == requests[1].requestId)
        #expect(invite.open.slot.start == Scheduling.at("2026-10-26T14:00:00Z"))
    }
}
