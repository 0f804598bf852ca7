import Domain
import Foundation

/// The group appointments' event types (`ce_type`) and their JSON payloads. Each switch is
/// exhaustive, so a new event cannot compile without a name and both codings. The archive is
/// `group_appointment.archived`, not `appointment.archived`: `clinicledger.appointment.*` is the
/// Heim appointment aggregate's, and a consumer selecting by that prefix must not receive a class.
public enum GroupAppointmentEventType: String, CaseIterable, Sendable {
    case groupAppointmentCreated = "clinicledger.group_appointment.created.v1"
    case groupAppointmentUpdated = "clinicledger.group_appointment.updated.v1"
    case appointmentArchived = "clinicledger.group_appointment.archived.v1"
    case attendeeAdded = "clinicledger.attendee.added.v1"
    case attendeeCancelled = "clinicledger.attendee.cancelled.v1"

    public init(_ event: GroupAppointmentEvent) {
        switch event {
        case .groupAppointmentCreated: self = .groupAppointmentCreated
        case .groupAppointmentUpdated: self = .groupAppointmentUpdated
        case .appointmentArchived: self = .appointmentArchived
        case .attendeeAdded: self = .attendeeAdded
        case .attendeeCancelled: self = .attendeeCancelled
        }
    }

    static func encode(_ event: GroupAppointmentEvent, with e: JSONEncoder) throws -> Data {
        switch event {
        case .groupAppointmentCreated(let x): return try e.encode(x)
        case .groupAppointmentUpdated(let x): return try e.encode(x)
        case .appointmentArchived(let x): return try e.encode(x)
        case .attendeeAdded(let x): return try e.encode(x)
        case .attendeeCancelled(let x): return try e.encode(x)
        }
    }

    func decode(_ data: Data, with d: JSONDecoder) throws -> GroupAppointmentEvent {
        switch self {
        case .groupAppointmentCreated: return .groupAppointmentCreated(try d.decode(GroupAppointmentCreated.self, from: data))
        case .groupAppointmentUpdated: return .groupAppointmentUpdated(try d.decode(GroupAppointmentUpdated.self, from: data))
        case .appointmentArchived: return .appointmentArchived(try d.decode(AppointmentArchived.self, from: data))
        case .attendeeAdded: return .attendeeAdded(try d.decode(AttendeeAdded.self, from: data))
        case .attendeeCancelled: return .attendeeCancelled(try d.decode(AttendeeCancelled.self, from: data))
        }
    }
}
