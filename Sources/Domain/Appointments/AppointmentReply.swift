import Foundation

/// What the appointment commands answer: the appointment and its status after the command
/// (the resource itself is read from the projection).
public enum AppointmentReply: Sendable, Equatable, Codable {
    case appointment(appointmentId: UUID, status: AppointmentStatus)
}
