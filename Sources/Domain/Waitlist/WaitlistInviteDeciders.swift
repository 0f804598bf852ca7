import Foundation

/// The process manager's command: `open` freed (the event `causeEventId` says how). Offered to
/// the best-ranked request it fits, if any; a cause already offered is not offered again, so a
/// redelivered event cannot invite twice.
public struct OfferSlot: Sendable, Equatable {
    public var open: OpenSlot
    public var causeEventId: UUID
    public init(open: OpenSlot, causeEventId: UUID) { self.open = open; self.causeEventId = causeEventId }
}

/// `POST /apis/v1/waitlist-requests/{id}/invites/{invite_id}/accept` (or `/decline`).
public struct InviteAnswer: Sendable, Equatable {
    public var actor: WaitlistActor
    public var requestId: UUID
    public var inviteId: UUID
    public init(actor: WaitlistActor, requestId: UUID, inviteId: UUID) { self.actor = actor; self.requestId = requestId; self.inviteId = inviteId }
}

/// What the invite rules read besides the waitlist: the calendar (is the time still free), the
/// classes (places), appointments and classes again (is the patient free), reference data.
struct WaitlistWorld {
    let waitlist: WaitlistState
    let patients: PatientsState
    let appointments: AppointmentsState
    let groupAppointments: GroupAppointmentsState
    let reference: ReferenceDataState
    let calendar: CalendarState

    /// Whether the patient has an appointment, a class place or a live invite (other than the
    /// `ended` ones) overlapping `start..<end`.
    func patientBusy(_ patientId: UUID, _ start: Date, _ end: Date, ended: Set<UUID> = []) -> Bool {
        for a in appointments.appointments.values where a.patientId == patientId && a.status == .scheduled {
            if let s = a.slot, s.start < end, start < s.end { return true }
        }
        for place in groupAppointments.attendees.values where place.patientId == patientId && !place.cancelled {
            if let c = groupAppointments.appointments[place.groupAppointmentId], !c.archived, c.startsAt < end, start < c.endsAt { return true }
        }
        for inviteId in waitlist.liveInvites.values where !ended.contains(inviteId) {
            if let i = waitlist.invites[inviteId]?.sent, i.patientId == patientId, i.open.slot.start < end, start < i.bookingEnd { return true }
        }
        return false
    }

    /// Whether the time (or a place) is still there for a booking ending at `end`, apart from
    /// the holds of `ended` invites (the one being accepted, or ones ending in this decision).
    func stillFree(_ open: OpenSlot, until end: Date, ended: Set<UUID> = []) -> Bool {
        if let classId = open.groupAppointmentId {
            guard let c = groupAppointments.appointments[classId], !c.archived, c.startsAt == open.slot.start else { return false }
            let held = waitlist.heldPlaces(in: classId).subtracting(ended)
            return c.activeAttendeeIds.count + held.count < c.maxAttendees
        }
        return calendar.overlapping(open.slot.practitionerId, open.slot.start, end).allSatisfy { ended.contains($0.id) }
    }

    /// The invite `open` gets now, or nil: the best-ranked ACTIVE request without a live invite,
    /// not in `excluding`, that fits and whose patient is free, while the time is free (`ended`:
    /// invites ending in this decision, whose holds no longer count).
    func nextInvite(_ open: OpenSlot, cause: UUID, excluding: Set<UUID>, ended: Set<UUID> = [], context: DecisionContext,
                    inviteId: UUID) -> WaitlistInviteSent? {
        guard open.slot.start > context.now, let settings = reference.waitlists[open.slot.locationId], settings.enabled,
              let zone = reference.locations[open.slot.locationId]?.timezone.flatMap(TimeZone.init(identifier:)) else { return nil }
        let passed = waitlist.passedOver[WaitlistState.SlotKey(open)] ?? []
        let candidates = waitlist.activeRequests(at: open.slot.locationId).filter {
            waitlist.liveInvites[$0.requestId] == nil && !excluding.contains($0.requestId) && !passed.contains($0.requestId)
        }
        let ranked = WaitlistMatching.ranked(candidates, for: open, zone: zone) { _, _, _ in false }
        for (i, candidate) in ranked.enumerated() {
            let end = candidate.reason.bookingEnd
            guard stillFree(open, until: end, ended: ended),
                  !patientBusy(candidate.request.patientId, open.slot.start, end, ended: ended) else { continue }
            let expires = min(context.now.addingTimeInterval(Double(settings.holdMinutes) * 60), open.slot.start)
            return WaitlistInviteSent(
                inviteId: inviteId, requestId: candidate.request.requestId, patientId: candidate.request.patientId, open: open,
                bookingEnd: end, sentAt: context.now, expiresAt: expires, reason: candidate.reason,
                rankedAbove: ranked[(i + 1)...].prefix(20).map(\.request.requestId), causeEventId: cause)
        }
        return nil
    }
}

