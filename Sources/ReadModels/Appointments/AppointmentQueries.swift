import Domain
import Foundation
import Logging
import PostgresNIO

extension ReadModelQueries {
    static let appointmentColumns = """
        a.appointment_id, a.patient_id, a.task_id, a.appointment_type_id, a.status, a.phone, a.location::text, a.external_reference,
        a.note, a.document_ids::text, a.plan_from::text, a.plan_to::text, a.metadata::text, a.practitioner_id, a.location_id,
        a.starts_at, a.ends_at, a.cancellation::text, a.created_at, a.updated_at, a.scheduled_at, a.completed_at, a.cancelled_at
        """

    public func appointment(org: UUID, id: UUID) async throws -> AppointmentView? {
        var b = PostgresBindings()
        b.append(org)
        b.append(id)
        let rows = try await client.query(PostgresQuery(unsafeSQL: """
            SELECT \(Self.appointmentColumns) FROM appointments a WHERE a.organization_id = $1 AND a.appointment_id = $2
            """, binds: b), logger: logger)
        for try await row in rows { return try Self.appointmentView(row.makeRandomAccess()) }
        return nil
    }

    /// A page of appointments, oldest first, and how many match in all.
    public func appointments(org: UUID, filter: AppointmentFilter, offset: Int, limit: Int) async throws -> (items: [AppointmentView], total: Int) {
        var conditions = ["a.organization_id = $1"]
        var b = PostgresBindings()
        b.append(org)
        func param<T: PostgresEncodable>(_ value: T) throws -> String { try b.append(value); return "$\(b.count)" }
        for value in filter.externalReferenceEquals { conditions.append("a.external_reference = \(try param(value))") }
        for value in filter.externalReferenceContains {
            conditions.append("strpos(a.external_reference, \(try param(value))) > 0")
        }
        if !filter.statuses.isEmpty { conditions.append("a.status = ANY(\(try param(filter.statuses.map(\.rawValue))))") }
        if !filter.patientIds.isEmpty { conditions.append("a.patient_id = ANY(\(try param(filter.patientIds)))") }
        for (op, date) in filter.createdAt { conditions.append("a.created_at \(op.rawValue) \(try param(date))") }
        for (op, date) in filter.start { conditions.append("a.starts_at \(op.rawValue) \(try param(date))") }
        let whereSQL = conditions.joined(separator: " AND ")
        var total = 0
        for try await n in try await client.query(PostgresQuery(unsafeSQL: "SELECT count(*) FROM appointments a WHERE \(whereSQL)", binds: b),
                                                   logger: logger).decode(Int.self) { total = n }
        let pageSQL = """
            SELECT \(Self.appointmentColumns) FROM appointments a WHERE \(whereSQL)
            ORDER BY a.created_at, a.appointment_id OFFSET \(try param(offset)) LIMIT \(try param(limit))
            """
        var items: [AppointmentView] = []
        for try await row in try await client.query(PostgresQuery(unsafeSQL: pageSQL, binds: b), logger: logger) {
            items.append(try Self.appointmentView(row.makeRandomAccess()))
        }
        return (items, total)
    }

    static func appointmentView(_ r: PostgresRandomAccessRow) throws -> AppointmentView {
        let decoder = JSONDecoder()
        func json<T: Decodable>(_ type: T.Type, _ text: String?) throws -> T? {
            try text.map { try decoder.decode(T.self, from: Data($0.utf8)) }
        }
        let practitioner = try r[13].decode(UUID?.self), location = try r[14].decode(UUID?.self)
        let start = try r[15].decode(Date?.self), end = try r[16].decode(Date?.self)
        var slot: TimeSlot?
        if let practitioner, let location, let start, let end {
            slot = TimeSlot(practitionerId: practitioner, locationId: location, start: start, end: end)
        }
        return AppointmentView(
            id: try r[0].decode(UUID.self), patientId: try r[1].decode(UUID.self), taskId: try r[2].decode(UUID.self),
            appointmentTypeId: try r[3].decode(UUID.self),
            status: AppointmentStatus(rawValue: try r[4].decode(String.self)) ?? .scheduling,
            phone: try r[5].decode(String.self),
            location: try json(AppointmentAddress.self, try r[6].decode(String.self))!,
            externalReference: try r[7].decode(String?.self), note: try r[8].decode(String?.self),
            documentIds: try json([String].self, try r[9].decode(String.self)) ?? [],
            planFrom: try r[10].decode(String?.self).flatMap(CalendarDate.init(iso:)),
            planTo: try r[11].decode(String?.self).flatMap(CalendarDate.init(iso:)),
            metadata: try json(JSONValue.self, try r[12].decode(String?.self)),
            slot: slot, cancellation: try json(CancellationReason.self, try r[17].decode(String?.self)),
            createdAt: try r[18].decode(Date.self), updatedAt: try r[19].decode(Date.self),
            scheduledAt: try r[20].decode(Date?.self), completedAt: try r[21].decode(Date?.self), cancelledAt: try r[22].decode(Date?.self))
    }
}
