import Foundation

/// Facts about group appointments and their attendees. Every one belongs to the group
/// appointment's aggregate (attendee facts included), so one stream orders a class's places.
public enum GroupAppointmentEvent: Sendable, Equatable {
    case groupAppointmentCreated(GroupAppointmentCreated)
    case groupAppointmentUpdated(GroupAppointmentUpdated)
    case appointmentArchived(AppointmentArchived)
    case attendeeAdded(AttendeeAdded)
    case attendeeCancelled(AttendeeCancelled)

    public var groupAppointmentId: UUID {
        switch self {
        case .groupAppointmentCreated(let e): return e.groupAppointmentId
        case .groupAppointmentUpdated(let e): return e.groupAppointmentId
        case .appointmentArchived(let e): return e.appointmentId
        case .attendeeAdded(let e): return e.groupAppointmentId
        case .attendeeCancelled(let e): return e.groupAppointmentId
        }
    }

    public var aggregate: (type: String, id: UUID)? { ("group_appointment", groupAppointmentId) }
}
