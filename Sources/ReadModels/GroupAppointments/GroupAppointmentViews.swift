import Domain
import Foundation

/// A group appointment as the read model holds it (one occurrence of a series is one row);
/// HTTPAPI renders it in Cliniko's spelling.
public struct GroupAppointmentView: Sendable, Equatable {
    public var id: UUID
    public var appointmentTypeId: UUID
    public var locationId: UUID
    public var practitionerId: UUID
    public var startsAt: Date
    public var endsAt: Date
    public var maxAttendees: Int
    public var notes: String?
    public var telehealthUrl: String?
    public var repeatRule: RepeatRule?
    /// The first occurrence of its series; nil on the first itself and on one that does not repeat.
    public var repeatedFrom: UUID?
    /// Patients holding a place now, in the order they joined.
    public var patientIds: [UUID]
    public var createdAt: Date
    public var updatedAt: Date
    public var archivedAt: Date?
}

/// A patient's place in a group appointment (Cliniko's attendee), cancelled or not.
public struct AttendeeView: Sendable, Equatable {
    public var id: UUID
    public var groupAppointmentId: UUID
    public var patientId: UUID
    public var notes: String?
    /// Cliniko's cancellation_reason (10, 20, 30, 31, 40, 50, 60) once cancelled.
    public var cancellationReason: Int?
    public var cancellationNote: String?
    public var createdAt: Date
    public var updatedAt: Date
    public var cancelledAt: Date?
}
