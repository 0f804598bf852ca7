import Foundation
import PostgresNIO

/// A patient's parts — tags, workflow stage, assignee, referrals, external ids — aggregated as
/// JSON beside its row, so a patient (or a page of them) reads whole in one statement: the
/// upsert's read-back is one round trip, not six.
enum PatientDetails {
    /// Columns to select after `ReadModelQueries.patientColumns` (the row is aliased `p`).
    static let columns = """
        (SELECT coalesce(json_agg(json_build_object('id', t.id, 'name', t.name) ORDER BY lower(t.name)), '[]')
           FROM patient_tags pt JOIN tags t ON t.organization_id = pt.organization_id AND t.id = pt.tag_id
          WHERE pt.organization_id = p.organization_id AND pt.patient_id = p.id)::text AS tags_json,
        (SELECT json_build_object('id', s.id, 'title', s.title, 'order', s."order", 'description', s.description, 'actions', s.actions::text)
           FROM workflow_stages s WHERE s.organization_id = p.organization_id AND s.id = p.workflow_stage_id)::text AS stage_json,
        (SELECT json_build_object('id', u.id, 'name', u.name, 'email', u.email)
           FROM users u WHERE u.organization_id = p.organization_id AND u.id = p.assigned_user_id)::text AS user_json,
        (SELECT coalesce(json_agg(json_build_object(
                    'id', r.id, 'physician_name', r.physician_name, 'physician_email', r.physician_email,
                    'physician_phone', r.physician_phone, 'physician_fax', r.physician_fax, 'physician_group', r.physician_group,
                    'physician_npi', r.physician_npi, 'physician_address', r.physician_address,
                    'physician_address_2', r.physician_address_2, 'physician_city', r.physician_city, 'physician_zip', r.physician_zip,
                    'icd_codes', r.icd_codes, 'service_types', r.service_types, 'start_date', r.start_date::text,
                    'end_date', r.end_date::text, 'location_id', r.location_id, 'file_id', r.file_id,
                    'created_us', \(micros("r.created_at")), 'updated_us', \(micros("r.updated_at"))) ORDER BY r.created_at, r.id), '[]')
           FROM patient_referrals r WHERE r.organization_id = p.organization_id AND r.patient_id = p.id)::text AS referrals_json,
        (SELECT coalesce(json_agg(json_build_object(
                    'value', x.value, 'type_id', t.id, 'type_name', t.name, 'type_created_us', \(micros("t.created_at")),
                    'created_us', \(micros("x.created_at")), 'updated_us', \(micros("x.updated_at"))) ORDER BY t.name), '[]')
           FROM patient_external_ids x JOIN external_id_types t ON t.organization_id = x.organization_id AND t.id = x.type_id
          WHERE x.organization_id = p.organization_id AND x.patient_id = p.id)::text AS external_ids_json
        """

    /// A timestamp as whole microseconds since 2000-01-01, PostgreSQL's own count: `date(_:)` turns
    /// it into the same `Date` postgres-nio decodes from a timestamptz column (JSON would carry a
    /// decimal text, and a rounding there could move a rendered millisecond).
    private static func micros(_ column: String) -> String {
        "((extract(epoch from \(column)) - 946684800) * 1000000)::bigint"
    }

    private static let epoch2000 = Date(timeIntervalSince1970: 946_684_800)
    private static func date(_ micros: Int64) -> Date {
        Date(timeInterval: Double(micros) / Double(1_000_000), since: epoch2000)
    }

    private struct Referral: Decodable {
        var id: UUID
        var physician_name, physician_email, physician_phone, physician_fax, physician_group, physician_npi: String?
        var physician_address, physician_address_2, physician_city, physician_zip: String?
        var icd_codes, service_types: [String]
        var start_date, end_date: String?
        var location_id: UUID?
        var file_id: String?
        var created_us, updated_us: Int64
    }
    private struct ExternalId: Decodable {
        var value: String
        var type_id: UUID
        var type_name: String
        var type_created_us, created_us, updated_us: Int64
    }
    private struct Stage: Decodable {
        var id: UUID
        var title: String
        var order: Int
        var description: String?
        var actions: String
    }

    /// Fills the parts of `view` from its row's detail columns.
    static func fill(_ view: inout PatientView, from r: PostgresRandomAccessRow) throws {
        let json = JSONDecoder()
        func decode<T: Decodable>(_ type: T.Type, _ column: String) throws -> T? {
            try r[column].decode(String?.self).map { try json.decode(T.self, from: Data($0.utf8)) }
        }
        view.tags = try decode([TagCell].self, "tags_json")?.map { TagView(id: $0.id, name: $0.name) } ?? []
        view.workflowStage = try decode(Stage.self, "stage_json").map {
            WorkflowStageView(id: $0.id, title: $0.title, order: $0.order, description: $0.description, actionsJSON: $0.actions)
        }
        view.assignedUser = try decode(UserCell.self, "user_json").map { UserView(id: $0.id, name: $0.name, email: $0.email) }
        view.referrals = try decode([Referral].self, "referrals_json")?.map { x in
            ReferralView(id: x.id, physicianName: x.physician_name, physicianEmail: x.physician_email, physicianPhone: x.physician_phone,
                         physicianFax: x.physician_fax, physicianGroup: x.physician_group, physicianNpi: x.physician_npi,
                         physicianAddress: x.physician_address, physicianAddress2: x.physician_address_2, physicianCity: x.physician_city,
                         physicianZip: x.physician_zip, icdCodes: x.icd_codes, serviceTypes: x.service_types, startDate: x.start_date,
                         endDate: x.end_date, locationId: x.location_id, fileId: x.file_id, createdAt: date(x.created_us),
                         updatedAt: date(x.updated_us))
        } ?? []
        view.externalIds = try decode([ExternalId].self, "external_ids_json")?.map { x in
            ExternalIdView(patientId: view.id, value: x.value,
                           type: ExternalIdTypeView(id: x.type_id, name: x.type_name, createdAt: date(x.type_created_us)),
                           createdAt: date(x.created_us), updatedAt: date(x.updated_us))
        } ?? []
    }

    private struct TagCell: Decodable { var id: UUID; var name: String }
    private struct UserCell: Decodable { var id: UUID; var name: String; var email: String }
}