func decideOfferSlot(_ c: OfferSlot, world: WaitlistWorld, context: DecisionContext) -> Decision<WaitlistReply> {
    guard !world.waitlist.offeredCauses.contains(c.causeEventId),
          let invite = world.nextInvite(c.open, cause: c.causeEventId, excluding: [], context: context, inviteId: context.newId(0)) else {
        return Decision([], reply: .invite(id: nil))
    }
    return Decision([.waitlist(.inviteSent(invite))], reply: .invite(id: invite.inviteId))
}

/// The live invite the actor answers, or the refusal: unknown (404), another patient's (403),
/// already answered or past its hold (409).
func liveInvite(_ a: InviteAnswer, world: WaitlistWorld, now: Date) throws(DomainError) -> (WaitlistState.Record, WaitlistInviteSent) {
    let record = try accessibleRequest(a.requestId, by: a.actor, in: world.waitlist)
    guard let invite = world.waitlist.invites[a.inviteId], invite.sent.requestId == a.requestId else {
        throw DomainError(.waitlistRequestNotFound, "no invite with this id on this waitlist request")
    }
    guard invite.status == .sent, record.status == .active else {
        throw DomainError(.invalidTransition, "the invite is \(invite.status.rawValue) and the request \(record.status.rawValue): it can no longer be answered")
    }
    guard now < invite.sent.expiresAt else {
        throw DomainError(.invalidTransition, "the invite's hold ended at \(RFC3339.format(invite.sent.expiresAt)); the slot was offered on")
    }
    return (record, invite.sent)
}

func decideDeclineInvite(_ a: InviteAnswer, world: WaitlistWorld, context: DecisionContext) throws(DomainError) -> Decision<WaitlistReply> {
    let (_, invite) = try liveInvite(a, world: world, now: context.now)
    var events: [DomainEvent] = [.waitlist(.inviteDeclined(WaitlistInviteDeclined(
        inviteId: invite.inviteId, requestId: invite.requestId, patientId: invite.patientId, declinedAt: context.now, declinedBy: a.actor.userId)))]
    events += offerOn(invite, world: world, excluding: [invite.requestId], endedIds: [invite.inviteId], context: context, mint: 0)
    return Decision(events, reply: .request(id: invite.requestId))
}

/// After invites end unanswered or declined: the slot of `ended` to the next request (the
/// holds of `endedIds` no longer count), never again to one that let it go.
func offerOn(_ ended: WaitlistInviteSent, world: WaitlistWorld, excluding: Set<UUID>, endedIds: Set<UUID>, context: DecisionContext,
             mint: Int) -> [DomainEvent] {
    guard let next = world.nextInvite(ended.open, cause: ended.inviteId, excluding: excluding, ended: endedIds, context: context,
                                      inviteId: context.newId(mint)) else { return [] }
    return [.waitlist(.inviteSent(next))]
}

/// The scheduler's command: every invite whose hold ended by `asOf` expires, and each slot goes
/// to the next request. Decided from state: a repeated or late run expires each invite once.
func decideExpireInvites(asOf: Date, world: WaitlistWorld, context: DecisionContext) -> Decision<WaitlistReply> {
    var events: [DomainEvent] = []
    var ended = Set<UUID>()
    var invited = Set<UUID>()
    let due = world.waitlist.liveInvites.values.compactMap { world.waitlist.invites[$0]?.sent }.filter { $0.expiresAt <= asOf }
        .sorted { ($0.expiresAt, $0.inviteId.uuidString) < ($1.expiresAt, $1.inviteId.uuidString) }
    for invite in due { ended.insert(invite.inviteId) }
    for (n, invite) in due.enumerated() {
        events.append(.waitlist(.inviteExpired(WaitlistInviteExpired(
            inviteId: invite.inviteId, requestId: invite.requestId, patientId: invite.patientId, expiredAt: asOf))))
        // Requests invited earlier in this decision hold a live invite already: one at a time.
        let next = offerOn(invite, world: world, excluding: invited.union(due.map(\.requestId)), endedIds: ended, context: context, mint: n)
        for case .waitlist(.inviteSent(let sent)) in next { invited.insert(sent.requestId) }
        events += next
    }
    return Decision(events, reply: .expired(ids: due.map(\.inviteId)))
}
