import Foundation

/// What the appointment rules need of each appointment: its patient, task, status, slot, plan
/// range, and the fields a PATCH compares. Every appointment is kept (a cancel years later must
/// still be refused twice).
public struct AppointmentsState: Sendable {
    public internal(set) var appointments: [UUID: AppointmentRecord] = [:]

    public init() {}

    public mutating func apply(_ event: AppointmentEvent) {
        switch event {
        case .appointmentCreated(let e):
            appointments[e.appointmentId] = AppointmentRecord(
                id: e.appointmentId, patientId: e.patientId, taskId: e.taskId, appointmentTypeId: e.appointmentTypeId, status: .scheduling,
                slot: nil, planFrom: e.planFrom, planTo: e.planTo, note: e.note, metadata: e.metadata,
                externalReference: e.externalReference, documentIds: e.documentIds)
        case .appointmentScheduled(let e):
            appointments[e.appointmentId]?.status = .scheduled
            appointments[e.appointmentId]?.slot = e.slot
        case .appointmentUpdated(let e):
            appointments[e.appointmentId]?.note = e.note
            appointments[e.appointmentId]?.metadata = e.metadata
            appointments[e.appointmentId]?.externalReference = e.externalReference
            appointments[e.appointmentId]?.documentIds = e.documentIds
        case .appointmentCompleted(let e):
            appointments[e.appointmentId]?.status = .completed
        case .appointmentCancelled(let e):
            appointments[e.appointmentId]?.status = .cancelled
        }
    }
}

public struct AppointmentRecord: Sendable, Equatable {
    public var id: UUID
    public var patientId: UUID
    public var taskId: UUID
    public var appointmentTypeId: UUID
    public var status: AppointmentStatus
    public var slot: TimeSlot?
    public var planFrom: CalendarDate?
    public var planTo: CalendarDate?
    public var note: String?
    public var metadata: JSONValue?
    public var externalReference: String?
    public var documentIds: [String]
}

extension CalendarState {
    /// Appointments take time when scheduled and give it back when cancelled; a completed one
    /// keeps it (the visit happened there).
    public mutating func apply(_ event: AppointmentEvent) {
        switch event {
        case .appointmentScheduled(let e): book(e.appointmentId, e.slot, at: e.scheduledAt)
        case .appointmentCancelled(let e): free(e.appointmentId)
        case .appointmentCreated, .appointmentUpdated, .appointmentCompleted: return
        }
    }
}

/// Snapshot coding: bump `OrganizationState.snapshotFormat` when a stored property changes.
extension AppointmentsState: Codable {}
extension AppointmentRecord: Codable {}
