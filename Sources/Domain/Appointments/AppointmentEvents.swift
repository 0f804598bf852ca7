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

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        appointmentId = try c.decode(UUID.self, forKey: .appointmentId)
        patientId = try c.decode(UUID.self, forKey: .patientId)
        taskId = try c.decode(UUID.self, forKey: .taskId)
        appointmentTypeId = try c.decode(UUID.self, forKey: .appointmentTypeId)
        phone = try c.decode(String.self, forKey: .phone)
        location = try c.decode(AppointmentAddress.self, forKey: .location)
        externalReference = try c.decodeIfPresent(String.self, forKey: .externalReference)
        note = try c.decodeIfPresent(String.self, forKey: .note)
        documentIds = try c.decode([String].self, forKey: .documentIds)
        planFrom = try c.decodeIfPresent(CalendarDate.self, forKey: .planFrom)
        planTo = try c.decodeIfPresent(CalendarDate.self, forKey: .planTo)
        metadata = try c.decodeIfPresent(JSONValue.self, forKey: .metadata)
        createdAt = try RFC3339.decode(c, .createdAt)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(appointmentId, forKey: .appointmentId)
        try c.encode(patientId, forKey: .patientId)
        try c.encode(taskId, forKey: .taskId)
        try c.encode(appointmentTypeId, forKey: .appointmentTypeId)
        try c.encode(phone, forKey: .phone)
        try c.encode(location, forKey: .location)
        try c.encodeIfPresent(externalReference, forKey: .externalReference)
        try c.encodeIfPresent(note, forKey: .note)
        try c.encode(documentIds, forKey: .documentIds)
        try c.encodeIfPresent(planFrom, forKey: .planFrom)
        try c.encodeIfPresent(planTo, forKey: .planTo)
        try c.encodeIfPresent(metadata, forKey: .metadata)
        try c.encode(RFC3339.format(createdAt), forKey: .createdAt)
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

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        appointmentId = try c.decode(UUID.self, forKey: .appointmentId)
        patientId = try c.decode(UUID.self, forKey: .patientId)
        slot = try c.decode(TimeSlot.self, forKey: .slot)
        scheduledAt = try RFC3339.decode(c, .scheduledAt)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(appointmentId, forKey: .appointmentId)
        try c.encode(patientId, forKey: .patientId)
        try c.encode(slot, forKey: .slot)
        try c.encode(RFC3339.format(scheduledAt), forKey: .scheduledAt)
    }
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

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        appointmentId = try c.decode(UUID.self, forKey: .appointmentId)
        patientId = try c.decode(UUID.self, forKey: .patientId)
        changed = try c.decode([String].self, forKey: .changed)
        note = try c.decodeIfPresent(String.self, forKey: .note)
        metadata = try c.decodeIfPresent(JSONValue.self, forKey: .metadata)
        externalReference = try c.decodeIfPresent(String.self, forKey: .externalReference)
        documentIds = try c.decode([String].self, forKey: .documentIds)
        updatedAt = try RFC3339.decode(c, .updatedAt)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(appointmentId, forKey: .appointmentId)
        try c.encode(patientId, forKey: .patientId)
        try c.encode(changed, forKey: .changed)
        try c.encodeIfPresent(note, forKey: .note)
        try c.encodeIfPresent(metadata, forKey: .metadata)
        try c.encodeIfPresent(externalReference, forKey: .externalReference)
        try c.encode(documentIds, forKey: .documentIds)
        try c.encode(RFC3339.format(updatedAt), forKey: .updatedAt)
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

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        appointmentId = try c.decode(UUID.self, forKey: .appointmentId)
        patientId = try c.decode(UUID.self, forKey: .patientId)
        completedAt = try RFC3339.decode(c, .completedAt)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(appointmentId, forKey: .appointmentId)
        try c.encode(patientId, forKey: .patientId)
        try c.encode(RFC3339.format(completedAt), forKey: .completedAt)
    }
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

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        appointmentId = try c.decode(UUID.self, forKey: .appointmentId)
        patientId = try c.decode(UUID.self, forKey: .patientId)
        reason = try c.decode(CancellationReason.self, forKey: .reason)
        freedSlot = try c.decodeIfPresent(TimeSlot.self, forKey: .freedSlot)
        cancelledAt = try RFC3339.decode(c, .cancelledAt)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(appointmentId, forKey: .appointmentId)
        try c.encode(patientId, forKey: .patientId)
        try c.encode(reason, forKey: .reason)
        try c.encodeIfPresent(freedSlot, forKey: .freedSlot)
        try c.encode(RFC3339.format(cancelledAt), forKey: .cancelledAt)
    }
}
