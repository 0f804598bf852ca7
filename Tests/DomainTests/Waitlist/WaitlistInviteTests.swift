import Foundation
import Testing
import Domain

/// Invites: a freed hour of Ada's Monday at Lakeside (2026-10-26 09:00–10:00 CDT = 14:00–15:00Z)
/// offered to five competing requests; holds, declines, expiry, accept; and a class place.
@Suite struct WaitlistInviteTests {
    static let start = Scheduling.at("2026-10-26T14:00:00Z")
    static let freed = OpenSlot(slot: TimeSlot(practitionerId: Scheduling.ada, locationId: Waitlist.lakeside, start: start,
                                               end: start.addingTimeInterval(3600)))
    static let cause = Fixture.id(880)

    /// Five patients (with phones, for an appointment) and a request each: priorities 3, 1, 1, 2, 1,
    /// made an hour apart; the fifth wants evenings only, so it never fits the morning.
    static func competing() throws -> (OrganizationState, [WaitlistRequest]) {
        var state = Waitlist.state
        var made: [WaitlistRequest] = []
        for (n, (priority, slots)) in [(3, [PartOfDay]()), (1, []), (1, []), (2, []), (1, [.evening])].enumerated() {
            let patient = Fixture.id(300 + n)
            var profile = PatientProfile(firstName: "P\(n)", lastName: "Waiting")
            profile.phoneNumber = "+1312555010\(n)"
            state.apply(.patients(.patientCreated(PatientCreated(
                patientId: patient, profile: profile,
                tagIds: [], referrals: [], externalIds: [], createdFrom: .api))))
            let (next, request) = try Waitlist.made(Waitlist.create(patient: patient, slots: slots, priority: priority),
                                                    on: state, now: Scheduling.now.addingTimeInterval(Double(n) * 3600), seed: 10 + n)
            state = next
            made.append(request)
        }
        return (state, made)
    }

    static func sent(_ d: Decision<CommandReply>) -> WaitlistInviteSent? {
        for case .waitlist(.inviteSent(let s)) in d.events { return s }
        return nil
    }

    static func answer(_ invite: WaitlistInviteSent, actor: WaitlistActor = Waitlist.staff) -> InviteAnswer {
        InviteAnswer(actor: actor, requestId: invite.requestId, inviteId: invite.inviteId)
    }

    @Test func aFreedSlotInvitesTheBestRankedRequestAndSaysWhyAndWhomItPassed() throws {
        let (state, r) = try Self.competing()
        let decision = try Waitlist.decideOn(state, .offerSlot(OfferSlot(open: Self.freed, causeEventId: Self.cause)), seed: 50)
        let invite = try #require(Self.sent(decision))
        // Priority 1 first, and of the two the earlier; then priority 2, then 3; evenings-only never fits.
        #expect(invite.requestId == r[1].requestId)
        #expect(invite.rankedAbove == [r[2].requestId, r[3].requestId, r[0].requestId])
        #expect(invite.reason.matchType == .anyProvider && invite.reason.partOfDay == .morning && invite.reason.priority == 1)
        #expect(invite.bookingEnd == Self.start.addingTimeInterval(3600))
        #expect(invite.expiresAt == Scheduling.now.addingTimeInterval(15 * 60))
        #expect(decision.reply == .waitlist(.invite(id: invite.inviteId)))
    }

    @Test func theSameFreeingEventNeverInvitesTwice() throws {
        let (state, _) = try Self.competing()
        let first = try Waitlist.decideOn(state, .offerSlot(OfferSlot(open: Self.freed, causeEventId: Self.cause)), seed: 50)
        let after = Scheduling.applying(first.events, to: state)
        #expect(try Waitlist.decideOn(after, .offerSlot(OfferSlot(open: Self.freed, causeEventId: Self.cause)), seed: 51).events.isEmpty)
    }

    @Test func theHeldTimeCannotBeBookedDirectlyUntilTheInviteEnds() throws {
        let (state, _) = try Self.competing()
        let offered = Scheduling.applying(try Waitlist.decideOn(state, .offerSlot(OfferSlot(open: Self.freed, causeEventId: Self.cause)),
                                                                seed: 50).events, to: state)
        let window = WindowRef(practitionerId: Scheduling.ada, start: Self.start)
        let direct = Scheduling.create(window: window)
        do {
            _ = try decide(.appointments(direct), state: offered, context: Scheduling.context(seed: 60))
            Issue.record("booked held time")
        } catch { #expect(error.code == .slotUnavailable) }
        #expect(try decide(.appointments(direct), state: state, context: Scheduling.context(seed: 60)).events.count == 2)
    }

    @Test func aDeclineMovesTheOfferToTheNextRequestAndNeverBackToTheDecliner() throws {
        let (state, r) = try Self.competing()
        var s = Scheduling.applying(try Waitlist.decideOn(state, .offerSlot(OfferSlot(open: Self.freed, causeEventId: Self.cause)), seed: 50).events,
                                    to: state)
        var invited: [UUID] = []
        for n in 0..<4 {
            let live = try #require(s.waitlist.liveInvites.values.first.flatMap { s.waitlist.invites[$0]?.sent })
            invited.append(live.requestId)
            let decline = try Waitlist.decideOn(s, .declineInvite(Self.answer(live)), seed: 70 + n)
            s = Scheduling.applying(decline.events, to: s)
            if n == 3 { #expect(Self.sent(decline) == nil) }
        }
        #expect(invited == [r[1], r[2], r[3], r[0]].map(\.requestId))
        #expect(s.waitlist.liveInvites.isEmpty)
        // Every hold ended: the time is bookable again.
        #expect(try decide(.appointments(Scheduling.create(window: WindowRef(practitionerId: Scheduling.ada, start: Self.start))),
                           state: s, context: Scheduling.context(seed: 61)).events.count == 2)
    }

