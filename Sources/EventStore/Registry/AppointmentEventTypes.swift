import Domain
import Foundation

/// The appointments' event types (`ce_type`) and their JSON payloads. Each switch is exhaustive,
/// so a new event cannot compile without a name and both codings.
public enum AppointmentEventType: String, CaseIterable, Sendable {
    case appointmentCreated = "clinicledger.appointment.created.v1"
    case appointmentScheduled = "clinicledger.appointment.scheduled.v1"
    case appointmentUpdated = "clinicledger.appointment.updated.v1"
    case appointmentCompleted = "clinicledger.appointment.completed.v1"
    case appointmentCancelled = "clinicledger.appointment.cancelled.v1"

    public init(_ event: AppointmentEvent) {
        switch event {
        case .appointmentCreated: self = .appointmentCreated
        case .appointmentScheduled: self = .appointmentScheduled
        case .appointmentUpdated: self = .appointmentUpdated
        case .appointmentCompleted: self = .appointmentCompleted
        case .appointmentCancelled: self = .appointmentCancelled
        }
    }

    static func encode(_ event: AppointmentEvent, with e: JSONEncoder) throws -> Data {
        switch event {
        case .appointmentCreated(let x): return try e.encode(x)
        case .appointmentScheduled(let x): return try e.encode(x)
        case .appointmentUpdated(let x): return try e.encode(x)
        case .appointmentCompleted(let x): return try e.encode(x)
        case .appointmentCancelled(let x): return try e.encode(x)
        }
    }

    func decode(_ data: Data, with d: JSONDecoder) throws -> AppointmentEvent {
        switch self {
        case .appointmentCreated: return .appointmentCreated(try d.decode(AppointmentCreated.self, from: data))
        case .appointmentScheduled: return .appointmentScheduled(try d.decode(AppointmentScheduled.self, from: data))
        case .appointmentUpdated: return .appointmentUpdated(try d.decode(AppointmentUpdated.self, from: data))
        case .appointmentCompleted: return .appointmentCompleted(try d.decode(AppointmentCompleted.self, from: data))
        case .appointmentCancelled: return .appointmentCancelled(try d.decode(AppointmentCancelled.self, from: data))
        }
    }
}
