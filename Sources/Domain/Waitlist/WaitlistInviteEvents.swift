import Foundation

/// A freed slot was offered to the best-ranked request that fits it, and is held for it until
/// `expiresAt`: a direct booking of the held time is refused meanwhile. `reason` says why this
/// request; `rankedAbove` lists the fitting requests it was preferred to (the best 20, in order).
public struct WaitlistInviteSent: Codable, Sendable, Equatable {
    public var inviteId: UUID
    public var requestId: UUID
    public var patientId: UUID
    public var open: OpenSlot
    /// The held time ends here: the slot's start plus the request's duration (a class's end for a place).
    public var bookingEnd: Date
    public var sentAt: Date
    public var expiresAt: Date
    public var reason: WaitlistMatchReason
    public var rankedAbove: [UUID]
    /// The event that freed the slot (or the invite that ended before this one).
    public var causeEventId: UUID

    public init(inviteId: UUID, requestId: UUID, patientId: UUID, open: OpenSlot, bookingEnd: Date, sentAt: Date, expiresAt: Date,
                reason: WaitlistMatchReason, rankedAbove: [UUID], causeEventId: UUID) {
        self.inviteId = inviteId; self.requestId = requestId; self.patientId = patientId; self.open = open; self.bookingEnd = bookingEnd
        self.sentAt = sentAt; self.expiresAt = expiresAt; self.reason = reason; self.rankedAbove = rankedAbove; self.causeEventId = causeEventId
    }

    /// The practitioner time the invite holds (for a class place, the class's time).
    public var heldSlot: TimeSlot {
        TimeSlot(practitionerId: open.slot.practitionerId, locationId: open.slot.locationId, start: open.slot.start, end: bookingEnd)
    }

    enum CodingKeys: String, CodingKey {
        case inviteId = "invite_id", requestId = "request_id", patientId = "patient_id", open = "open_slot", bookingEnd = "booking_end"
        case sentAt = "sent_at", expiresAt = "expires_at", reason, rankedAbove = "ranked_above", causeEventId = "cause_event_id"
    }
}

/// The patient (or staff for them) said no, or withdrew the request while invited: the hold ends.
public struct WaitlistInviteDeclined: Codable, Sendable, Equatable {
    public var inviteId: UUID
    public var requestId: UUID
    public var patientId: UUID
    public var declinedAt: Date
    public var declinedBy: String
    public init(inviteId: UUID, requestId: UUID, patientId: UUID, declinedAt: Date, declinedBy: String) {
        self.inviteId = inviteId; self.requestId = requestId; self.patientId = patientId; self.declinedAt = declinedAt; self.declinedBy = declinedBy
    }
    enum CodingKeys: String, CodingKey {
        case inviteId = "invite_id", requestId = "request_id", patientId = "patient_id", declinedAt = "declined_at", declinedBy = "declined_by"
    }
}

/// The hold time passed without an answer (or the request ran out): the hold ends.
public struct WaitlistInviteExpired: Codable, Sendable, Equatable {
    public var inviteId: UUID
    public var requestId: UUID
    public var patientId: UUID
    public var expiredAt: Date
    public init(inviteId: UUID, requestId: UUID, patientId: UUID, expiredAt: Date) {
        self.inviteId = inviteId; self.requestId = requestId; self.patientId = patientId; self.expiredAt = expiredAt
    }
    enum CodingKeys: String, CodingKey { case inviteId = "invite_id", requestId = "request_id", patientId = "patient_id", expiredAt = "expired_at" }
}

/// The invite was accepted and the slot booked in the same decision: an appointment
/// (`appointmentId`) or a place in a class (`attendeeId` in `groupAppointmentId`). Final.
public struct WaitlistFulfilled: Codable, Sendable, Equatable {
    public var requestId: UUID
    public var inviteId: UUID
    public var patientId: UUID
    public var appointmentId: UUID?
    public var groupAppointmentId: UUID?
    public var attendeeId: UUID?
    public var fulfilledAt: Date
    public var fulfilledBy: String
    public init(requestId: UUID, inviteId: UUID, patientId: UUID, appointmentId: UUID?, groupAppointmentId: UUID?, attendeeId: UUID?,
                fulfilledAt: Date, fulfilledBy: String) {
        self.requestId = requestId; self.inviteId = inviteId; self.patientId = patientId; self.appointmentId = appointmentId
        self.groupAppointmentId = groupAppointmentId; self.attendeeId = attendeeId; self.fulfilledAt = fulfilledAt; self.fulfilledBy = fulfilledBy
    }
    enum CodingKeys: String, CodingKey {
        case requestId = "request_id", inviteId = "invite_id", patientId = "patient_id", appointmentId = "appointment_id"
        case groupAppointmentId = "group_appointment_id", attendeeId = "attendee_id", fulfilledAt = "fulfilled_at", fulfilledBy = "fulfilled_by"
    }
}
