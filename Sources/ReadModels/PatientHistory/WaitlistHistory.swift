import Domain
import Foundation

/// What the History view shows of a patient's waitlist requests: joining (with what was asked),
/// changing preferences, withdrawing, and running out.
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
        case .requestExpired(let x):
            return ("waitlist_request_expired", request([
                ("status", .string(WaitlistStatus.expired.rawValue)), ("date_range_end", .string(x.dateRangeEnd.description)),
            ]))
        }
    }
}
