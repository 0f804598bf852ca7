import Foundation

/// Heim's appointments (seed 002): a patient's task, booked into a window or left to the
/// patient to schedule, then completed or cancelled. Field names in refusals are Heim's.
public enum AppointmentCommand: Sendable, Equatable {
    case createAppointment(CreateAppointment)
    case scheduleAppointment(ScheduleAppointment)
    case updateAppointment(UpdateAppointment)
    case completeAppointment(CompleteAppointment)
    case cancelAppointment(CancelAppointment)

    public func checkLimits() throws(DomainError) {
        switch self {
        case .createAppointment(let c): try c.checkLimits()
        case .scheduleAppointment: return
        case .updateAppointment(let c): try c.checkLimits()
        case .completeAppointment: return
        case .cancelAppointment(let c): try c.checkLimits()
        }
    }
}

/// `POST /v1/appointments`. Without a window the appointment waits in `scheduling` for the
/// patient to pick one.
public struct CreateAppointment: Sendable, Equatable {
    public var patientId: UUID
    public var taskId: UUID
    public var phone: String
    public var location: AppointmentAddress
    public var window: WindowRef?
    public var externalReference: String?
    public var note: String?
    public var documentIds: [String]
    public var planFrom: CalendarDate?
    public var planTo: CalendarDate?
    /// Any JSON object, kept and returned as given.
    public var metadata: JSONValue?

    public init(patientId: UUID, taskId: UUID, phone: String, location: AppointmentAddress, window: WindowRef? = nil,
                externalReference: String? = nil, note: String? = nil, documentIds: [String] = [],
                planFrom: CalendarDate? = nil, planTo: CalendarDate? = nil, metadata: JSONValue? = nil) {
        self.patientId = patientId; self.taskId = taskId; self.phone = phone; self.location = location; self.window = window
        self.externalReference = externalReference; self.note = note; self.documentIds = documentIds
        self.planFrom = planFrom; self.planTo = planTo; self.metadata = metadata
    }
}

/// `POST /v1/appointments/{id}/schedule`: the patient picked a window.
public struct ScheduleAppointment: Sendable, Equatable {
    public var appointmentId: UUID
    public var window: WindowRef
    public init(appointmentId: UUID, window: WindowRef) { self.appointmentId = appointmentId; self.window = window }
}

/// A field a PATCH may leave alone, set, or clear.
public enum FieldUpdate<Value: Sendable & Equatable>: Sendable, Equatable {
    case keep
    /// nil clears the field.
    case set(Value?)
}

/// `PATCH /v1/appointments/{id}`: note, metadata, externalReference, documentIds.
public struct UpdateAppointment: Sendable, Equatable {
    public var appointmentId: UUID
    public var note: FieldUpdate<String>
    public var metadata: FieldUpdate<JSONValue>
    public var externalReference: FieldUpdate<String>
    public var documentIds: FieldUpdate<[String]>

    public init(appointmentId: UUID, note: FieldUpdate<String> = .keep, metadata: FieldUpdate<JSONValue> = .keep,
                externalReference: FieldUpdate<String> = .keep, documentIds: FieldUpdate<[String]> = .keep) {
        self.appointmentId = appointmentId; self.note = note; self.metadata = metadata
        self.externalReference = externalReference; self.documentIds = documentIds
    }
}

/// `POST /v1/appointments/{id}/complete`.
public struct CompleteAppointment: Sendable, Equatable {
    public var appointmentId: UUID
    public init(appointmentId: UUID) { self.appointmentId = appointmentId }
}

/// `POST /v1/appointments/{id}/cancel`, only once.
public struct CancelAppointment: Sendable, Equatable {
    public var appointmentId: UUID
    public var reason: CancellationReason
    public init(appointmentId: UUID, reason: CancellationReason) { self.appointmentId = appointmentId; self.reason = reason }
}

/// Why an appointment was cancelled, as Heim records it (`patient`, `organisation`,
/// `patient_not_present`, …: free codes, kept as sent).
public struct CancellationReason: Codable, Sendable, Equatable {
    public var note: String?
    public var causingEntity: String?
    public var cancellingEntity: String?
    public var reasonCode: String?

    public init(note: String? = nil, causingEntity: String? = nil, cancellingEntity: String? = nil, reasonCode: String? = nil) {
        self.note = note; self.causingEntity = causingEntity; self.cancellingEntity = cancellingEntity; self.reasonCode = reasonCode
    }

    enum CodingKeys: String, CodingKey {
        case note, causingEntity = "causing_entity", cancellingEntity = "cancelling_entity", reasonCode = "reason_code"
    }
}

extension CreateAppointment {
    public func checkLimits() throws(DomainError) {
        try InputScreen.text(phone, field: "phone")
        try location.checkLimits()
        try AppointmentLimits.text(externalReference, field: "externalReference", max: InputLimits.externalId)
        try AppointmentLimits.text(note, field: "note", max: InputLimits.comments)
        try AppointmentLimits.documentIds(documentIds)
        if let metadata { try AppointmentLimits.metadata(metadata) }
    }
}

extension UpdateAppointment {
    public func checkLimits() throws(DomainError) {
        if case .set(let v) = note { try AppointmentLimits.text(v, field: "note", max: InputLimits.comments) }
        if case .set(let v) = externalReference { try AppointmentLimits.text(v, field: "externalReference", max: InputLimits.externalId) }
        if case .set(let v) = documentIds { try AppointmentLimits.documentIds(v ?? []) }
        if case .set(let v?) = metadata { try AppointmentLimits.metadata(v) }
    }
}

extension CancelAppointment {
    public func checkLimits() throws(DomainError) {
        try AppointmentLimits.text(reason.note, field: "note", max: InputLimits.comments)
        try AppointmentLimits.text(reason.causingEntity, field: "causingEntity", max: InputLimits.code)
        try AppointmentLimits.text(reason.cancellingEntity, field: "cancellingEntity", max: InputLimits.code)
        try AppointmentLimits.text(reason.reasonCode, field: "reasonCode", max: InputLimits.code)
    }
}

enum AppointmentLimits {
    static func text(_ value: String?, field: String, max: Int) throws(DomainError) {
        guard let value else { return }
        try InputScreen.text(value, field: field)
        guard InputLimits.length(value) <= max else { throw InputScreen.tooLong(field, max: max) }
    }

    static func documentIds(_ ids: [String]) throws(DomainError) {
        try InputScreen.count(ids.count, max: InputLimits.documentIds, field: "documentIds")
        for (i, id) in ids.enumerated() { try text(id, field: "documentIds[\(i)]", max: InputLimits.code) }
    }

    static func metadata(_ value: JSONValue) throws(DomainError) {
        guard case .object = value else { throw DomainError(.invalidValue, "metadata must be a JSON object", field: "metadata") }
        try InputScreen.document(value, field: "metadata", maxBytes: InputLimits.metadataBytes)
    }
}
