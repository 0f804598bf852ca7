import Domain
import Foundation
import PostgresNIO

/// Waitlist requests for SPRY's `GET`: one by id, or a filtered, sorted page. A page is read in
/// four statements whatever its size (count, rows with the patient and category joined, the
/// page's invites, its providers' names), each scoped by `organization_id`.
extension ReadModelQueries {
    public func waitlistRequest(org: UUID, id: UUID) async throws -> WaitlistRequestView? {
        var b = PostgresBindings()
        b.append(org)
        b.append(id)
        let rows = try await client.query(PostgresQuery(unsafeSQL: """
            SELECT \(Self.waitlistColumns) FROM \(Self.waitlistJoins) WHERE r.organization_id = $1 AND r.request_id = $2
            """, binds: b), logger: logger)
        var views: [WaitlistRequestView] = []
        for try await row in rows { views.append(try Self.waitlistRequestView(row.makeRandomAccess())) }
        return try await withInvitesAndProviders(views, org: org).first
    }

    /// Sorted by `sort` then request id (stable paging); total = rows matching the filter.
    public func waitlistRequests(org: UUID, filter: WaitlistRequestFilter, sort: WaitlistSortField, descending: Bool,
                                 offset: Int, limit: Int) async throws -> (items: [WaitlistRequestView], total: Int) {
        var conditions = ["r.organization_id = $1"]
        var b = PostgresBindings()
        b.append(org)
        func param<T: PostgresEncodable>(_ value: T) throws -> String { try b.append(value); return "$\(b.count)" }
        if let clinic = filter.clinicId { conditions.append("r.clinic_id = \(try param(clinic))") }
        if let patient = filter.patientId { conditions.append("r.patient_id = \(try param(patient))") }
        if !filter.statuses.isEmpty { conditions.append("r.status = ANY(\(try param(filter.statuses.map(\.rawValue))))") }
        if !filter.priorities.isEmpty { conditions.append("r.priority = ANY(\(try param(filter.priorities)))") }
        if !filter.providerIds.isEmpty { conditions.append("r.preferred_providers && \(try param(filter.providerIds))") }
        if let payment = filter.paymentType { conditions.append("r.payment_type = \(try param(payment.rawValue))") }
        if let start = filter.startDate { conditions.append("r.date_range_end >= \(try param(start.description))::date") }
        if let end = filter.endDate { conditions.append("r.date_range_start <= \(try param(end.description))::date") }
        if !filter.appointmentKinds.isEmpty {
            conditions.append("r.appointment_kind = ANY(\(try param(filter.appointmentKinds.map(\.rawValue))))")
        }
        if !filter.categoryIds.isEmpty { conditions.append("r.category_id = ANY(\(try param(filter.categoryIds)))") }
        let whereSQL = conditions.joined(separator: " AND ")

        var total = 0
        for try await n in try await client.query(PostgresQuery(unsafeSQL: "SELECT count(*) FROM waitlist_requests r WHERE \(whereSQL)", binds: b),
                                                   logger: logger).decode(Int.self) { total = n }
        // The sort's column is one of five written here, never text from a request.
        let direction = descending ? "DESC" : "ASC"
        let pageSQL = """
            SELECT \(Self.waitlistColumns) FROM \(Self.waitlistJoins) WHERE \(whereSQL)
            ORDER BY r.\(sort.rawValue) \(direction), r.request_id \(direction) OFFSET \(try param(offset)) LIMIT \(try param(limit))
            """
        var items: [WaitlistRequestView] = []
        for try await row in try await client.query(PostgresQuery(unsafeSQL: pageSQL, binds: b), logger: logger) {
            items.append(try Self.waitlistRequestView(row.makeRandomAccess()))
        }
        return (try await withInvitesAndProviders(items, org: org), total)
    }

    /// The views with their invites (oldest first) and their providers' names, read for all of
    /// them at once.
    private func withInvitesAndProviders(_ views: [WaitlistRequestView], org: UUID) async throws -> [WaitlistRequestView] {
        guard !views.isEmpty else { return views }
        var invites: [UUID: [WaitlistInviteView]] = [:]
        let rows = try await client.query("""
            SELECT invite_id, request_id, status, provider_id, clinic_id, slot_start, slot_end, group_appointment_id, sent_at,
                expires_at, answered_at, reason::text, ranked_above
            FROM waitlist_invites WHERE organization_id = \(org) AND request_id = ANY(\(views.map(\.request.requestId)))
            ORDER BY sent_at, invite_id
            """, logger: logger)
        for try await row in rows {
            let invite = try Self.waitlistInviteView(row.makeRandomAccess())
            invites[invite.requestId, default: []].append(invite)
        }
        var names: [UUID: String] = [:]
        let providerIds = Array(Set(views.flatMap(\.request.preferredProviders)))
        if !providerIds.isEmpty {
            let named = try await client.query("""
                SELECT id, name FROM practitioners WHERE organization_id = \(org) AND id = ANY(\(providerIds))
                """, logger: logger)
            for try await (id, name) in named.decode((UUID, String).self) { names[id] = name }
        }
        return views.map { view in
            var view = view
            view.invites = invites[view.request.requestId] ?? []
            view.providers = view.request.preferredProviders.map { WaitlistProviderView(id: $0, name: names[$0]) }
            return view
        }
    }

