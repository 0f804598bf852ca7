import Foundation

/// The scheduler's command: a request whose `date_range_end` is before today in its clinic's
/// zone (as of `asOf`, the time the scheduler decided for) expires. Decided from state, so a
/// repeated or late run expires each request exactly once.
func decideExpireWaitlistRequests(asOf: Date, state: WaitlistState, reference: ReferenceDataState) -> Decision<WaitlistReply> {
    var events: [DomainEvent] = []
    var ids: [UUID] = []
    for clinicId in state.active.keys.sorted(by: { $0.uuidString < $1.uuidString }) {
        let zone = reference.locations[clinicId]?.timezone.flatMap(TimeZone.init(identifier:)) ?? TimeZone(identifier: "UTC")!
        let today = CalendarDate(dayOf: asOf, in: zone)
        for request in state.activeRequests(at: clinicId).sorted(by: { $0.requestId.uuidString < $1.requestId.uuidString })
        where request.dateRangeEnd < today {
            // An invite still live is for a slot inside the range, so in the past: it ends, offered to no one.
            if let inviteId = state.liveInvites[request.requestId] {
                events.append(.waitlist(.inviteExpired(WaitlistInviteExpired(
                    inviteId: inviteId, requestId: request.requestId, patientId: request.patientId, expiredAt: asOf))))
            }
            events.append(.waitlist(.requestExpired(WaitlistRequestExpired(
                requestId: request.requestId, patientId: request.patientId, dateRangeEnd: request.dateRangeEnd, expiredAt: asOf))))
            ids.append(request.requestId)
        }
    }
    return Decision(events, reply: .expired(ids: ids))
}

extension WaitlistState {
    /// When the scheduler next has something to expire: the earliest local midnight after an
    /// ACTIVE request's last day, over every clinic; nil when nothing waits.
    public func nextExpiry(reference: ReferenceDataState) -> Date? {
        var earliest: Date?
        for (clinicId, ids) in active {
            let zone = reference.locations[clinicId]?.timezone.flatMap(TimeZone.init(identifier:)) ?? TimeZone(identifier: "UTC")!
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = zone
            guard let last = ids.compactMap({ requests[$0]?.request.dateRangeEnd }).min(),
                  let due = calendar.instant(on: last.adding(days: 1), minutes: 0) else { continue }
            if earliest.map({ due < $0 }) ?? true { earliest = due }
        }
        return earliest
    }
}

extension WaitlistState {
    /// When the earliest live invite's hold ends; nil when none is live.
    public var nextInviteExpiry: Date? {
        liveInvites.values.compactMap { invites[$0]?.sent.expiresAt }.min()
    }

    /// What the scheduler must send for this organization at `now`: invites whose hold ended,
    /// requests whose last day passed.
    public func due(at now: Date, reference: ReferenceDataState) -> (invites: Bool, requests: Bool) {
        ((nextInviteExpiry.map { $0 <= now } ?? false), (nextExpiry(reference: reference).map { $0 <= now } ?? false))
    }
}
