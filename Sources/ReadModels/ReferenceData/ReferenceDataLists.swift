import Foundation
import PostgresNIO

/// Reference data as lists a dialect filters, sorts and pages (`ListQuery`): the columns each
/// view reads and how a row becomes the view, shared by the plain reads and the lists. The
/// schema — which client field reads which expression — is the dialect's (`ListSchema`); its
/// table must be the one the function reads.
extension ReadModelQueries {
    public func locations(org: UUID, list: ListQuery, schema: ListSchema) async throws -> ListPage<LocationView> {
        precondition(schema.table == "locations", "a locations list takes the locations schema")
        return try await page(list, schema: schema, select: Self.locationColumns, org: org, row: Self.location)
    }

    public func practitioners(org: UUID, list: ListQuery, schema: ListSchema) async throws -> ListPage<PractitionerView> {
        precondition(schema.table == "practitioners", "a practitioners list takes the practitioners schema")
        return try await page(list, schema: schema, select: "id, name, email, created_at, updated_at", org: org) { row in
            let (id, name, email, created, updated) = try row.decode((UUID, String, String, Date, Date).self)
            return PractitionerView(id: id, name: name, email: email, createdAt: created, updatedAt: updated)
        }
    }

    public func appointmentTypes(org: UUID, list: ListQuery, schema: ListSchema) async throws -> ListPage<AppointmentTypeView> {
        precondition(schema.table == "appointment_types", "an appointment types list takes the appointment_types schema")
        let select = "id, name, duration_minutes, max_attendees, category, created_at, updated_at"
        return try await page(list, schema: schema, select: select, org: org) { row in
            let (id, name, minutes, attendees, category, created, updated) = try row.decode((UUID, String, Int, Int, String?, Date, Date).self)
            return AppointmentTypeView(id: id, name: name, durationMinutes: minutes, maxAttendees: attendees, category: category,
                                       createdAt: created, updatedAt: updated)
        }
    }

    static let locationColumns = "id, name, address, timezone, created_at, updated_at"

    static func location(_ row: PostgresRow) throws -> LocationView {
        let (id, name, address, tz, created, updated) = try row.decode((UUID, String, String?, String?, Date, Date).self)
        return LocationView(id: id, name: name, address: address, timezone: tz, createdAt: created, updatedAt: updated)
    }
}