    @Test func anUnansweredInviteExpiresAtItsHoldAndTheNextIsInvited() throws {
        let (state, r) = try Self.competing()
        let s = Scheduling.applying(try Waitlist.decideOn(state, .offerSlot(OfferSlot(open: Self.freed, causeEventId: Self.cause)),
                                                          seed: 50).events, to: state)
        let invite = try #require(s.waitlist.invites.values.first?.sent)
        #expect(try Waitlist.decideOn(s, .expireInvites(asOf: invite.expiresAt.addingTimeInterval(-1)), seed: 80).events.isEmpty)
        let expiry = try Waitlist.decideOn(s, .expireInvites(asOf: invite.expiresAt), now: invite.expiresAt, seed: 81)
        #expect(expiry.events.first == .waitlist(.inviteExpired(WaitlistInviteExpired(
            inviteId: invite.inviteId, requestId: r[1].requestId, patientId: r[1].patientId, expiredAt: invite.expiresAt))))
        #expect(Self.sent(expiry)?.requestId == r[2].requestId)
        let after = Scheduling.applying(expiry.events, to: s)
        #expect(try Waitlist.decideOn(after, .expireInvites(asOf: invite.expiresAt), now: invite.expiresAt, seed: 82).events.isEmpty)
        // The expired invite can no longer be accepted.
        do {
            _ = try Waitlist.decideOn(after, .acceptInvite(Self.answer(invite)), now: invite.expiresAt, seed: 83)
            Issue.record("accepted an expired invite")
        } catch { #expect(error.code == .invalidTransition) }
    }

    @Test("a request's patient merged into another since: accepting books the survivor, with the survivor's phone")
    func acceptingAfterAMergeBooksTheSurvivor() throws {
        var (state, r) = try Self.competing()
        // r[1]'s patient is merged into r[0]'s (a person found them to be one).
        state.apply(.patients(.patientsMerged(PatientsMerged(patientId: r[0].patientId, mergedPatientId: r[1].patientId, externalIds: []))))
        let s = Scheduling.applying(try Waitlist.decideOn(state, .offerSlot(OfferSlot(open: Self.freed, causeEventId: Self.cause)),
                                                          seed: 50).events, to: state)
        let invite = try #require(s.waitlist.invites.values.first?.sent)
        #expect(invite.requestId == r[1].requestId)
        let accept = try Waitlist.decideOn(s, .acceptInvite(Self.answer(invite)), seed: 93)
        guard case .appointments(.appointmentCreated(let created)) = accept.events[0],
              case .waitlist(.fulfilled(let fulfilled)) = accept.events[2] else { Issue.record("events: \(accept.events)"); return }
        #expect(created.patientId == r[0].patientId && created.phone == "+13125550100")
        #expect(fulfilled.patientId == r[1].patientId, "the request stays its own patient's")
    }

    @Test func acceptingBooksTheAppointmentAndFulfilsTheRequestOnceOnly() throws {
        let (state, r) = try Self.competing()
        let s = Scheduling.applying(try Waitlist.decideOn(state, .offerSlot(OfferSlot(open: Self.freed, causeEventId: Self.cause)),
                                                          seed: 50).events, to: state)
        let invite = try #require(s.waitlist.invites.values.first?.sent)
        let stranger = WaitlistActor.patient(userId: "u-x", patientId: r[0].patientId)
        do { _ = try Waitlist.decideOn(s, .acceptInvite(Self.answer(invite, actor: stranger)), seed: 90); Issue.record("a stranger accepted") }
        catch { #expect(error.code == .notPermitted) }
        let accept = try Waitlist.decideOn(s, .acceptInvite(Self.answer(invite, actor: .patient(userId: "u1", patientId: r[1].patientId))), seed: 91)
        guard case .waitlist(.fulfilled(_, let appointmentId?, nil)) = accept.reply else { Issue.record("no appointment"); return }
        guard case .appointments(.appointmentCreated(let created)) = accept.events[0],
              case .appointments(.appointmentScheduled(let scheduled)) = accept.events[1],
              case .waitlist(.fulfilled(let fulfilled)) = accept.events[2] else { Issue.record("events: \(accept.events)"); return }
        #expect(created.appointmentId == appointmentId && created.patientId == r[1].patientId && created.phone == "+13125550101")
        #expect(created.taskId == Scheduling.consult && created.location.line1 == "5 Lake Rd, Chicago, IL 60601" && created.location.postcode == "60601")
        #expect(scheduled.slot == TimeSlot(practitionerId: Scheduling.ada, locationId: Waitlist.lakeside, start: Self.start,
                                           end: Self.start.addingTimeInterval(3600)))
        #expect(fulfilled.inviteId == invite.inviteId && fulfilled.appointmentId == appointmentId)
        let after = Scheduling.applying(accept.events, to: s)
        #expect(after.waitlist.requests[r[1].requestId]?.status == .fulfilled)
        #expect(after.calendar.overlapping(Scheduling.ada, Self.start, Self.start.addingTimeInterval(3600)).map(\.id) == [appointmentId])
        do { _ = try Waitlist.decideOn(after, .acceptInvite(Self.answer(invite)), seed: 92); Issue.record("accepted twice") }
        catch { #expect(error.code == .invalidTransition) }
    }

    @Test func withdrawingWhileInvitedPassesTheSlotOn() throws {
        let (state, r) = try Self.competing()
        let s = Scheduling.applying(try Waitlist.decideOn(state, .offerSlot(OfferSlot(open: Self.freed, causeEventId: Self.cause)),
                                                          seed: 50).events, to: state)
        let cancel = try Waitlist.decideOn(s, .update(UpdateWaitlistRequest(actor: Waitlist.staff, requestId: r[1].requestId, status: .cancelled)),
                                           seed: 93)
        guard case .waitlist(.inviteDeclined) = cancel.events[0], case .waitlist(.requestCancelled) = cancel.events[1] else {
            Issue.record("events: \(cancel.events)"); return
        }
        #expect(Self.sent(cancel)?.requestId == r[2].requestId)
    }

    @Test func aClassPlaceIsHeldInTheClassAndAcceptedAsAnAttendee() throws {
        let (waiting, r) = try Self.competing()
        // Consult becomes a class type (up to 4), then a class of one at Lakeside with Ada, of the therapy category's type, its place free.
        let classes = try decide(.organization(.applyReferenceData(ReferenceDataDeclaration(
            appointmentTypes: [AppointmentTypeDeclaration(name: "Consult", durationMinutes: 60, maxAttendees: 4)]))),
            state: waiting, context: Scheduling.context(seed: 98))
        let state = Scheduling.applying(classes.events, to: waiting)
        let create = try decide(.groupAppointments(.create(CreateGroupAppointment(
            appointmentTypeId: Waitlist.therapy.appointmentTypeId, locationId: Waitlist.lakeside, practitionerId: Scheduling.ada,
            startsAt: Self.start, maxAttendees: 1))), state: state, context: Scheduling.context(seed: 94))
        let s0 = Scheduling.applying(create.events, to: state)
        guard case .groupAppointments(.groupAppointments(let ids)) = create.reply, let classId = ids.first else { Issue.record("no class"); return }
        let place = OpenSlot(slot: TimeSlot(practitionerId: Scheduling.ada, locationId: Waitlist.lakeside, start: Self.start,
                                            end: Self.start.addingTimeInterval(3600)),
                             appointmentTypeId: Waitlist.therapy.appointmentTypeId, groupAppointmentId: classId)
        let s = Scheduling.applying(try Waitlist.decideOn(s0, .offerSlot(OfferSlot(open: place, causeEventId: Self.cause)), seed: 95).events, to: s0)
        let invite = try #require(s.waitlist.invites.values.first?.sent)
        #expect(s.waitlist.heldPlaces(in: classId) == [invite.inviteId])
        do {
            _ = try decide(.groupAppointments(.addAttendee(AddAttendee(groupAppointmentId: classId, patientId: Fixture.existingPatientId))),
                           state: s, context: Scheduling.context(seed: 96))
            Issue.record("took a held place")
        } catch { #expect(error.code == .slotUnavailable) }
        let accept = try Waitlist.decideOn(s, .acceptInvite(Self.answer(invite)), seed: 97)
        guard case .groupAppointments(.attendeeAdded(let added)) = accept.events[0] else { Issue.record("events: \(accept.events)"); return }
        #expect(added.groupAppointmentId == classId && added.patientId == r[1].patientId)
        let after = Scheduling.applying(accept.events, to: s)
        #expect(after.waitlist.heldPlaces(in: classId).isEmpty && after.groupAppointments.placesLeft(in: classId) == 0)
    }
}
