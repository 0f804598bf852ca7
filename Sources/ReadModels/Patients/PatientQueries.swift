import Foundation
import Logging
import PostgresNIO

/// Filters of `GET /v1/patients` (Solum): all ANDed; within one filter, any value matches.
public struct PatientFilter: Sendable {
    public var workflowStageIds: [UUID] = []
    /// Tag ids or names (names compare case-insensitively).
    public var tags: [String] = []
    public var states: [String] = []
    public var locationIds: [UUID] = []
    public var createdFrom: [String] = []
    public init() {}
}

extension ReadModelQueries {
    static let patientColumns = """
        p.id, p.organization_id, p.created_at, p.updated_at, p.first_name, p.last_name, p.middle_name, p.phone_number,
        p.additional_phone_number, p.email, p.date_of_birth::text AS date_of_birth, p.gender, p.address, p.address2, p.city,
        p.state, p.zip, p.comments, p.workflow_stage_id, p.assigned_user_id, p.location_id, p.created_from, p.active,
        p.version, p.first_communication_at, p.custom_fields::text AS custom_fields, p.payors::text AS payors, p.merged_into
        """

    public func patient(org: UUID, id: UUID) async throws -> PatientView? {
        let rows = try await client.query(PostgresQuery(unsafeSQL: """
            SELECT \(Self.patientColumns), \(PatientDetails.columns) FROM patients p WHERE p.organization_id = $1 AND p.id = $2
            """, binds: try binds(org, id)), logger: logger)
        for try await row in rows { return try Self.wholePatient(row.makeRandomAccess()) }
        return nil
    }

    /// A page of patients, oldest first, and how many match in all. Patients merged into another
    /// are not listed: the survivor stands for them.
    public func patients(org: UUID, filter: PatientFilter, skip: Int, limit: Int) async throws -> (items: [PatientView], total: Int) {
        var conditions = ["p.organization_id = $1", "p.merged_into IS NULL"]
        var b = PostgresBindings()
        b.append(org)
        func param<T: PostgresEncodable>(_ value: T) throws -> String { try b.append(value); return "$\(b.count)" }
        if !filter.workflowStageIds.isEmpty { conditions.append("p.workflow_stage_id = ANY(\(try param(filter.workflowStageIds)))") }
        if !filter.states.isEmpty { conditions.append("p.state = ANY(\(try param(filter.states)))") }
        if !filter.locationIds.isEmpty { conditions.append("p.location_id = ANY(\(try param(filter.locationIds)))") }
        if !filter.createdFrom.isEmpty { conditions.append("p.created_from = ANY(\(try param(filter.createdFrom)))") }
        if !filter.tags.isEmpty {
            let ids = filter.tags.compactMap(UUID.init(uuidString:))
            let names = filter.tags.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            conditions.append("""
                EXISTS (SELECT 1 FROM patient_tags pt JOIN tags t ON t.organization_id = pt.organization_id AND t.id = pt.tag_id
                        WHERE pt.organization_id = p.organization_id AND pt.patient_id = p.id
                          AND (t.id = ANY(\(try param(ids))) OR lower(t.name) = ANY(\(try param(names)))))
                """)
        }
        let whereSQL = conditions.joined(separator: " AND ")
        var total = 0
        let countRows = try await client.query(PostgresQuery(unsafeSQL: "SELECT count(*) FROM patients p WHERE \(whereSQL)", binds: b), logger: logger)
        for try await n in countRows.decode(Int.self) { total = n }
        let pageSQL = """
            SELECT \(Self.patientColumns), \(PatientDetails.columns) FROM patients p WHERE \(whereSQL)
            ORDER BY p.created_at, p.created_offset, p.id OFFSET \(try param(skip)) LIMIT \(try param(limit))
            """
        var items: [PatientView] = []
        for try await row in try await client.query(PostgresQuery(unsafeSQL: pageSQL, binds: b), logger: logger) {
            items.append(try Self.wholePatient(row.makeRandomAccess()))
        }
        return (items, total)
    }

    /// The survivor a merged patient's reads redirect to; nil for a live (or unknown) patient.
    public func survivor(org: UUID, of id: UUID) async throws -> UUID? {
        let rows = try await client.query("SELECT merged_into FROM patients WHERE organization_id = \(org) AND id = \(id)", logger: logger)
        for try await survivor in rows.decode(UUID?.self) { return survivor }
        return nil
    }

    public func patientExists(org: UUID, id: UUID) async throws -> Bool {
        let rows = try await client.query("SELECT 1 FROM patients WHERE organization_id = \(org) AND id = \(id)", logger: logger)
        for try await _ in rows { return true }
        return false
    }

    private func binds(_ values: UUID...) throws -> PostgresBindings {
        var b = PostgresBindings()
        for v in values { b.append(v) }
        return b
    }

    static func patientView(_ r: PostgresRandomAccessRow) throws -> PatientView {
        PatientView(
            id: try r["id"].decode(UUID.self), organizationId: try r["organization_id"].decode(UUID.self),
            createdAt: try r["created_at"].decode(Date.self), updatedAt: try r["updated_at"].decode(Date.self),
            firstName: try r["first_name"].decode(String?.self), lastName: try r["last_name"].decode(String?.self),
            middleName: try r["middle_name"].decode(String?.self), phoneNumber: try r["phone_number"].decode(String?.self),
            additionalPhoneNumber: try r["additional_phone_number"].decode(String?.self), email: try r["email"].decode(String?.self),
            dateOfBirth: try r["date_of_birth"].decode(String?.self), gender: try r["gender"].decode(String?.self),
            address: try r["address"].decode(String?.self), address2: try r["address2"].decode(String?.self),
            city: try r["city"].decode(String?.self), state: try r["state"].decode(String?.self), zip: try r["zip"].decode(String?.self),
            comments: try r["comments"].decode(String?.self), workflowStageId: try r["workflow_stage_id"].decode(UUID?.self),
            assignedUserId: try r["assigned_user_id"].decode(UUID?.self), locationId: try r["location_id"].decode(UUID?.self),
            createdFrom: try r["created_from"].decode(String.self), active: try r["active"].decode(Bool.self),
            version: try r["version"].decode(Int.self), firstCommunicationAt: try r["first_communication_at"].decode(Date?.self),
            customFieldsJSON: try r["custom_fields"].decode(String.self), payorsJSON: try r["payors"].decode(String.self),
            mergedInto: try r["merged_into"].decode(UUID?.self))
    }

    /// A row read with `PatientDetails.columns`: the patient and its parts.
    static func wholePatient(_ r: PostgresRandomAccessRow) throws -> PatientView {
        var view = try patientView(r)
        try PatientDetails.fill(&view, from: r)
        return view
    }
}
