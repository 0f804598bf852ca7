import Foundation
import Testing
import Domain

@Suite struct WaitlistRequestTests {
    @Test func aRequestTakesItsTypeKindAndDurationFromTheCategoryAndDefaultsToPriorityThree() throws {
        let (state, request) = try Waitlist.made(Waitlist.create(label: "physical therapy", kind: .initialEvaluation))
        #expect(request.appointmentTypeId == Waitlist.therapy.appointmentTypeId)
        #expect(request.appointmentKind == .initialEvaluation && request.durationMinutes == 60)
        #expect(request.priority == 3 && request.createdBy == "user-123" && request.updatedBy == "user-123")
        #expect(state.waitlist.requests[request.requestId]?.status == .active)
        #expect(state.waitlist.activeRequests(at: Waitlist.lakeside).map(\.requestId) == [request.requestId])
    }

    @Test func repeatedPreferencesAreKeptOnce() throws {
        let (_, request) = try Waitlist.made(Waitlist.create(providers: [Scheduling.ada, Scheduling.ada], slots: [.morning, .morning],
                                                              days: [.monday, .friday, .monday]))
        #expect(request.preferredProviders == [Scheduling.ada] && request.preferredTimeSlots == [.morning])
        #expect(request.preferredDays == [.monday, .friday])
    }

    @Test(arguments: [
        (Waitlist.create(from: "2026-11-02", to: "2026-11-01"), "date_range_end", "date_range_end must be on or after date_range_start"),
        (Waitlist.create(from: "2026-10-26", to: "2026-11-26"), "date_range_end", "date range must span at most 30 days (it spans 31)"),
        (Waitlist.create(clinic: Fixture.locationId), "clinic_id", "waitlist feature not configured for this organization"),
        (Waitlist.create(clinic: Fixture.id(999)), "clinic_id", "clinic_id names no clinic of this organization"),
        (Waitlist.create(category: Fixture.id(998)), "appointment_category_id", "appointment_category_id is not a category of this clinic"),
        (Waitlist.create(kind: .followUp), "appointment_type", "appointment_type FOLLOW_UP does not match the category's INITIAL_EVAL"),
        (Waitlist.create(label: "Massage"), "appointment_category",
         "appointment_category does not match the label of appointment_category_id (Physical Therapy)"),
        (Waitlist.create(priority: 0), "priority", "priority must be an integer from 1 (most urgent) to 5"),
        (Waitlist.create(priority: 6), "priority", "priority must be an integer from 1 (most urgent) to 5"),
        (Waitlist.create(patient: Fixture.id(997)), "patient_id", "patient_id names no patient of this organization"),
    ])
    func aRequestBreakingASeedRuleIsRefusedNamingTheField(_ command: WaitlistCommand, _ field: String, _ message: String) {
        let refusal = Waitlist.refusal(command)
        #expect(refusal?.field == field)
        #expect(refusal?.message == message)
    }

    @Test func aPreferredProviderMustWorkAtTheClinic() {
        // Bo works at Main Clinic, not Lakeside.
        #expect(Waitlist.refusal(Waitlist.create(providers: [Scheduling.ada, Scheduling.bo]))?.field == "preferred_providers[1]")
    }

    @Test func theLastDayIsTheClinicsLocalDay() {
        // 03:00Z on the 20th is still the 19th in Chicago: a range ending on the 19th is not yet past there.
        let lateEvening = Scheduling.at("2026-10-20T03:00:00Z")
        #expect(Waitlist.refusal(Waitlist.create(from: "2026-10-19", to: "2026-10-19"), now: lateEvening) == nil)
        let refusal = Waitlist.refusal(Waitlist.create(from: "2026-10-19", to: "2026-10-19"), now: Scheduling.at("2026-10-20T05:00:00Z"))
        #expect(refusal?.field == "date_range_end")
    }

    @Test func aPatientMayJoinOnlyForItself() {
        let other = WaitlistActor.patient(userId: "user-x", patientId: Fixture.id(555))
        #expect(Waitlist.refusal(Waitlist.create(actor: other))?.code == .notPermitted)
        #expect(Waitlist.refusal(Waitlist.create(actor: Waitlist.patient)) == nil)
    }

    @Test func anUpdateReplacesArraysKeepsWhatItDoesNotNameAndSaysWhatChanged() throws {
        let (state, request) = try Waitlist.made(Waitlist.create(slots: [.morning], days: [.monday], priority: 2))
        let decision = try Waitlist.decideOn(state, .update(UpdateWaitlistRequest(
            actor: Waitlist.patient, requestId: request.requestId, preferredDays: [.tuesday, .thursday], priority: 1)),
            now: Scheduling.at("2026-10-21T09:00:00Z"), seed: 2)
        guard case .waitlist(.requestUpdated(let e)) = try #require(decision.events.first) else { Issue.record("no update"); return }
        #expect(e.changed == ["preferred_days", "priority"])
        #expect(e.request.preferredDays == [.tuesday, .thursday] && e.request.preferredTimeSlots == [.morning] && e.request.priority == 1)
        #expect(e.request.updatedBy == "user-p8" && e.request.updatedAt == Scheduling.at("2026-10-21T09:00:00Z"))
        #expect(e.request.createdAt == request.createdAt)
    }

