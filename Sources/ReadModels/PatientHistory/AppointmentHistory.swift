import Domain
import Foundation

/// What the History view shows for an appointment's facts: the appointment, and what changed.
enum AppointmentHistory {
    static func entry(_ event: AppointmentEvent) -> (action: String, changes: [FieldChange]) {
        let id = ("id", JSONValue.id(event.appointmentId))
        func appointment(_ fields: [(String, JSONValue)]) -> [FieldChange] {
            [FieldChange(field: "appointment", old: .null, new: .object([id] + fields))]
        }
        switch event {
        case .appointmentCreated(let c):
            return ("appointment_created", appointment([
                ("task_id", .id(c.taskId)), ("status", .string(AppointmentStatus.scheduling.rawValue)),
                ("external_reference", .text(c.externalReference)),
                ("plan_from", .text(c.planFrom?.description)), ("plan_to", .text(c.planTo?.description)),
            ]))
        case .appointmentScheduled(let s):
            return ("appointment_scheduled", appointment(slot(s.slot) + [("status", .string(AppointmentStatus.scheduled.rawValue))]))
        case .appointmentUpdated(let u):
            return ("appointment_updated", appointment([("changed", .array(u.changed.map(JSONValue.string)))]))
        case .appointmentCompleted:
            return ("appointment_completed", appointment([("status", .string(AppointmentStatus.completed.rawValue))]))
        case .appointmentCancelled(let c):
            return ("appointment_cancelled", appointment([
                ("status", .string(AppointmentStatus.cancelled.rawValue)), ("reason_code", .text(c.reason.reasonCode)),
                ("cancelling_entity", .text(c.reason.cancellingEntity)), ("causing_entity", .text(c.reason.causingEntity)),
            ] + (c.freedSlot.map { [("freed_slot", JSONValue.object(slot($0)))] } ?? [])))
        }
    }

    private static func slot(_ s: TimeSlot) -> [(String, JSONValue)] {
        [("practitioner_id", .id(s.practitionerId)), ("location_id", .id(s.locationId)),
         ("start", .string(RFC3339.format(s.start))), ("end", .string(RFC3339.format(s.end)))]
    }
}
