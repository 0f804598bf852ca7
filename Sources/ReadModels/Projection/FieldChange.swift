import Domain
import EventStore
import Foundation

/// One field of a History entry: which field, what it was, what it became.
public struct FieldChange: Codable, Sendable, Equatable {
    public var field: String
    public var old: String?
    public var new: String?

    public init(field: String, old: String?, new: String?) { self.field = field; self.old = old; self.new = new }

    /// A creation sets every field it carries, from nothing.
    static func creation(_ c: PatientCreated) -> [FieldChange] {
        let p = c.profile
        let fields: [(String, String?)] = [
            ("first_name", p.firstName), ("last_name", p.lastName), ("middle_name", p.middleName),
            ("phone_number", p.phoneNumber), ("additional_phone_number", p.additionalPhoneNumber),
            ("email", p.email), ("date_of_birth", p.dateOfBirth?.description), ("gender", p.gender?.rawValue),
            ("address", p.address), ("address2", p.address2), ("city", p.city), ("state", p.state?.rawValue),
            ("zip", p.zip), ("comments", p.comments), ("workflow_stage_id", p.workflowStageId?.lowercased),
            ("assigned_user_id", p.assignedUserId?.lowercased), ("location_id", p.locationId?.lowercased),
            ("tags", c.tagIds.isEmpty ? nil : c.tagIds.map(\.lowercased).joined(separator: ",")),
            ("referrals", c.referrals.isEmpty ? nil : c.referrals.map(\.id.lowercased).joined(separator: ",")),
            ("external_ids", c.externalIds.isEmpty ? nil : c.externalIds.map { "\($0.typeId.lowercased):\($0.value)" }.joined(separator: ",")),
        ]
        return fields.compactMap { name, value in value.map { FieldChange(field: name, old: nil, new: $0) } }
    }
}
