import Foundation

/// Cliniko's group appointments (seed 003): a practitioner runs a class at a business (our
/// `Location`) for up to `max_attendees` patients, taking the practitioner's time in the same
/// calendar as Heim's appointments. Field names in refusals are Cliniko's snake_case wire names.
public enum GroupAppointmentCommand: Sendable, Equatable {
    case create(CreateGroupAppointment)
    case update(UpdateGroupAppointment)
    case archive(groupAppointmentId: UUID)
    case addAttendee(AddAttendee)
    case cancelAttendee(CancelAttendee)

    public func checkLimits() throws(DomainError) {
        switch self {
        case .create(let c): try c.checkLimits()
        case .update(let c): try c.checkLimits()
        case .archive: return
        case .addAttendee(let c): try c.checkLimits()
        case .cancelAttendee(let c): try c.checkLimits()
        }
    }
}

/// `POST /group_appointments`. `endsAt` defaults to `startsAt` plus the type's duration,
/// `maxAttendees` to the type's; a repeat rule creates every occurrence in the same decision.
public struct CreateGroupAppointment: Sendable, Equatable {
    public var appointmentTypeId: UUID
    public var locationId: UUID
    public var practitionerId: UUID
    public var startsAt: Date
    public var endsAt: Date?
    public var maxAttendees: Int?
    public var notes: String?
    public var telehealthUrl: String?
    public var repeatRule: RepeatRule?

    public init(appointmentTypeId: UUID, locationId: UUID, practitionerId: UUID, startsAt: Date, endsAt: Date? = nil,
                maxAttendees: Int? = nil, notes: String? = nil, telehealthUrl: String? = nil, repeatRule: RepeatRule? = nil) {
        self.appointmentTypeId = appointmentTypeId; self.locationId = locationId; self.practitionerId = practitionerId
        self.startsAt = startsAt; self.endsAt = endsAt; self.maxAttendees = maxAttendees; self.notes = notes
        self.telehealthUrl = telehealthUrl; self.repeatRule = repeatRule
    }
}

/// `PATCH /group_appointments/{id}`: each field kept, set or (where Cliniko allows) cleared.
/// `endsAt: .set(nil)` recomputes the end from the type's duration. A repeat rule may be set
/// only on an appointment that has none and is not itself a repeat; it then creates the repeats.
public struct UpdateGroupAppointment: Sendable, Equatable {
    public var groupAppointmentId: UUID
    public var appointmentTypeId: FieldUpdate<UUID>
    public var locationId: FieldUpdate<UUID>
    public var practitionerId: FieldUpdate<UUID>
    public var startsAt: FieldUpdate<Date>
    public var endsAt: FieldUpdate<Date>
    public var maxAttendees: FieldUpdate<Int>
    public var notes: FieldUpdate<String>
    public var telehealthUrl: FieldUpdate<String>
    public var repeatRule: FieldUpdate<RepeatRule>

    public init(groupAppointmentId: UUID, appointmentTypeId: FieldUpdate<UUID> = .keep, locationId: FieldUpdate<UUID> = .keep,
                practitionerId: FieldUpdate<UUID> = .keep, startsAt: FieldUpdate<Date> = .keep, endsAt: FieldUpdate<Date> = .keep,
                maxAttendees: FieldUpdate<Int> = .keep, notes: FieldUpdate<String> = .keep, telehealthUrl: FieldUpdate<String> = .keep,
                repeatRule: FieldUpdate<RepeatRule> = .keep) {
        self.groupAppointmentId = groupAppointmentId; self.appointmentTypeId = appointmentTypeId; self.locationId = locationId
        self.practitionerId = practitionerId; self.startsAt = startsAt; self.endsAt = endsAt; self.maxAttendees = maxAttendees
        self.notes = notes; self.telehealthUrl = telehealthUrl; self.repeatRule = repeatRule
    }
}

/// `POST /attendees {booking_id, patient_id}`: a patient takes a place in a group appointment.
public struct AddAttendee: Sendable, Equatable {
    public var groupAppointmentId: UUID
    public var patientId: UUID
    public var notes: String?

    public init(groupAppointmentId: UUID, patientId: UUID, notes: String? = nil) {
        self.groupAppointmentId = groupAppointmentId; self.patientId = patientId; self.notes = notes
    }
}

