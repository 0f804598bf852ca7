import Domain
import Foundation
import ReadModels

/// Heim's appointment resource: camelCase, Heim's id spellings, times in UTC (RFC 3339).
enum AppointmentRenderer {
    static func render(_ a: AppointmentView) -> JSONValue {
        .object([
            ("id", .string(HeimIds.string(a.id, .appointment))),
            ("status", .string(a.status.rawValue)),
            ("patientId", .string(HeimIds.string(a.patientId, .patient))),
            ("taskId", .string(HeimIds.string(a.taskId, .task))),
            ("window", a.slot.map { window($0) } ?? .null),
            ("phone", .string(a.phone)),
            ("location", .object([
                ("line1", .string(a.location.line1)), ("line2", .text(a.location.line2)), ("city", .text(a.location.city)),
                ("postcode", .string(a.location.postcode)), ("country", .text(a.location.country)),
            ])),
            ("externalReference", .text(a.externalReference)),
            ("note", .text(a.note)),
            ("documentIds", .array(a.documentIds.map(JSONValue.string))),
            ("planFrom", .text(a.planFrom?.description)),
            ("planTo", .text(a.planTo?.description)),
            ("metadata", a.metadata ?? .null),
            ("cancellation", a.cancellation.map { c in
                .object([("note", .text(c.note)), ("causingEntity", .text(c.causingEntity)),
                         ("cancellingEntity", .text(c.cancellingEntity)), ("reasonCode", .text(c.reasonCode))])
            } ?? .null),
            ("createdAt", .time(a.createdAt)),
            ("updatedAt", .time(a.updatedAt)),
            ("scheduledAt", .time(a.scheduledAt)),
            ("completedAt", .time(a.completedAt)),
            ("cancelledAt", .time(a.cancelledAt)),
        ])
    }

    /// A booked or bookable window: its id, UTC start and end, practitioner and location; an
    /// availability answer adds the date on the location's clock.
    static func window(_ slot: TimeSlot, localDate: CalendarDate? = nil) -> JSONValue {
        .object([
            ("id", .string(HeimIds.window(practitioner: slot.practitionerId, start: slot.start))),
            ("start", .time(slot.start)),
            ("end", .time(slot.end)),
            ("practitionerId", .string(HeimIds.string(slot.practitionerId, .practitioner))),
            ("location", .string(HeimIds.string(slot.locationId, .location))),
        ] + (localDate.map { [("localDate", JSONValue.string($0.description))] } ?? []))
    }
}
