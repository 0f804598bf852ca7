import Domain
import Foundation

/// An appointment as the read model holds it; dialects render it.
public struct AppointmentView: Sendable, Equatable {
    public var id: UUID
    public var patientId: UUID
    public var taskId: UUID
    public var appointmentTypeId: UUID
    public var status: AppointmentStatus
    public var phone: String
    public var location: AppointmentAddress
    public var externalReference: String?
    public var note: String?
    public var documentIds: [String]
    public var planFrom: CalendarDate?
    public var planTo: CalendarDate?
    public var metadata: JSONValue?
    /// The booked time, once scheduled.
    public var slot: TimeSlot?
    public var cancellation: CancellationReason?
    public var createdAt: Date
    public var updatedAt: Date
    public var scheduledAt: Date?
    public var completedAt: Date?
    public var cancelledAt: Date?
}

/// `GET /v1/appointments` filters, ANDed. Each dialect parses its own syntax into this.
public struct AppointmentFilter: Sendable {
    public enum Comparison: String, Sendable { case equal = "=", greater = ">", less = "<", greaterOrEqual = ">=", lessOrEqual = "<=" }
    public var externalReferenceEquals: [String] = []
    public var externalReferenceContains: [String] = []
    public var statuses: [AppointmentStatus] = []
    public var patientIds: [UUID] = []
    public var createdAt: [(Comparison, Date)] = []
    public var start: [(Comparison, Date)] = []
    public init() {}
}