/// `PATCH /attendees/{id}/cancel`: the place is given back; with `applyToRepeats` the patient's
/// places in the later occurrences of the same series too.
public struct CancelAttendee: Sendable, Equatable {
    public var attendeeId: UUID
    /// Cliniko's cancellation_reason: 10, 20, 30, 31, 40, 50 or 60.
    public var reason: Int
    public var note: String?
    public var applyToRepeats: Bool

    public static let reasons: Set<Int> = [10, 20, 30, 31, 40, 50, 60]

    public init(attendeeId: UUID, reason: Int, note: String? = nil, applyToRepeats: Bool = false) {
        self.attendeeId = attendeeId; self.reason = reason; self.note = note; self.applyToRepeats = applyToRepeats
    }
}

/// Cliniko's repeat rule. `numberOfRepeats` does NOT count the first occurrence: a rule with 3
/// repeats makes 4 appointments (the first and three repeats), as the name says and as Cliniko's
/// 1–51 range suggests (a weekly class for a year is the first plus 51).
public struct RepeatRule: Codable, Sendable, Equatable {
    public var repeatType: RepeatType
    public var numberOfRepeats: Int
    public var repeatingInterval: Int

    public init(repeatType: RepeatType, numberOfRepeats: Int, repeatingInterval: Int) {
        self.repeatType = repeatType; self.numberOfRepeats = numberOfRepeats; self.repeatingInterval = repeatingInterval
    }

    enum CodingKeys: String, CodingKey {
        case repeatType = "repeat_type", numberOfRepeats = "number_of_repeats", repeatingInterval = "repeating_interval"
    }

    func checkLimits() throws(DomainError) {
        guard (1...InputLimits.repeats).contains(numberOfRepeats) else {
            throw DomainError(.invalidValue, "repeat_rule.number_of_repeats must be 1 to \(InputLimits.repeats)", field: "repeat_rule.number_of_repeats")
        }
        guard (1...InputLimits.repeatInterval).contains(repeatingInterval) else {
            throw DomainError(.invalidValue, "repeat_rule.repeating_interval must be 1 to \(InputLimits.repeatInterval)",
                              field: "repeat_rule.repeating_interval")
        }
    }
}

/// Cliniko's spelling, exactly.
public enum RepeatType: String, Codable, Sendable, CaseIterable {
    case daily = "Daily"
    case weekly = "Weekly"
    case monthly = "Monthly"
}

extension CreateGroupAppointment {
    public func checkLimits() throws(DomainError) {
        try GroupAppointmentLimits.text(notes, field: "notes", max: InputLimits.comments)
        try GroupAppointmentLimits.url(telehealthUrl)
        try repeatRule?.checkLimits()
    }
}

extension UpdateGroupAppointment {
    public func checkLimits() throws(DomainError) {
        if case .set(let v) = notes { try GroupAppointmentLimits.text(v, field: "notes", max: InputLimits.comments) }
        if case .set(let v) = telehealthUrl { try GroupAppointmentLimits.url(v) }
        if case .set(let v?) = repeatRule { try v.checkLimits() }
    }
}

extension AddAttendee {
    public func checkLimits() throws(DomainError) {
        try GroupAppointmentLimits.text(notes, field: "notes", max: InputLimits.comments)
    }
}

extension CancelAttendee {
    public func checkLimits() throws(DomainError) {
        guard Self.reasons.contains(reason) else {
            throw DomainError(.invalidValue, "cancellation_reason must be one of 10, 20, 30, 31, 40, 50, 60", field: "cancellation_reason")
        }
        try GroupAppointmentLimits.text(note, field: "cancellation_note", max: InputLimits.comments)
    }
}

enum GroupAppointmentLimits {
    static func text(_ value: String?, field: String, max: Int) throws(DomainError) {
        try AppointmentLimits.text(value, field: field, max: max)
    }

    /// An absolute http(s) URL with a host: the link patients open to join.
    static func url(_ value: String?) throws(DomainError) {
        try text(value, field: "telehealth_url", max: InputLimits.url)
        guard let value else { return }
        guard let url = URLComponents(string: value), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = url.host, !host.isEmpty else {
            throw DomainError(.invalidValue, "telehealth_url must be an absolute http or https URL", field: "telehealth_url")
        }
    }
}
