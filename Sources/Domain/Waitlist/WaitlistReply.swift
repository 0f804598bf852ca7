import Foundation

/// What the waitlist commands answer (the request itself is read from the projection).
public enum WaitlistReply: Sendable, Equatable, Codable {
    /// Create and update, whether or not anything changed.
    case request(id: UUID)
    /// The scheduler's expiry: the requests it expired (none when nothing was due).
    case expired(ids: [UUID])
    /// An offered slot: the invite sent, or nil when no request fits (or the cause was offered before).
    case invite(id: UUID?)
    /// Accept: the request fulfilled by an appointment or a place in a class.
    case fulfilled(requestId: UUID, appointmentId: UUID?, attendeeId: UUID?)
}
