import Foundation

/// What the group appointment commands answer (the resources themselves are read from the
/// projection). Swift key names: the reply coder converts them to snake_case.
public enum GroupAppointmentReply: Sendable, Equatable, Codable {
    /// Create: every occurrence, the first first.
    case groupAppointments(ids: [UUID])
    /// Update, whether or not anything changed.
    case groupAppointment(id: UUID)
    /// Archive, the first time or again.
    case archived(id: UUID)
    /// Add: the new attendee; cancel: every attendee cancelled (none when it already was).
    case attendees(ids: [UUID])
}
