import Foundation

/// Seed 001's forgiving normalisation: turns what an integrator sent into values, dropping
/// (never refusing) whatever cannot be used, and naming each dropped field by its request path.
///
/// The strict counterpart is `PatientDraftValidator` (batch): same value rules, but there the
/// first bad field fails the whole request. Here a bad field only loses itself, so one sloppy
/// column in a partner's export never blocks the rest of the patient. Whether what is left is
/// enough (a phone, or full demographics) is the decider's question, not this one's.
public enum UpsertNormalizer {
    /// Longest accepted text per field, as the batch endpoint: longer values are dropped rather
    /// than truncated, because a silently shortened name would match or render wrongly.
    static let maxNameLength = 100
    static let maxTextLength = 2000
    static let maxCommentsLength = 10_000

    public static func normalize(_ d: UpsertDraft, state: OrganizationState, today: CalendarDate) -> NormalizedUpsert {
        var n = Reader(state: state, today: today, dropped: d.droppedFields)
        var out = NormalizedUpsert()

        out.externalId = n.externalId(d.externalId)
        out.firstName = n.text(d.firstName, "first_name", max: maxNameLength)
        out.lastName = n.text(d.lastName, "last_name", max: maxNameLength)
        out.middleName = n.text(d.middleName, "middle_name", max: maxNameLength)
        out.dateOfBirth = n.birthDate(d.dateOfBirth, "date_of_birth")
        out.gender = n.value(d.gender, "gender", LenientEnums.gender)
        out.phoneNumber = n.value(d.phoneNumber, "phone_number", PhoneNumber.normalize)
        out.additionalPhoneNumber = n.value(d.additionalPhoneNumber, "additional_phone_number", PhoneNumber.normalize)
        out.email = n.value(d.email, "email", EmailAddress.normalize)
        out.address = n.text(d.address, "address")
        out.address2 = n.text(d.address2, "address2")
        out.city = n.text(d.city, "city", max: 200)
        out.state = n.value(d.state, "state", LenientEnums.usState)
        out.zip = n.value(d.zip, "zip", normalizeZip)
        out.comments = n.text(d.comments, "comments", max: maxCommentsLength)
        out.workflowStageId = n.reference(d.workflowStageId, "workflow_stage_id", in: state.workflowStages)
        out.assignedUserId = n.reference(d.assignedUserId, "assigned_user_id", in: state.users)
        out.locationId = n.reference(d.locationId, "location_id", in: state.locations)
        out.tags = d.tags.map { n.tags($0) }
        out.referral = d.referral.flatMap { n.referral($0) }
        // Free-form documents: stored and returned as given.
        out.payors = d.payors
        out.customFields = d.customFields
        out.droppedFields = n.dropped
        return out
    }

    /// US ZIP: 12345, 12345-6789, or the nine digits run together / space-separated (→ 12345-6789).
    static func normalizeZip(_ text: String) -> String? {
        let digits = text.filter { $0 != "-" && $0 != " " }
        guard digits.allSatisfy(\.isASCIIDigit) else { return nil }
        let separators = text.count - digits.count
        switch (digits.count, separators) {
        case (5, 0): return digits
        case (9, 0...1): return String(digits.prefix(5)) + "-" + String(digits.suffix(4))
        default: return nil
        }
    }

    /// Collects values and the paths of dropped fields, in request order.
    private struct Reader {
        let state: OrganizationState
        let today: CalendarDate
        var dropped: [String]

        /// Trimmed text; nil, empty and whitespace-only all mean "not supplied" (nothing is dropped).
        static func present(_ value: String?) -> String? {
            guard let text = value?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else { return nil }
            return text
        }

        mutating func text(_ value: String?, _ path: String, max: Int = UpsertNormalizer.maxTextLength) -> String? {
            self.value(value, path) { $0.count <= max ? $0 : nil }
        }

        /// A supplied value through `parse`; when it does not parse, `path` is dropped.
        mutating func value<T>(_ raw: String?, _ path: String, _ parse: (String) -> T?) -> T? {
            guard let text = Self.present(raw) else { return nil }
            guard let parsed = parse(text) else { dropped.append(path); return nil }
            return parsed
        }

