import Domain
import Foundation

/// What the History view shows of a patient's attendance at group appointments (classes): taking
/// a place, giving it up, and the class being archived while the patient held a place. Creating or
/// moving a class names no patient, so it shows nowhere.
enum GroupAppointmentHistory {
    static func entries(_ event: GroupAppointmentEvent) -> [(patient: UUID, action: String, changes: [FieldChange])] {
        func attendance(_ fields: [(String, JSONValue)]) -> [FieldChange] {
            [FieldChange(field: "group_appointment", old: .null, new: .object([("id", .id(event.groupAppointmentId))] + fields))]
        }
        switch event {
        case .groupAppointmentCreated, .groupAppointmentUpdated:
            return []
        case .attendeeAdded(let a):
            return [(a.patientId, "attendee_added", attendance([("attendee_id", .id(a.attendeeId))]))]
        case .attendeeCancelled(let c):
            let place = c.freedPlace
            return [(c.patientId, "attendee_cancelled", attendance([
                ("attendee_id", .id(c.attendeeId)), ("cancellation_reason", .int(c.reason)),
                ("practitioner_id", .id(place.practitionerId)), ("location_id", .id(place.locationId)),
                ("start", .string(RFC3339.format(place.startsAt))), ("end", .string(RFC3339.format(place.endsAt))),
            ]))]
        case .appointmentArchived(let a):
            let slot = a.freedSlot
            let changes = attendance([
                ("archived", .bool(true)), ("practitioner_id", .id(slot.practitionerId)), ("location_id", .id(slot.locationId)),
                ("start", .string(RFC3339.format(slot.start))), ("end", .string(RFC3339.format(slot.end))),
            ])
            return a.patientIds.map { ($0, "group_appointment_archived", changes) }
        }
    }
}
