import Domain
import Foundation
import PostgresNIO

/// Group appointments and attendees as lists a dialect filters, sorts and pages (`ListQuery`
/// over the dialect's `ListSchema`, whose table must be the one read here), and each by its
/// UUID for a write's answer. Every statement is scoped by `organization_id`.
extension ReadModelQueries {
    public func groupAppointments(org: UUID, list: ListQuery, schema: ListSchema) async throws -> ListPage<GroupAppointmentView> {
        precondition(schema.table == "group_appointments", "a group appointments list takes the group_appointments schema")
        return try await page(list, schema: schema, select: Self.groupAppointmentColumns, org: org, row: Self.groupAppointment)
    }

    public func attendees(org: UUID, list: ListQuery, schema: ListSchema) async throws -> ListPage<AttendeeView> {
        precondition(schema.table == "attendees", "an attendees list takes the attendees schema")
        return try await page(list, schema: schema, select: Self.attendeeColumns, org: org, row: Self.attendee)
    }

    /// The row a write just made or changed (archived too), or nil when the projection has none.
    public func groupAppointment(org: UUID, id: UUID) async throws -> GroupAppointmentView? {
        let rows = try await client.query("""
            SELECT \(unescaped: Self.groupAppointmentColumns) FROM group_appointments WHERE organization_id = \(org) AND id = \(id)
            """, logger: logger)
        for try await row in rows { return try Self.groupAppointment(row) }
        return nil
    }

    public func attendee(org: UUID, id: UUID) async throws -> AttendeeView? {
        let rows = try await client.query("""
            SELECT \(unescaped: Self.attendeeColumns) FROM attendees WHERE organization_id = \(org) AND id = \(id)
            """, logger: logger)
        for try await row in rows { return try Self.attendee(row) }
        return nil
    }

    /// The organization's patients whose Cliniko number is `number` (docs/ids.md: normally one;
    /// two when their UUIDs fold alike). At most two are read: enough to tell one from many.
    public func patientIds(org: UUID, clinikoNumber number: Int64) async throws -> [UUID] {
        var ids: [UUID] = []
        let rows = try await client.query("""
            SELECT id FROM patients WHERE organization_id = \(org) AND cliniko_id(id) = \(number) ORDER BY id LIMIT 2
            """, logger: logger)
        for try await id in rows.decode(UUID.self) { ids.append(id) }
        return ids
    }

    /// The repeat rule is read field by field from its jsonb document (the projection writes
    /// RepeatRule's own coding), so the view is typed without a JSON round trip here.
    static let groupAppointmentColumns = """
        id, appointment_type_id, location_id, practitioner_id, starts_at, ends_at, max_attendees, notes, telehealth_url,
        repeat_rule->>'repeat_type', (repeat_rule->>'number_of_repeats')::int, (repeat_rule->>'repeating_interval')::int,
        repeated_from, patient_ids, created_at, updated_at, archived_at
        """

    static func groupAppointment(_ row: PostgresRow) throws -> GroupAppointmentView {
        let r = row.makeRandomAccess()
        let type = try r[9].decode(String?.self).flatMap(RepeatType.init(rawValue:))
        let repeats = try r[10].decode(Int?.self), interval = try r[11].decode(Int?.self)
        var rule: RepeatRule?
        if let type, let repeats, let interval { rule = RepeatRule(repeatType: type, numberOfRepeats: repeats, repeatingInterval: interval) }
        return GroupAppointmentView(
            id: try r[0].decode(UUID.self), appointmentTypeId: try r[1].decode(UUID.self), locationId: try r[2].decode(UUID.self),
            practitionerId: try r[3].decode(UUID.self), startsAt: try r[4].decode(Date.self), endsAt: try r[5].decode(Date.self),
            maxAttendees: try r[6].decode(Int.self), notes: try r[7].decode(String?.self), telehealthUrl: try r[8].decode(String?.self),
            repeatRule: rule, repeatedFrom: try r[12].decode(UUID?.self), patientIds: try r[13].decode([UUID].self),
            createdAt: try r[14].decode(Date.self), updatedAt: try r[15].decode(Date.self), archivedAt: try r[16].decode(Date?.self))
    }

    static let attendeeColumns = """
        id, group_appointment_id, patient_id, notes, cancellation_reason, cancellation_note, created_at, updated_at, cancelled_at
        """

    static func attendee(_ row: PostgresRow) throws -> AttendeeView {
        let (id, booking, patient, notes, reason, note, created, updated, cancelled) =
            try row.decode((UUID, UUID, UUID, String?, Int?, String?, Date, Date, Date?).self)
        return AttendeeView(id: id, groupAppointmentId: booking, patientId: patient, notes: notes, cancellationReason: reason,
                            cancellationNote: note, createdAt: created, updatedAt: updated, cancelledAt: cancelled)
    }
}
