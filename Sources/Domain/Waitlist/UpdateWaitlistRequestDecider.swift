import Foundation

func decideUpdateWaitlistRequest(_ c: UpdateWaitlistRequest, world: WaitlistWorld, context: DecisionContext) throws(DomainError) -> Decision<WaitlistReply> {
    let state = world.waitlist, reference = world.reference
    let record = try accessibleRequest(c.requestId, by: c.actor, in: state)
    let reply = WaitlistReply.request(id: c.requestId)
    guard record.status == .active else {
        throw DomainError(.invalidTransition, "the request is \(record.status.rawValue), which is final: it can no longer change")
    }
    let before = record.request
    if c.status == .cancelled {
        // Withdrawing while invited declines the invite first: its slot goes to the next request.
        var events: [DomainEvent] = []
        if let inviteId = state.liveInvites[before.requestId], let invite = state.invites[inviteId]?.sent {
            events.append(.waitlist(.inviteDeclined(WaitlistInviteDeclined(
                inviteId: inviteId, requestId: before.requestId, patientId: before.patientId, declinedAt: context.now, declinedBy: c.actor.userId))))
            events += offerOn(invite, world: world, excluding: [before.requestId], endedIds: [inviteId], context: context, mint: 0)
        }
        events.insert(.waitlist(.requestCancelled(WaitlistRequestCancelled(
            requestId: before.requestId, patientId: before.patientId, cancelledAt: context.now, cancelledBy: c.actor.userId))),
                      at: min(1, events.count))
        return Decision(events, reply: reply)
    }
    let (settings, zone) = try waitlistClinic(before.clinicId, reference: reference)
    var after = before
    if let v = c.preferredProviders { after.preferredProviders = unique(v) }
    if let v = c.preferredTimeSlots { after.preferredTimeSlots = unique(v) }
    if let v = c.preferredDays { after.preferredDays = unique(v) }
    if let v = c.dateRangeStart { after.dateRangeStart = v }
    if let v = c.dateRangeEnd { after.dateRangeEnd = v }
    if let v = c.paymentType { after.paymentType = v }
    if let v = c.priority { after.priority = v }
    if case .set(let v) = c.notes { after.notes = v }
    if let id = c.categoryId, id != before.categoryId {
        let category = try waitlistCategory(id, settings: settings)
        after.categoryId = category.id; after.appointmentTypeId = category.appointmentTypeId
        after.appointmentKind = category.kind; after.durationMinutes = category.durationMinutes
    }
    if let kind = c.appointmentKind, kind != after.appointmentKind {
        throw DomainError(.invalidValue, "appointment_type \(kind.rawValue) does not match the category's \(after.appointmentKind.rawValue)",
                          field: "appointment_type")
    }
    let changed = WaitlistChanges.between(before, after)
    guard !changed.isEmpty else { return Decision([], reply: reply) }
    // Dates are checked only when they change: a request made before today may keep its start.
    if changed.contains(where: { $0.hasPrefix("date_range") || $0 == "preferred_providers" }) {
        try checkWaitlistPreferences(after, settings: settings, zone: zone, reference: reference, now: context.now)
    }
    after.updatedAt = context.now
    after.updatedBy = c.actor.userId
    return Decision([.waitlist(.requestUpdated(WaitlistRequestUpdated(request: after, changed: changed)))], reply: reply)
}

/// Which wire fields differ between two versions of a request.
enum WaitlistChanges {
    static func between(_ a: WaitlistRequest, _ b: WaitlistRequest) -> [String] {
        var out: [String] = []
        if a.preferredProviders != b.preferredProviders { out.append("preferred_providers") }
        if a.preferredTimeSlots != b.preferredTimeSlots { out.append("preferred_time_slots") }
        if a.preferredDays != b.preferredDays { out.append("preferred_days") }
        if a.dateRangeStart != b.dateRangeStart { out.append("date_range_start") }
        if a.dateRangeEnd != b.dateRangeEnd { out.append("date_range_end") }
        if a.categoryId != b.categoryId { out.append("appointment_category_id") }
        if a.paymentType != b.paymentType { out.append("payment_type") }
        if a.priority != b.priority { out.append("priority") }
        if a.notes != b.notes { out.append("notes") }
        return out
    }
}
