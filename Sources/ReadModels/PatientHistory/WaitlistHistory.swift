import Domain
import Foundation

/// What the History view shows of a patient's waitlist requests: joining (with what was asked),
/// changing preferences, being offered a slot (and why), the offer ending, being booked from it,
/// withdrawing, and running out.
enum WaitlistHistory {
    static func entry(_ event: WaitlistEvent) -> (action: String, changes: [FieldChange]) {
        func request(_ fields: [(String, JSONValue)]) -> [FieldChange] {
            [FieldChange(field: "waitlist_request", old: .null, new: .object([("id", .id(event.requestId))] + fields))]
        }
        switch event {
        case .requestCreated(let c):
            let r = c.request
            return ("waitlist_request_created", request([
                ("clinic_id", .id(r.clinicId)), ("category_id", .id(r.categoryId)), ("priority", .int(r.priority)),
                ("date_range_start", .string(r.dateRangeStart.description)), ("date_range_end", .string(r.dateRangeEnd.description)),
            ]))
        case .requestUpdated(let u):
            return ("waitlist_request_updated", request([("changed", .array(u.changed.map(JSONValue.string)))]))
        case .requestCancelled:
            return ("waitlist_request_cancelled", request([("status", .string(WaitlistStatus.cancelled.rawValue))]))
        case .inviteSent(let i):
            return ("waitlist_invite_sent", request([
                ("invite_id", .id(i.inviteId)), ("practitioner_id", .id(i.open.slot.practitionerId)),
                ("start", .string(RFC3339.format(i.open.slot.start))), ("end", .string(RFC3339.format(i.bookingEnd))),
                ("expires_at", .string(RFC3339.format(i.expiresAt))), ("reason", .string(i.reason.summary)),
            ]))
        case .inviteDeclined(let i):
            return ("waitlist_invite_declined", request([("invite_id", .id(i.inviteId))]))
        case .inviteExpired(let i):
            return ("waitlist_invite_expired", request([("invite_id", .id(i.inviteId))]))
        case .fulfilled(let f):
            return ("waitlist_request_fulfilled", request([("status", .string(WaitlistStatus.fulfilled.rawValue)), ("invite_id", .id(f.inviteId))]
                + (f.appointmentId.map { [("appointment_id", JSONValue.id($0))] } ?? [])
                + (f.attendeeId.map { [("attendee_id", JSONValue.id($0))] } ?? [])))
        case .requestExpired(let x):
            return ("waitlist_request_expired", request([
                ("status", .string(WaitlistStatus.expired.rawValue)), ("date_range_end", .string(x.dateRangeEnd.description)),
            ]))
        }
    }
}
