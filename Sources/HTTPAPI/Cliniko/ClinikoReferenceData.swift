import Domain
import Foundation
import ReadModels

/// The field tables of Cliniko's reference resources — which `q[]` fields and `sort` keys each
/// list takes, read from which column — and how each renders. Businesses are ClinicLedger's
/// locations. Reference data has no archive event yet, so `archived_at` is always null: it is a
/// field (clients send `archived_at:*` as a matter of course) reading `NULL`, not a stored column.
enum ClinikoReferenceData {
    /// What every Cliniko resource filters and sorts by: its id (as Cliniko's number), its times.
    static func commonColumns(_ table: String) -> [String: ListColumn] {
        [
            "id": ListColumn("cliniko_id(\(table).id)", .int64, sortable: true),
            "created_at": ListColumn("\(table).created_at", .dateTime, sortable: true),
            "updated_at": ListColumn("\(table).updated_at", .dateTime, sortable: true),
            "archived_at": ListColumn("NULL::timestamptz", .dateTime),
        ]
    }

    static func schema(_ table: String, _ columns: [String: ListColumn]) -> ListSchema {
        ListSchema(table: table, columns: commonColumns(table).merging(columns) { $1 }, defaultSort: ListSort("created_at"),
                   archivedField: "archived_at")
    }

    static let businesses = schema("locations", [
        "business_name": ListColumn("locations.name", .string, sortable: true),
        "display_name": ListColumn("locations.name", .string, sortable: true),
    ])
    static let practitioners = schema("practitioners", [
        "display_name": ListColumn("practitioners.name", .string, sortable: true),
    ])
    static let appointmentTypes = schema("appointment_types", [
        "name": ListColumn("appointment_types.name", .string, sortable: true),
        "category": ListColumn("appointment_types.category", .string, sortable: true),
        // Group types are the ones with more than one place (`q[]=max_attendees:>1`).
        "max_attendees": ListColumn("appointment_types.max_attendees", .int64, sortable: true),
        "duration_in_minutes": ListColumn("appointment_types.duration_minutes", .int64, sortable: true),
    ])

    /// The members every resource starts with (Cliniko's order: id, then the resource's own).
    static func times(created: Date, updated: Date) -> [(String, JSONValue)] {
        [("created_at", .clinikoTime(created)), ("updated_at", .clinikoTime(updated)), ("archived_at", .null)]
    }

    static func selfLink(_ links: ClinikoLinks, _ path: String, _ id: UUID) -> (String, JSONValue) {
        ("links", .object([("self", .string(links.url("/v1/\(path)/\(ClinikoIds.text(id))")))]))
    }

    static func render(_ b: LocationView, _ links: ClinikoLinks) -> JSONValue {
        var fields: [(String, JSONValue)] = [
            ("id", .string(ClinikoIds.text(b.id))), ("business_name", .string(b.name)), ("display_name", .string(b.name)),
            ("address_1", .text(b.address)), ("time_zone_identifier", .text(b.timezone)),
        ]
        fields += times(created: b.createdAt, updated: b.updatedAt)
        fields.append(selfLink(links, "businesses", b.id))
        return .object(fields)
    }

    static func render(_ p: PractitionerView, _ links: ClinikoLinks) -> JSONValue {
        let name = PractitionerName(p.name)
        var fields: [(String, JSONValue)] = [
            ("id", .string(ClinikoIds.text(p.id))), ("title", .text(name.title)), ("first_name", .string(name.first)),
            ("last_name", .string(name.last)), ("display_name", .string(p.name)), ("active", .bool(true)),
        ]
        fields += times(created: p.createdAt, updated: p.updatedAt)
        fields.append(selfLink(links, "practitioners", p.id))
        return .object(fields)
    }

    static func render(_ t: AppointmentTypeView, _ links: ClinikoLinks) -> JSONValue {
        var fields: [(String, JSONValue)] = [
            ("id", .string(ClinikoIds.text(t.id))), ("name", .string(t.name)), ("duration_in_minutes", .int(t.durationMinutes)),
            ("max_attendees", .int(t.maxAttendees)), ("category", .text(t.category)),
        ]
        fields += times(created: t.createdAt, updated: t.updatedAt)
        fields.append(selfLink(links, "appointment_types", t.id))
        return .object(fields)
    }
}

/// A practitioner's one `name` in Cliniko's parts: a leading honorific is the `title`, the last
/// word the `last_name`, the rest the `first_name` ("Dr. Ada Park" → Dr., Ada, Park). A one-word
/// name is a first name.
struct PractitionerName: Equatable {
    static let titles: Set<String> = ["dr", "dr.", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "mx", "mx.", "prof", "prof."]
    var title: String?
    var first: String
    var last: String

    init(_ name: String) {
        var words = name.split(whereSeparator: \.isWhitespace).map(String.init)
        title = words.count > 1 && Self.titles.contains(words[0].lowercased()) ? words.removeFirst() : nil
        last = words.count > 1 ? words.removeLast() : ""
        first = words.joined(separator: " ")
    }
}
