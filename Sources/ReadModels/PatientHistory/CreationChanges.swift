import Domain
import EventStore
import Foundation

/// What the History view shows for a creation: every field it set, from nothing.
enum CreationChanges {
    static func of(_ c: PatientCreated) -> [FieldChange] {
        let p = c.profile
        let fields: [(String, String?)] = [
            ("first_name", p.firstName), ("last_name", p.lastName), ("middle_name", p.middleName),
            ("phone_number", p.phoneNumber), ("additional_phone_number", p.additionalPhoneNumber),
            ("email", p.email), ("date_of_birth", p.dateOfBirth?.description), ("gender", p.gender?.rawValue),
            ("address", p.address), ("address2", p.address2), ("city", p.city), ("state", p.state?.rawValue),
            ("zip", p.zip), ("comments", p.comments), ("workflow_stage_id", p.workflowStageId?.lowercased),
            ("assigned_user_id", p.assignedUserId?.lowercased), ("location_id", p.locationId?.lowercased),
        ]
        var out = fields.compactMap { name, value in value.map { FieldChange(field: name, old: .null, new: .string($0)) } }
        if !c.tagIds.isEmpty { out.append(FieldChange(field: "tags", old: .null, new: .array(c.tagIds.map { .id($0) }))) }
        if !c.referrals.isEmpty { out.append(FieldChange(field: "referrals", old: .null, new: .array(c.referrals.map { .id($0.id) }))) }
        for x in c.externalIds {
            out.append(FieldChange(field: "external_id_values.\(x.typeId.lowercased)", old: .null, new: .string(x.value)))
        }
        if let payors = c.payors, !payors.isEmpty { out.append(FieldChange(field: "payors", old: .null, new: .array(payors))) }
        for (key, value) in c.customFields?.objectPairs ?? [] {
            out.append(FieldChange(field: "custom_fields.\(key)", old: .null, new: value))
        }
        return out
    }

    /// A record's fields that hold a value, named and spelled as History names them (so a reviewer
    /// reads `clinicledger patient` and `clinicledger history` alike): its creation's changes, were
    /// it created as it now stands, and when it was first contacted.
    static func fields(of r: PatientRecord) -> [(field: String, value: JSONValue)] {
        let externalIds = r.externalIds.sorted { $0.key.uuidString < $1.key.uuidString }.map { ExternalIdValue(typeId: $0.key, value: $0.value) }
        let asCreated = PatientCreated(patientId: r.id, profile: r.profile, tagIds: r.tagIds, referrals: r.referrals, externalIds: externalIds,
                                       createdFrom: .api, payors: r.payors, customFields: r.customFields)
        let contacted = r.firstCommunicationAt.map { [(field: "first_communication_at", value: JSONValue.string(RFC3339.format($0)))] } ?? []
        return of(asCreated).map { (field: $0.field, value: $0.new) } + contacted
    }
}
