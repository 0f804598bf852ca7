import Foundation

/// A group appointment was created: one event per occurrence of a series, all in one decision.
/// `repeatedFrom` is nil on the first occurrence and names the first on every repeat.
public struct GroupAppointmentCreated: Codable, Sendable, Equatable {
    public var groupAppointmentId: UUID
    public var appointmentTypeId: UUID
    public var locationId: UUID
    public var practitionerId: UUID
    public var startsAt: Date
    public var endsAt: Date
    public var maxAttendees: Int
    public var notes: String?
    public var telehealthUrl: String?
    public var repeatRule: RepeatRule?
    public var repeatedFrom: UUID?
    public var createdAt: Date

    public init(groupAppointmentId: UUID, appointmentTypeId: UUID, locationId: UUID, practitionerId: UUID, startsAt: Date, endsAt: Date,
                maxAttendees: Int, notes: String?, telehealthUrl: String?, repeatRule: RepeatRule?, repeatedFrom: UUID?, createdAt: Date) {
        self.groupAppointmentId = groupAppointmentId; self.appointmentTypeId = appointmentTypeId; self.locationId = locationId
        self.practitionerId = practitionerId; self.startsAt = startsAt; self.endsAt = endsAt; self.maxAttendees = maxAttendees
        self.notes = notes; self.telehealthUrl = telehealthUrl; self.repeatRule = repeatRule; self.repeatedFrom = repeatedFrom
        self.createdAt = createdAt
    }

    /// The practitioner's time it takes.
    public var slot: TimeSlot { TimeSlot(practitionerId: practitionerId, locationId: locationId, start: startsAt, end: endsAt) }

    enum CodingKeys: String, CodingKey {
        case groupAppointmentId = "group_appointment_id", appointmentTypeId = "appointment_type_id", locationId = "location_id"
        case practitionerId = "practitioner_id", startsAt = "starts_at", endsAt = "ends_at", maxAttendees = "max_attendees"
        case notes, telehealthUrl = "telehealth_url", repeatRule = "repeat_rule", repeatedFrom = "repeated_from", createdAt = "created_at"
    }
}

/// A PATCH changed some fields: every field's value after the change (nil = cleared), which ones
/// changed (snake_case wire names), and the old slot when the time, practitioner or business moved.
/// `repeatRule` is set when this PATCH gave the appointment its rule (its repeats follow as
/// `GroupAppointmentCreated` in the same decision).
public struct GroupAppointmentUpdated: Codable, Sendable, Equatable {
    public var groupAppointmentId: UUID
    public var appointmentTypeId: UUID
    public var locationId: UUID
    public var practitionerId: UUID
    public var startsAt: Date
    public var endsAt: Date
    public var maxAttendees: Int
    public var notes: String?
    public var telehealthUrl: String?
    public var repeatRule: RepeatRule?
    public var changed: [String]
    public var freedSlot: TimeSlot?
    public var updatedAt: Date

    public init(groupAppointmentId: UUID, appointmentTypeId: UUID, locationId: UUID, practitionerId: UUID, startsAt: Date, endsAt: Date,
                maxAttendees: Int, notes: String?, telehealthUrl: String?, repeatRule: RepeatRule?, changed: [String], freedSlot: TimeSlot?,
                updatedAt: Date) {
        self.groupAppointmentId = groupAppointmentId; self.appointmentTypeId = appointmentTypeId; self.locationId = locationId
        self.practitionerId = practitionerId; self.startsAt = startsAt; self.endsAt = endsAt; self.maxAttendees = maxAttendees
        self.notes = notes; self.telehealthUrl = telehealthUrl; self.repeatRule = repeatRule; self.changed = changed
        self.freedSlot = freedSlot; self.updatedAt = updatedAt
    }

    /// The practitioner's time it takes after the change.
    public var slot: TimeSlot { TimeSlot(practitionerId: practitionerId, locationId: locationId, start: startsAt, end: endsAt) }

