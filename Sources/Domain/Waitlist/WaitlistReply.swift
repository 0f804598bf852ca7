import Foundation

/// What the waitlist commands answer (the request itself is read from the projection).
public enum WaitlistReply: Sendable, Equatable, Codable {
    /// Create and update, whether or not anything changed.
    case request(id: UUID)
    /// The scheduler's expiry: the requests it expired (none when nothing was due).
    case expired(ids: [UUID])
}
