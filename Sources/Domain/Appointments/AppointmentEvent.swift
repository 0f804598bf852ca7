import Foundation

/// Facts about appointments. Each carries the patient, so the patient's History shows it.
public enum AppointmentEvent: Sendable, Equatable {
    case appointmentCreated(AppointmentCreated)
    case appointmentScheduled(AppointmentScheduled)
    case appointmentUpdated(AppointmentUpdated)
    case appointmentCompleted(AppointmentCompleted)
    case appointmentCancelled(AppointmentCancelled)

    public var appointmentId: UUID {
        switch self {
        case .appointmentCreated(let e): return e.appointmentId
        case .appointmentScheduled(let e): return e.appointmentId
        case .appointmentUpdated(let e): return e.appointmentId
        case .appointmentCompleted(let e): return e.appointmentId
        case .appointmentCancelled(let e): return e.appointmentId
        }
    }

    public var patientId: UUID {
        switch self {
        case .appointmentCreated(let e): return e.patientId
        case .appointmentScheduled(let e): return e.patientId
        case .appointmentUpdated(let e): return e.patientId
        case .appointmentCompleted(let e): return e.patientId
        case .appointmentCancelled(let e): return e.patientId
        }
    }

    public var aggregate: (type: String, id: UUID)? { ("appointment", appointmentId) }
}

public enum AppointmentStatus: String, Codable, Sendable, CaseIterable {
    /// Created without a window: the patient is to pick one.
    case scheduling
    /// A window is attached: the practitioner's time is taken.
    case scheduled
    case completed
    case cancelled
}
