import Domain
import Foundation

/// Reads seed 001's forgiving body: unknown fields are ignored and a value of the wrong JSON type
/// is dropped (named in `droppedFields`), never a decoding error. Only a body that is not a JSON
/// object at all is refused.
enum UpsertRequestReader {
    static func read(_ body: JSONValue) throws -> UpsertDraft {
        guard case .object = body else {
            throw SolumError.invalid("invalid_json", "the request body must be a JSON object", param: nil)
        }
        var reader = Reader(dropped: [])
        var d = UpsertDraft()
        d.firstName = reader.string(body, "first_name")
        d.lastName = reader.string(body, "last_name")
        d.middleName = reader.string(body, "middle_name")
        d.dateOfBirth = reader.string(body, "date_of_birth")
        d.gender = reader.string(body, "gender")
        d.phoneNumber = reader.string(body, "phone_number")
        d.additionalPhoneNumber = reader.string(body, "additional_phone_number")
        d.email = reader.string(body, "email")
        d.address = reader.string(body, "address")
        d.address2 = reader.string(body, "address2")
        d.city = reader.string(body, "city")
        d.state = reader.string(body, "state")
        d.zip = reader.string(body, "zip")
        d.comments = reader.string(body, "comments")
        d.workflowStageId = reader.string(body, "workflow_stage_id")
        d.assignedUserId = reader.string(body, "assigned_user_id")
        d.locationId = reader.string(body, "location_id")
        d.tags = reader.strings(body, "tags")
        if let x = reader.object(body, "external_id") {
            var inner = Reader(dropped: [])
            let typeId = inner.string(x, "type_id"), value = inner.string(x, "value")
            if inner.dropped.isEmpty { d.externalId = ExternalIdDraft(typeId: typeId, value: value) } else { reader.dropped.append("external_id") }
        }
        if let r = reader.object(body, "referral") {
            var ref = UpsertReferralDraft()
            reader.prefix = "referral."
            ref.physicianName = reader.string(r, "physician_name")
            ref.physicianEmail = reader.string(r, "physician_email")
            ref.physicianPhone = reader.string(r, "physician_phone")
            ref.physicianFax = reader.string(r, "physician_fax")
            ref.physicianGroup = reader.string(r, "physician_group")
            ref.physicianNpi = reader.string(r, "physician_npi")
            ref.physicianAddress = reader.string(r, "physician_address")
            ref.physicianAddress2 = reader.string(r, "physician_address_2")
            ref.physicianCity = reader.string(r, "physician_city")
            ref.physicianZip = reader.string(r, "physician_zip")
            ref.icdCodes = reader.strings(r, "icd_codes")
            ref.serviceTypes = reader.strings(r, "service_types")
            ref.startDate = reader.string(r, "start_date")
            ref.endDate = reader.string(r, "end_date")
            ref.locationId = reader.string(r, "location_id")
            ref.fileId = reader.string(r, "file_id")
            reader.prefix = ""
            d.referral = ref
        }
        if let payors = reader.array(body, "payors") {
            d.payors = payors.enumerated().compactMap { i, p in
                if case .object = p { return p }
                reader.dropped.append("payors[\(i)]")
                return nil
            }
        }
        d.customFields = reader.object(body, "custom_fields")
        d.droppedFields = reader.dropped
        return d
    }

    private struct Reader {
        var dropped: [String]
        var prefix = ""

        /// A string, or nil when absent/null; any other type is dropped.
        mutating func string(_ object: JSONValue, _ key: String) -> String? {
            switch object[key] {
            case nil, .null?: return nil
            case .string(let s)?: return s
            default: dropped.append(prefix + key); return nil
            }
        }

        mutating func strings(_ object: JSONValue, _ key: String) -> [String]? {
            guard let items = array(object, key) else { return nil }
            return items.enumerated().compactMap { i, item in
                if case .string(let s) = item { return s }
                if item != .null { dropped.append("\(prefix)\(key)[\(i)]") }
                return nil
            }
        }

        mutating func array(_ object: JSONValue, _ key: String) -> [JSONValue]? {
            switch object[key] {
            case nil, .null?: return nil
            case .array(let a)?: return a
            default: dropped.append(prefix + key); return nil
            }
        }

        mutating func object(_ object: JSONValue, _ key: String) -> JSONValue? {
            switch object[key] {
            case nil, .null?: return nil
            case let value? where value.objectPairs != nil: return value
            default: dropped.append(prefix + key); return nil
            }
        }
    }
}