        mutating func birthDate(_ raw: String?, _ path: String) -> CalendarDate? {
            let today = self.today
            return value(raw, path) { DateOfBirthParser.parseBirthDate($0, today: today) }
        }

        mutating func anyDate(_ raw: String?, _ path: String) -> CalendarDate? {
            let today = self.today
            return value(raw, path) { DateOfBirthParser.parse($0, century: .nearest(today)) }
        }

        /// An id that must name an entity of this organization: another organization's id, or
        /// text that is no UUID, is dropped.
        mutating func reference<T>(_ raw: String?, _ path: String, in entities: [UUID: T]) -> UUID? {
            value(raw, path) { text in UUID(uuidString: text).flatMap { entities[$0] == nil ? nil : $0 } }
        }

        /// `{type_id, value}`: both needed, the type declared by this organization. An object
        /// with neither says nothing; anything in between is dropped as a whole (`external_id`),
        /// since half an identifier cannot be matched or stored.
        mutating func externalId(_ raw: ExternalIdDraft?) -> ExternalIdValue? {
            guard let raw else { return nil }
            let typeText = Self.present(raw.typeId), valueText = Self.present(raw.value)
            if typeText == nil && valueText == nil { return nil }
            guard let typeText, let valueText, valueText.count <= 200,
                  let typeId = UUID(uuidString: typeText), state.externalIdTypes[typeId] != nil
            else { dropped.append("external_id"); return nil }
            return ExternalIdValue(typeId: typeId, value: valueText)
        }

        /// Trimmed, empties skipped, the first spelling of case-insensitive duplicates kept.
        mutating func tags(_ raw: [String]) -> [String] {
            var names: [String] = []
            for (i, tag) in raw.enumerated() {
                guard let name = text(tag, "tags[\(i)]", max: 100) else { continue }
                if !names.contains(where: { Tag.fold($0) == Tag.fold(name) }) { names.append(name) }
            }
            return names
        }

        /// The referral's usable fields, or nil when none is usable (an empty or all-bad referral
        /// object creates nothing). Its id is a placeholder the decider replaces.
        mutating func referral(_ r: UpsertReferralDraft) -> Referral? {
            var out = Referral(id: UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)))
            out.physicianName = text(r.physicianName, "referral.physician_name", max: 200)
            out.physicianEmail = value(r.physicianEmail, "referral.physician_email", EmailAddress.normalize)
            out.physicianPhone = value(r.physicianPhone, "referral.physician_phone", PhoneNumber.normalize)
            out.physicianFax = value(r.physicianFax, "referral.physician_fax", PhoneNumber.normalize)
            out.physicianGroup = text(r.physicianGroup, "referral.physician_group", max: 200)
            out.physicianNpi = value(r.physicianNpi, "referral.physician_npi") { NPI.isValid($0) ? $0 : nil }
            out.physicianAddress = text(r.physicianAddress, "referral.physician_address")
            out.physicianAddress2 = text(r.physicianAddress2, "referral.physician_address_2")
            out.physicianCity = text(r.physicianCity, "referral.physician_city", max: 200)
            out.physicianZip = text(r.physicianZip, "referral.physician_zip", max: 20)
            for (i, raw) in (r.icdCodes ?? []).enumerated() {
                if let code = value(raw, "referral.icd_codes[\(i)]", ICD10.normalize), !out.icdCodes.contains(code) {
                    out.icdCodes.append(code)
                }
            }
            for (i, raw) in (r.serviceTypes ?? []).enumerated() {
                if let type = value(raw, "referral.service_types[\(i)]", { ServiceType(rawValue: LenientEnums.fold($0, separator: "_")) }),
                   !out.serviceTypes.contains(type) {
                    out.serviceTypes.append(type)
                }
            }
            out.startDate = anyDate(r.startDate, "referral.start_date")
            out.endDate = anyDate(r.endDate, "referral.end_date")
            // An end before the start cannot both be right; the end is the one dropped, since a
            // referral's start is what scheduling and eligibility read first.
            if let start = out.startDate, let end = out.endDate, end < start {
                out.endDate = nil
                dropped.append("referral.end_date")
            }
            out.locationId = reference(r.locationId, "referral.location_id", in: state.locations)
            out.fileId = text(r.fileId, "referral.file_id", max: 200)

            let empty = Referral(id: out.id)
            return out == empty ? nil : out
        }
    }
}
