import Foundation

/// A patient joined the waitlist: the whole request, ACTIVE.
public struct WaitlistRequestCreated: Codable, Sendable, Equatable {
    public var request: WaitlistRequest
    public init(request: WaitlistRequest) { self.request = request }
}

/// Some of a request's preferences changed: the request after the change, and which wire
/// fields changed.
public struct WaitlistRequestUpdated: Codable, Sendable, Equatable {
    public var request: WaitlistRequest
    public var changed: [String]
    public init(request: WaitlistRequest, changed: [String]) { self.request = request; self.changed = changed }
}

/// The patient or staff withdrew the request (`status: CANCELLED`). Final.
public struct WaitlistRequestCancelled: Codable, Sendable, Equatable {
    public var requestId: UUID
    public var patientId: UUID
    public var cancelledAt: Date
    public var cancelledBy: String
    public init(requestId: UUID, patientId: UUID, cancelledAt: Date, cancelledBy: String) {
        self.requestId = requestId; self.patientId = patientId; self.cancelledAt = cancelledAt; self.cancelledBy = cancelledBy
    }
    enum CodingKeys: String, CodingKey {
        case requestId = "request_id", patientId = "patient_id", cancelledAt = "cancelled_at", cancelledBy = "cancelled_by"
    }
}

/// The request's last day passed in its clinic's time zone without a booking. Final.
public struct WaitlistRequestExpired: Codable, Sendable, Equatable {
    public var requestId: UUID
    public var patientId: UUID
    public var dateRangeEnd: CalendarDate
    public var expiredAt: Date
    public init(requestId: UUID, patientId: UUID, dateRangeEnd: CalendarDate, expiredAt: Date) {
        self.requestId = requestId; self.patientId = patientId; self.dateRangeEnd = dateRangeEnd; self.expiredAt = expiredAt
    }
    enum CodingKeys: String, CodingKey {
        case requestId = "request_id", patientId = "patient_id", dateRangeEnd = "date_range_end", expiredAt = "expired_at"
    }
}
