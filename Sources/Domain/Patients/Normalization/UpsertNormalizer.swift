import Foundation

/// Seed 001's forgiving normalisation: turns what an integrator sent into values, dropping
/// (never refusing) whatever cannot be used, and naming each dropped field by its request path.
///
/// The strict counterpart is `PatientDraftValidator` (batch): same value rules, but there the
/// first bad field fails the whole request. Here a bad field only loses itself, so one sloppy
/// column in a partner's export never blocks the rest of the patient. Whether what is left is
/// enough (a phone, or full demographics) is the decider's question, not this one's.
///
/// Text longer than its `InputLimits` length is dropped rather than truncated, because a silently
/// shortened name would match or render wrongly. Hostile or oversized input — a forbidden
/// character, a list over its cap — is not a format variation: `UpsertDraft.checkLimits` refuses
/// it before normalisation.
public enum UpsertNormalizer {
    public static func normalize(_ d: UpsertDraft, reference: ReferenceDataState, today: CalendarDate) -> NormalizedUpsert {
        var n = Reader(reference: reference, today: today, dropped: d.droppedFields)
        var out = NormalizedUpsert()

        out.externalId = n.externalId(d.externalId)
        out.firstName = n.text(d.firstName, "first_name", max: InputLimits.name)
        out.lastName = n.text(d.lastName, "last_name", max: InputLimits.name)
        out.middleName = n.text(d.middleName, "middle_name", max: InputLimits.name)
        out.dateOfBirth = n.birthDate(d.dateOfBirth, "date_of_birth")
        out.gender = n.value(d.gender, "gender", LenientEnums.gender)
        out.phoneNumber = n.value(d.phoneNumber, "phone_number", PhoneNumber.normalize)
        out.additionalPhoneNumber = n.value(d.additionalPhoneNumber, "additional_phone_number", PhoneNumber.normalize)
        out.email = n.value(d.email, "email", max: InputLimits.email, EmailAddress.normalize)
        out.address = n.text(d.address, "address", max: InputLimits.addressLine)
        out.address2 = n.text(d.address2, "address2", max: InputLimits.addressLine)
        out.city = n.text(d.city, "city", max: InputLimits.city)
        out.state = n.value(d.state, "state", LenientEnums.usState)
        out.zip = n.value(d.zip, "zip", ZipCode.normalize)
        out.comments = n.text(d.comments, "comments", max: InputLimits.comments)
        out.workflowStageId = n.reference(d.workflowStageId, "workflow_stage_id", in: reference.workflowStages)
        out.assignedUserId = n.reference(d.assignedUserId, "assigned_user_id", in: reference.users)
        out.locationId = n.reference(d.locationId, "location_id", in: reference.locations)
        out.tags = d.tags.map { n.tags($0) }
        out.referral = d.referral.flatMap { n.referral($0) }
        // Free-form documents: stored and returned as given.
        out.payors = d.payors
        out.customFields = d.customFields
        out.droppedFields = n.dropped
        return out
    }

    /// Collects values and the paths of dropped fields, in request order.
    private struct Reader {
        let reference: ReferenceDataState
        let today: CalendarDate
        var dropped: [String]

        /// Trimmed text; nil, empty and whitespace-only all mean "not supplied" (nothing is dropped).
        static func present(_ value: String?) -> String? {
            guard let text = value?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else { return nil }
            return text
        }

        mutating func text(_ value: String?, _ path: String, max: Int) -> String? {
            self.value(value, path, max: max) { $0 }
        }

        /// A supplied value through `parse`; when it is longer than `max` characters or does not
        /// parse, `path` is dropped. Values that are parsed (phones, dates, codes) are short.
        mutating func value<T>(_ raw: String?, _ path: String, max: Int = InputLimits.code, _ parse: (String) -> T?) -> T? {
            guard let text = Self.present(raw) else { return nil }
            guard InputLimits.length(text) <= max, let parsed = parse(text) else { dropped.append(path); return nil }
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
            guard let typeText, let valueText, InputLimits.length(valueText) <= InputLimits.externalId,
                  let typeId = UUID(uuidString: typeText), reference.externalIdTypes[typeId] != nil
            else { dropped.append("external_id"); return nil }
            return ExternalIdValue(typeId: typeId, value: valueText)
        }

        /// Trimmed, empties skipped, the first spelling of case-insensitive duplicates kept.
        mutating func tags(_ raw: [String]) -> [String] {
            var names: [String] = []
            var seen = Set<String>()
            for (i, tag) in raw.enumerated() {
                guard let name = text(tag, "tags[\(i)]", max: InputLimits.tagName) else { continue }
                if seen.insert(NameKey.of(name)).inserted { names.append(name) }
            }
            return names
        }

        /// The referral's usable fields, or nil when none is usable (an empty or all-bad referral
        /// object creates nothing). Its id is a placeholder the decider replaces.
        mutating func referral(_ r: UpsertReferralDraft) -> Referral? {
            var out = Referral(id: UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)))
            out.physicianName = text(r.physicianName, "referral.physician_name", max: InputLimits.physicianText)
            out.physicianEmail = value(r.physicianEmail, "referral.physician_email", max: InputLimits.email, EmailAddress.normalize)
            out.physicianPhone = value(r.physicianPhone, "referral.physician_phone", PhoneNumber.normalize)
            out.physicianFax = value(r.physicianFax, "referral.physician_fax", PhoneNumber.normalize)
            out.physicianGroup = text(r.physicianGroup, "referral.physician_group", max: InputLimits.physicianText)
            out.physicianNpi = value(r.physicianNpi, "referral.physician_npi") { NPI.isValid($0) ? $0 : nil }
            out.physicianAddress = text(r.physicianAddress, "referral.physician_address", max: InputLimits.addressLine)
            out.physicianAddress2 = text(r.physicianAddress2, "referral.physician_address_2", max: InputLimits.addressLine)
            out.physicianCity = text(r.physicianCity, "referral.physician_city", max: InputLimits.city)
            out.physicianZip = text(r.physicianZip, "referral.physician_zip", max: InputLimits.physicianZip)
            var seenCodes = Set<String>()
            for (i, raw) in (r.icdCodes ?? []).enumerated() {
                if let code = value(raw, "referral.icd_codes[\(i)]", ICD10.normalize), seenCodes.insert(code).inserted {
                    out.icdCodes.append(code)
                }
            }
            // At most 31 distinct values: the scan stays short.
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
            out.locationId = reference(r.locationId, "referral.location_id", in: reference.locations)
            out.fileId = text(r.fileId, "referral.file_id", max: InputLimits.physicianText)

            let empty = Referral(id: out.id)
            return out == empty ? nil : out
        }
    }
}
