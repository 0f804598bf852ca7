import Domain
import Foundation

/// A waitlist request as the read model holds it, with what `GET` shows beside it: the patient's
/// name, the category's label, the preferred providers' names and every invite. SPRY renders it.
public struct WaitlistRequestView: Sendable, Equatable {
    /// As the newest Created/Updated event left it (a cancel, expiry or fulfilment changes `status`
    /// and `endedAt`, not the request's `updatedAt`).
    public var request: WaitlistRequest
    public var status: WaitlistStatus
    /// The aggregate version of the newest event applied.
    public var version: Int64
    /// From the patients read model; nil when it has no such patient.
    public var patientFirstName: String?
    public var patientLastName: String?
    /// The clinic category's label (reference data); nil when none is projected.
    public var categoryLabel: String?
    /// The preferred providers with their names, in the request's order.
    public var providers: [WaitlistProviderView]
    /// Every invite of the request, oldest first.
    public var invites: [WaitlistInviteView]
    /// Set by WaitlistFulfilled: the appointment, or the place (`attendeeId`) in a class.
    public var appointmentId: UUID?
    public var groupAppointmentId: UUID?
    public var attendeeId: UUID?
    /// When it became FULFILLED, CANCELLED or EXPIRED.
    public var endedAt: Date?
    /// Who cancelled or accepted (the token's `sub`); nil for an expiry, which the scheduler does.
    public var endedBy: String?
}

public struct WaitlistProviderView: Sendable, Equatable {
    public var id: UUID
    /// From reference data; nil for a practitioner it does not know.
    public var name: String?

    public init(id: UUID, name: String?) { self.id = id; self.name = name }
}

/// The domain's invite status (SENT, ACCEPTED, DECLINED, EXPIRED) under the read model's name.
public typealias WaitlistInviteStatus = InviteStatus

/// One offer of a freed slot to the request (SPRY's `matched_invites` entry).
public struct WaitlistInviteView: Sendable, Equatable {
    public var inviteId: UUID
    public var requestId: UUID
    public var status: WaitlistInviteStatus
    public var matchType: WaitlistMatchType
    public var slotStart: Date
    /// The held time's end: the slot's start plus the request's duration (a class's end for a place).
    public var slotEnd: Date
    public var providerId: UUID
    public var clinicId: UUID
    /// The class, when the slot is a place in one.
    public var groupAppointmentId: UUID?
    public var sentAt: Date
    public var expiresAt: Date
    /// When it was accepted, declined or expired.
    public var answeredAt: Date?
    public var reason: WaitlistMatchReason
    /// The fitting requests it was preferred to, in order.
    public var rankedAbove: [UUID]
}

/// `GET /apis/v1/waitlist-requests` filters. Every field empty or nil means no filter; the
/// fields given are ANDed, the values within one field ORed.
public struct WaitlistRequestFilter: Sendable {
    public var clinicId: UUID?
    public var patientId: UUID?
    public var statuses: [WaitlistStatus] = []
    public var priorities: [Int] = []
    /// Requests whose preferred providers include any of these.
    public var providerIds: [UUID] = []
    public var paymentType: PaymentType?
    /// Requests whose range reaches this day (`date_range_end >= startDate`).
    public var startDate: CalendarDate?
    /// Requests whose range begins by this day (`date_range_start <= endDate`).
    public var endDate: CalendarDate?
    public var appointmentKinds: [VisitKind] = []
    public var categoryIds: [UUID] = []

    public init() {}
}

/// The list's orders; ties are broken by the request id in the same direction.
public enum WaitlistSortField: String, Sendable, CaseIterable {
    case createdAt = "created_at", updatedAt = "updated_at", priority, dateRangeStart = "date_range_start", dateRangeEnd = "date_range_end"
}