    @Test func anUpdateChangingNothingWritesNothing() throws {
        let (state, request) = try Waitlist.made(Waitlist.create(priority: 2))
        let decision = try Waitlist.decideOn(state, .update(UpdateWaitlistRequest(actor: Waitlist.staff, requestId: request.requestId, priority: 2)))
        #expect(decision.events.isEmpty)
    }

    @Test func anUpdatedCategoryBringsItsTypeAndDurationAndTheKindMustAgree() throws {
        let (state, request) = try Waitlist.made(Waitlist.create())
        let moved = try Waitlist.decideOn(state, .update(UpdateWaitlistRequest(actor: Waitlist.staff, requestId: request.requestId,
                                                                                categoryId: Waitlist.followUp.id)), seed: 2)
        guard case .waitlist(.requestUpdated(let e)) = try #require(moved.events.first) else { Issue.record("no update"); return }
        #expect(e.request.durationMinutes == 30 && e.request.appointmentKind == .followUp && e.changed == ["appointment_category_id"])
        let clash = Waitlist.refusal(.update(UpdateWaitlistRequest(actor: Waitlist.staff, requestId: request.requestId,
                                                                     categoryId: Waitlist.followUp.id, appointmentKind: .initialEvaluation)),
                                     state: state)
        #expect(clash?.field == "appointment_type")
    }

    @Test func cancellingIsFinalAndAPatientCannotTouchAnothersRequest() throws {
        let (state, request) = try Waitlist.made(Waitlist.create())
        let stranger = WaitlistActor.patient(userId: "user-x", patientId: Fixture.id(555))
        #expect(Waitlist.refusal(.update(UpdateWaitlistRequest(actor: stranger, requestId: request.requestId, status: .cancelled)),
                                 state: state)?.code == .notPermitted)
        let cancel = try Waitlist.decideOn(state, .update(UpdateWaitlistRequest(actor: Waitlist.patient, requestId: request.requestId,
                                                                                 status: .cancelled)), seed: 2)
        #expect(cancel.events == [.waitlist(.requestCancelled(WaitlistRequestCancelled(
            requestId: request.requestId, patientId: Fixture.existingPatientId, cancelledAt: Scheduling.now, cancelledBy: "user-p8")))])
        let after = Scheduling.applying(cancel.events, to: state)
        #expect(after.waitlist.activeRequests(at: Waitlist.lakeside).isEmpty)
        #expect(Waitlist.refusal(.update(UpdateWaitlistRequest(actor: Waitlist.staff, requestId: request.requestId, priority: 1)),
                                 state: after)?.code == .invalidTransition)
        #expect(Waitlist.refusal(.update(UpdateWaitlistRequest(actor: Waitlist.staff, requestId: Fixture.id(444), priority: 1)),
                                 state: after)?.code == .waitlistRequestNotFound)
    }

    @Test func onlyCancelledMayBeAskedFor() {
        #expect(Waitlist.refusal(.update(UpdateWaitlistRequest(actor: Waitlist.staff, requestId: Fixture.id(444), status: .fulfilled)))?.field
                == "status")
    }

    @Test func aRequestExpiresOnceAfterItsLastLocalDay() throws {
        let (state, request) = try Waitlist.made(Waitlist.create(from: "2026-10-21", to: "2026-10-25"))
        // Midnight after the 25th in Chicago (CDT, UTC-5) is 05:00Z on the 26th.
        #expect(state.waitlist.nextExpiry(reference: state.reference) == Scheduling.at("2026-10-26T05:00:00Z"))
        let early = try Waitlist.decideOn(state, .expireRequests(asOf: Scheduling.at("2026-10-26T04:59:00Z")))
        #expect(early.events.isEmpty && early.reply == .waitlist(.expired(ids: [])))
        let due = Scheduling.at("2026-10-26T05:00:00Z")
        let expiry = try Waitlist.decideOn(state, .expireRequests(asOf: due))
        #expect(expiry.events == [.waitlist(.requestExpired(WaitlistRequestExpired(
            requestId: request.requestId, patientId: request.patientId, dateRangeEnd: Scheduling.day("2026-10-25"), expiredAt: due)))])
        let after = Scheduling.applying(expiry.events, to: state)
        #expect(try Waitlist.decideOn(after, .expireRequests(asOf: due.addingTimeInterval(3600))).events.isEmpty)
        #expect(after.waitlist.requests[request.requestId]?.status == .expired)
        #expect(after.waitlist.nextExpiry(reference: after.reference) == nil)
    }
}
