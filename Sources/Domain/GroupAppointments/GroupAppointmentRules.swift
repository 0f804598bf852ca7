import Foundation

/// The rules create and update share: the references, the time, and the calendar. Each refusal
/// names Cliniko's field.
enum GroupAppointmentRules {
    static func type(_ id: UUID, _ reference: ReferenceDataState) throws(DomainError) -> AppointmentType {
        guard let type = reference.appointmentTypes[id] else {
            throw DomainError(.unknownReference, "appointment_type_id names no appointment type of this organization", field: "appointment_type_id")
        }
        // A type for one patient at a time is an individual appointment type in Cliniko.
        guard type.maxAttendees > 1 else {
            throw DomainError(.invalidValue, "appointment_type_id is not a group appointment type", field: "appointment_type_id")
        }
        return type
    }

    /// The business and its zone, which every occurrence's local time is read in.
    static func business(_ id: UUID, _ reference: ReferenceDataState) throws(DomainError) -> (Location, TimeZone) {
        guard let location = reference.locations[id] else {
            throw DomainError(.unknownReference, "business_id names no business of this organization", field: "business_id")
        }
        guard let zone = location.timezone.flatMap(TimeZone.init(identifier:)) else {
            throw DomainError(.invalidValue, "the business has no time zone; declare its IANA time zone first", field: "business_id")
        }
        return (location, zone)
    }

    static func practitioner(_ id: UUID, at locationId: UUID, _ reference: ReferenceDataState) throws(DomainError) -> Practitioner {
        guard let practitioner = reference.practitioners[id] else {
            throw DomainError(.unknownReference, "practitioner_id names no practitioner of this organization", field: "practitioner_id")
        }
        guard practitioner.locationIds.contains(locationId) else {
            throw DomainError(.invalidValue, "the practitioner does not work at this business", field: "practitioner_id")
        }
        return practitioner
    }

    static func maxAttendees(_ value: Int) throws(DomainError) {
        guard (1...InputLimits.groupAttendees).contains(value) else {
            throw DomainError(.invalidValue, "max_attendees must be 1 to \(InputLimits.groupAttendees)", field: "max_attendees")
        }
    }

    /// After the start, at most a day long.
    static func end(_ end: Date, after start: Date) throws(DomainError) {
        guard end > start else { throw DomainError(.invalidValue, "ends_at must be after starts_at", field: "ends_at") }
        guard end.timeIntervalSince(start) <= Double(InputLimits.appointmentMinutes) * 60 else {
            throw DomainError(.invalidValue, "a group appointment may last at most \(InputLimits.appointmentMinutes) minutes", field: "ends_at")
        }
    }

    /// No earlier than 30 days ago (a class entered after it ran), no later than the booking horizon.
    static func start(_ start: Date, now: Date) throws(DomainError) {
        guard start >= now.addingTimeInterval(-Double(InputLimits.pastStartDays) * 86_400) else {
            throw DomainError(.invalidValue, "starts_at may be at most \(InputLimits.pastStartDays) days in the past", field: "starts_at")
        }
        guard start <= now.addingTimeInterval(Double(InputLimits.bookingHorizonDays) * 86_400) else {
            throw DomainError(.invalidValue, "starts_at may be at most \(InputLimits.bookingHorizonDays) days ahead", field: "starts_at")
        }
    }

    /// Every occurrence within the series horizon, clear of the practitioner's other bookings (any
    /// dialect's; `excluding` the appointment being moved) and of each other. Working hours and
    /// unavailable blocks do not refuse: the clinic decides, and the conflicts query reports them.
    static func checkCalendar(_ occurrences: [RepeatExpansion.Occurrence], practitionerId: UUID, excluding: UUID?,
                              calendar: CalendarState, now: Date) throws(DomainError) {
        let horizon = now.addingTimeInterval(Double(InputLimits.seriesDays) * 86_400)
        if let late = occurrences.first(where: { $0.start > horizon }) {
            throw DomainError(.invalidValue, "an occurrence would start at \(RFC3339.format(late.start)), more than \(InputLimits.seriesDays) days ahead",
                              field: "repeat_rule")
        }
        for (i, o) in occurrences.enumerated() {
            let taken = calendar.overlapping(practitionerId, o.start, o.end).contains { $0.id != excluding }
            // Occurrences are at least a (local) day apart and at most a day long: only the previous one can reach into this one.
            let clashes = taken || (i > 0 && occurrences[i - 1].end > o.start)
            guard !clashes else {
                throw DomainError(.slotUnavailable, "the practitioner is already booked at \(RFC3339.format(o.start))", field: "starts_at")
            }
        }
    }
}