    static let waitlistJoins = """
        waitlist_requests r
        LEFT JOIN patients p ON p.organization_id = r.organization_id AND p.id = r.patient_id
        LEFT JOIN waitlist_categories c ON c.organization_id = r.organization_id AND c.id = r.category_id
        """

    static let waitlistColumns = """
        r.request_id, r.patient_id, r.clinic_id, r.preferred_providers, r.preferred_time_slots, r.preferred_days,
        r.date_range_start::text, r.date_range_end::text, r.category_id, r.appointment_type_id, r.appointment_kind, r.duration_minutes,
        r.payment_type, r.priority, r.notes, r.created_at, r.created_by, r.updated_at, r.updated_by, r.status, r.version,
        r.appointment_id, r.group_appointment_id, r.attendee_id, r.ended_at, r.ended_by, p.first_name, p.last_name, c.label
        """

    /// A row of `waitlistColumns`, without its invites and provider names (`withInvitesAndProviders`).
    /// The projection wrote every enum from its own raw value: one that does not read back is a
    /// schema fault, reported rather than guessed.
    static func waitlistRequestView(_ r: PostgresRandomAccessRow) throws -> WaitlistRequestView {
        func date(_ i: Int) throws -> CalendarDate {
            let text = try r[i].decode(String.self)
            guard let day = CalendarDate(iso: text) else { throw WaitlistRowError(column: i, value: text) }
            return day
        }
        func raw<E: RawRepresentable>(_ type: E.Type, _ i: Int) throws -> E where E.RawValue == String {
            let text = try r[i].decode(String.self)
            guard let value = E(rawValue: text) else { throw WaitlistRowError(column: i, value: text) }
            return value
        }
        func raws<E: RawRepresentable>(_ type: E.Type, _ i: Int) throws -> [E] where E.RawValue == String {
            try r[i].decode([String].self).map { text in
                guard let value = E(rawValue: text) else { throw WaitlistRowError(column: i, value: text) }
                return value
            }
        }
        let request = WaitlistRequest(
            requestId: try r[0].decode(UUID.self), patientId: try r[1].decode(UUID.self), clinicId: try r[2].decode(UUID.self),
            preferredProviders: try r[3].decode([UUID].self), preferredTimeSlots: try raws(PartOfDay.self, 4),
            preferredDays: try raws(Weekday.self, 5), dateRangeStart: try date(6), dateRangeEnd: try date(7),
            categoryId: try r[8].decode(UUID.self), appointmentTypeId: try r[9].decode(UUID.self),
            appointmentKind: try raw(VisitKind.self, 10), durationMinutes: try r[11].decode(Int.self),
            paymentType: try raw(PaymentType.self, 12), priority: try r[13].decode(Int.self), notes: try r[14].decode(String?.self),
            createdAt: try r[15].decode(Date.self), createdBy: try r[16].decode(String.self),
            updatedAt: try r[17].decode(Date.self), updatedBy: try r[18].decode(String.self))
        return WaitlistRequestView(
            request: request, status: try raw(WaitlistStatus.self, 19), version: try r[20].decode(Int64.self),
            patientFirstName: try r[26].decode(String?.self), patientLastName: try r[27].decode(String?.self),
            categoryLabel: try r[28].decode(String?.self), providers: request.preferredProviders.map { WaitlistProviderView(id: $0, name: nil) },
            invites: [], appointmentId: try r[21].decode(UUID?.self), groupAppointmentId: try r[22].decode(UUID?.self),
            attendeeId: try r[23].decode(UUID?.self), endedAt: try r[24].decode(Date?.self), endedBy: try r[25].decode(String?.self))
    }

    static func waitlistInviteView(_ r: PostgresRandomAccessRow) throws -> WaitlistInviteView {
        let statusText = try r[2].decode(String.self)
        guard let status = WaitlistInviteStatus(rawValue: statusText) else { throw WaitlistRowError(column: 2, value: statusText) }
        let reason = try JSONRows.value(WaitlistMatchReason.self, from: try r[11].decode(String.self))
        return WaitlistInviteView(
            inviteId: try r[0].decode(UUID.self), requestId: try r[1].decode(UUID.self), status: status, matchType: reason.matchType,
            slotStart: try r[5].decode(Date.self), slotEnd: try r[6].decode(Date.self), providerId: try r[3].decode(UUID.self),
            clinicId: try r[4].decode(UUID.self), groupAppointmentId: try r[7].decode(UUID?.self), sentAt: try r[8].decode(Date.self),
            expiresAt: try r[9].decode(Date.self), answeredAt: try r[10].decode(Date?.self), reason: reason,
            rankedAbove: try r[12].decode([UUID].self))
    }
}

/// A waitlist row holding a value its type does not know (the column's position and the value:
/// an enum spelling or a date, never PHI).
struct WaitlistRowError: Error, CustomStringConvertible {
    let column: Int
    let value: String
    var description: String { "waitlist read model: column \(column) holds \(value), which its type does not know" }
}
