import Domain
import Foundation
import ReadModels

/// Cliniko's group appointment resource (seed 003; the nesting of Cliniko's published
/// responses): every related thing is `{"links":{"self": URL}}` under its own name, the resource's
/// own URL under `links.self`; ids are number strings, times UTC.
enum GroupAppointmentRenderer {
    static func render(_ a: GroupAppointmentView, _ links: ClinikoLinks) -> JSONValue {
        let own = "/v1/group_appointments/\(ClinikoIds.text(a.id))"
        return .object([
            ("id", .string(ClinikoIds.text(a.id))),
            ("appointment_type", link(links, "/v1/appointment_types/\(ClinikoIds.text(a.appointmentTypeId))")),
            ("archived_at", .clinikoTime(a.archivedAt)),
            ("attendees", link(links, own + "/attendees")),
            ("business", link(links, "/v1/businesses/\(ClinikoIds.text(a.locationId))")),
            ("conflicts", link(links, own + "/conflicts")),
            ("created_at", .clinikoTime(a.createdAt)),
            ("deleted_at", .null),
            ("ends_at", .clinikoTime(a.endsAt)),
            ("max_attendees", .int(a.maxAttendees)),
            ("notes", .text(a.notes)),
            ("patient_ids", .array(a.patientIds.map { .string(ClinikoIds.text($0)) })),
            ("practitioner", link(links, "/v1/practitioners/\(ClinikoIds.text(a.practitionerId))")),
            ("repeat_rule", a.repeatRule.map(repeatRule) ?? .null),
            ("repeated_from", a.repeatedFrom.map { link(links, "/v1/group_appointments/\(ClinikoIds.text($0))") } ?? .null),
            ("repeats", isSeriesRoot(a) ? link(links, repeatsPath(a.id)) : .null),
            ("starts_at", .clinikoTime(a.startsAt)),
            ("telehealth_url", .text(a.telehealthUrl)),
            ("updated_at", .clinikoTime(a.updatedAt)),
            ("links", .object([("self", .string(links.url(own)))])),
        ])
    }

    /// The first occurrence of a series lists its repeats; a repeat, or one that does not
    /// repeat, has none (`repeats: null`).
    static func isSeriesRoot(_ a: GroupAppointmentView) -> Bool { a.repeatRule != nil && a.repeatedFrom == nil }

    /// The list of the repeats of `root`: `q[]=repeated_from_id:=N`, encoded as a query string
    /// must be (`[`, `]`, `:` and `=` percent-encoded); the list reads it back decoded.
    static func repeatsPath(_ root: UUID) -> String {
        "/v1/group_appointments?q%5B%5D=repeated_from_id%3A%3D\(ClinikoIds.text(root))"
    }

    static func repeatRule(_ r: RepeatRule) -> JSONValue {
        .object([("repeat_type", .string(r.repeatType.rawValue)), ("number_of_repeats", .int(r.numberOfRepeats)),
                 ("repeating_interval", .int(r.repeatingInterval))])
    }

    static func link(_ links: ClinikoLinks, _ path: String) -> JSONValue {
        .object([("links", .object([("self", .string(links.url(path)))]))])
    }
}