    enum CodingKeys: String, CodingKey {
        case groupAppointmentId = "group_appointment_id", appointmentTypeId = "appointment_type_id", locationId = "location_id"
        case practitionerId = "practitioner_id", startsAt = "starts_at", endsAt = "ends_at", maxAttendees = "max_attendees"
        case notes, telehealthUrl = "telehealth_url", repeatRule = "repeat_rule", changed, freedSlot = "freed_slot", updatedAt = "updated_at"
    }
}

/// A group appointment was archived (once): its time is given back; `patientIds` are the
/// attendees still booked then, so each patient's History can show it.
public struct AppointmentArchived: Codable, Sendable, Equatable {
    public var appointmentId: UUID
    public var freedSlot: TimeSlot
    public var patientIds: [UUID]
    public var archivedAt: Date

    public init(appointmentId: UUID, freedSlot: TimeSlot, patientIds: [UUID], archivedAt: Date) {
        self.appointmentId = appointmentId; self.freedSlot = freedSlot; self.patientIds = patientIds; self.archivedAt = archivedAt
    }

    enum CodingKeys: String, CodingKey {
        case appointmentId = "appointment_id", freedSlot = "freed_slot", patientIds = "patient_ids", archivedAt = "archived_at"
    }
}

/// A patient took a place in a group appointment (Cliniko's attendee).
public struct AttendeeAdded: Codable, Sendable, Equatable {
    public var attendeeId: UUID
    public var groupAppointmentId: UUID
    public var patientId: UUID
    public var notes: String?
    public var addedAt: Date

    public init(attendeeId: UUID, groupAppointmentId: UUID, patientId: UUID, notes: String?, addedAt: Date) {
        self.attendeeId = attendeeId; self.groupAppointmentId = groupAppointmentId; self.patientId = patientId
        self.notes = notes; self.addedAt = addedAt
    }

    enum CodingKeys: String, CodingKey {
        case attendeeId = "attendee_id", groupAppointmentId = "group_appointment_id", patientId = "patient_id", notes, addedAt = "added_at"
    }
}

/// A patient's place was cancelled; `freedPlace` says which class has a place again and how many
/// are left, so the waitlist can offer it without reading any other state.
public struct AttendeeCancelled: Codable, Sendable, Equatable {
    public var attendeeId: UUID
    public var groupAppointmentId: UUID
    public var patientId: UUID
    /// Cliniko's cancellation_reason (10, 20, 30, 31, 40, 50, 60).
    public var reason: Int
    public var note: String?
    public var cancelledAt: Date
    public var freedPlace: FreedPlace

    public init(attendeeId: UUID, groupAppointmentId: UUID, patientId: UUID, reason: Int, note: String?, cancelledAt: Date, freedPlace: FreedPlace) {
        self.attendeeId = attendeeId; self.groupAppointmentId = groupAppointmentId; self.patientId = patientId; self.reason = reason
        self.note = note; self.cancelledAt = cancelledAt; self.freedPlace = freedPlace
    }

    enum CodingKeys: String, CodingKey {
        case attendeeId = "attendee_id", groupAppointmentId = "group_appointment_id", patientId = "patient_id", reason, note
        case cancelledAt = "cancelled_at", freedPlace = "freed_place"
    }
}

/// A place given back in a group appointment: the class, its time, and the places left after.
public struct FreedPlace: Codable, Sendable, Equatable {
    public var groupAppointmentId: UUID
    public var appointmentTypeId: UUID
    public var locationId: UUID
    public var practitionerId: UUID
    public var startsAt: Date
    public var endsAt: Date
    public var placesLeft: Int

    public init(groupAppointmentId: UUID, appointmentTypeId: UUID, locationId: UUID, practitionerId: UUID, startsAt: Date, endsAt: Date,
                placesLeft: Int) {
        self.groupAppointmentId = groupAppointmentId; self.appointmentTypeId = appointmentTypeId; self.locationId = locationId
        self.practitionerId = practitionerId; self.startsAt = startsAt; self.endsAt = endsAt; self.placesLeft = placesLeft
    }

    enum CodingKeys: String, CodingKey {
        case groupAppointmentId = "group_appointment_id", appointmentTypeId = "appointment_type_id", locationId = "location_id"
        case practitionerId = "practitioner_id", startsAt = "starts_at", endsAt = "ends_at", placesLeft = "places_left"
    }
}
