import Foundation

/// An appointment was requested, in `scheduling`; `AppointmentScheduled` follows in the same
/// command when a window was given.
public struct AppointmentCreated: Codable, Sendable, Equatable {
    public var appointmentId: UUID
    public var patientId: UUID
    public var taskId: UUID
    public var appointmentTypeId: UUID
    public var phone: String
    public var location: AppointmentAddress
    public var externalReference: String?
    public var note: String?
    public var documentIds: [String]
    public var planFrom: CalendarDate?
    public var planTo: CalendarDate?
    public var metadata: JSONValue?
    public var createdAt: Date

    public init(appointmentId: UUID, patientId: UUID, taskId: UUID, appointmentTypeId: UUID, phone: String, location: AppointmentAddress,
                externalReference: String?, note: String?, documentIds: [String], planFrom: CalendarDate?, planTo: CalendarDate?,
                metadata: JSONValue?, createdAt: Date) {
        self.appointmentId = appointmentId; self.patientId = patientId; self.taskId = taskId; self.appointmentTypeId = appointmentTypeId
        self.phone = phone; self.location = location; self.externalReference = externalReference; self.note = note
        self.documentIds = documentIds; self.planFrom = planFrom; self.planTo = planTo; self.metadata = metadata; self.createdAt = createdAt
    }

    enum CodingKeys: String, CodingKey {
        case appointmentId = "appointment_id", patientId = "patient_id", taskId = "task_id", appointmentTypeId = "appointment_type_id"
        case phone, location, externalReference = "external_reference", note, documentIds = "document_ids"
        case planFrom = "plan_from", planTo = "plan_to", metadata, createdAt = "created_at"
    }
}

/// A window was attached: the practitioner's time `slot` is taken.
public struct AppointmentScheduled: Codable, Sendable, Equatable {
    public var appointmentId: UUID
    public var patientId: UUID
    public var slot: TimeSlot
    public var scheduledAt: Date

    public init(appointmentId: UUID, patientId: UUID, slot: TimeSlot, scheduledAt: Date) {
        self.appointmentId = appointmentId; self.patientId = patientId; self.slot = slot; self.scheduledAt = scheduledAt
    }

    enum CodingKeys: String, CodingKey { case appointmentId = "appointment_id", patientId = "patient_id", slot, scheduledAt = "scheduled_at" }
}

/// Some of note, metadata, externalReference, documentIds changed: their values after the
/// change (nil = cleared), and which ones changed.
public struct AppointmentUpdated: Codable, Sendable, Equatable {
    public var appointmentId: UUID
    public var patientId: UUID
    public var changed: [String]
    public var note: String?
    public var metadata: JSONValue?
    public var externalReference: String?
    public var documentIds: [String]
    public var updatedAt: Date

    public init(appointmentId: UUID, patientId: UUID, changed: [String], note: String?, metadata: JSONValue?,
                externalReference: String?, documentIds: [String], updatedAt: Date) {
        self.appointmentId = appointmentId; self.patientId = patientId; self.changed = changed; self.note = note
        self.metadata = metadata; self.externalReference = externalReference; self.documentIds = documentIds; self.updatedAt = updatedAt
    }

    enum CodingKeys: String, CodingKey {
        case appointmentId = "appointment_id", patientId = "patient_id", changed, note, metadata
        case externalReference = "external_reference", documentIds = "document_ids", updatedAt = "updated_at"
    }
}

/// The visit took place.
public struct AppointmentCompleted: Codable, Sendable, Equatable {
    public var appointmentId: UUID
    public var patientId: UUID
    public var completedAt: Date

    public init(appointmentId: UUID, patientId: UUID, completedAt: Date) {
        self.appointmentId = appointmentId; self.patientId = patientId; self.completedAt = completedAt
    }

    enum CodingKeys: String, CodingKey { case appointmentId = "appointment_id", patientId = "patient_id", completedAt = "completed_at" }
}

/// The appointment was cancelled; `freedSlot` is the practitioner's time given back (nil when
/// none was taken).
public struct AppointmentCancelled: Codable, Sendable, Equatable {
    public var appointmentId: UUID
    public var patientId: UUID
    public var reason: CancellationReason
    public var freedSlot: TimeSlot?
    public var cancelledAt: Date

    public init(appointmentId: UUID, patientId: UUID, reason: CancellationReason, freedSlot: TimeSlot?, cancelledAt: Date) {
        self.appointmentId = appointmentId; self.patientId = patientId; self.reason = reason; self.freedSlot = freedSlot; self.cancelledAt = cancelledAt
    }

    enum CodingKeys: String, CodingKey {
        case appointmentId = "appointment_id", patientId = "patient_id", reason, freedSlot = "freed_slot", cancelledAt = "cancelled_at"
    }
}
