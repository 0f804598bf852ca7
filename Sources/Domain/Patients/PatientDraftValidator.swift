import Foundation

/// Strict validation of one batch item: every field is checked and normalised, the first
/// failure is reported with its full path.
struct PatientDraftValidator {
    struct Valid {
        var profile: PatientProfile
        var externalId: String?
        var tagNames: [String]
        /// The referral with a placeholder id; the decider mints the real one.
        var referral: Referral?
    }

    let prefix: String
    let reference: ReferenceDataState
    let today: CalendarDate

    func validate(_ d: PatientDraft) throws(DomainError) -> Valid {
        var p = PatientProfile(
            firstName: try required(d.firstName, "first_name", max: InputLimits.name),
            lastName: try required(d.lastName, "last_name", max: InputLimits.name))
        p.middleName = try optional(d.middleName, "middle_name", max: InputLimits.name)
        p.phoneNumber = try phone(d.phoneNumber, "phone_number")
        p.additionalPhoneNumber = try phone(d.additionalPhoneNumber, "additional_phone_number")
        p.email = try email(d.email, "email")
        p.dateOfBirth = try birthDate(d.dateOfBirth, "date_of_birth")
        p.gender = try enumValue(d.gender, "gender", Gender.self)
        p.address = try optional(d.address, "address", max: InputLimits.addressLine)
        p.address2 = try optional(d.address2, "address2", max: InputLimits.addressLine)
        p.city = try optional(d.city, "city", max: InputLimits.city)
        p.state = try enumValue(d.state, "state", USState.self)
        p.zip = try zip(d.zip, "zip")
        p.comments = try optional(d.comments, "comments", max: InputLimits.comments)
        p.workflowStageId = try reference(d.workflowStageId, "workflow_stage_id", in: reference.workflowStages)
        p.assignedUserId = try reference(d.assignedUserId, "assigned_user_id", in: reference.users)

        let externalId = try optional(d.externalId, "external_id", max: InputLimits.externalId)

        var tagNames: [String] = []
        var seenTags = Set<String>()
        for (i, raw) in (d.tags ?? []).enumerated() {
            let name = try required(raw, "tags[\(i)]", max: InputLimits.tagName)
            if seenTags.insert(NameKey.of(name)).inserted { tagNames.append(name) }
        }

        // An empty referral object (`"referral": {}`) says nothing: no referral is created.
        let referral = try d.referral.flatMap { r throws(DomainError) in r == ReferralDraft() ? nil : try validateReferral(r) }
        return Valid(profile: p, externalId: externalId, tagNames: tagNames, referral: referral)
    }

    private func validateReferral(_ r: ReferralDraft) throws(DomainError) -> Referral {
        var out = Referral(id: UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)))
        out.physicianName = try optional(r.physicianName, "referral.physician_name", max: InputLimits.physicianText)
        out.physicianEmail = try email(r.physicianEmail, "referral.physician_email")
        out.physicianPhone = try phone(r.physicianPhone, "referral.physician_phone")
        out.physicianFax = try phone(r.physicianFax, "referral.physician_fax")
        out.physicianGroup = try optional(r.physicianGroup, "referral.physician_group", max: InputLimits.physicianText)
        if let npi = try optional(r.physicianNpi, "referral.physician_npi", max: InputLimits.code) {
            guard NPI.isValid(npi) else {
                throw invalid("referral.physician_npi", "must be a 10-digit National Provider Identifier with a valid check digit")
            }
            out.physicianNpi = npi
        }
        for (i, raw) in (r.icdCodes ?? []).enumerated() {
            let field = "referral.icd_codes[\(i)]"
            guard let code = ICD10.normalize(raw) else { throw invalid(field, "must be an ICD-10 code such as M54.5") }
            out.icdCodes.append(code)
        }
        for (i, raw) in (r.serviceTypes ?? []).enumerated() {
            guard let type = try enumValue(raw, "referral.service_types[\(i)]", ServiceType.self) else {
                throw DomainError(.missingField, "\(prefix).referral.service_types[\(i)] is empty", field: "\(prefix).referral.service_types[\(i)]")
            }
            // At most 31 distinct values: the scan stays short.
            if !out.serviceTypes.contains(type) { out.serviceTypes.append(type) }
        }
        out.startDate = try isoDate(r.startDate, "referral.start_date")
        out.endDate = try isoDate(r.endDate, "referral.end_date")
        if let start = out.startDate, let end = out.endDate, end < start {
            throw invalid("referral.end_date", "must not be before referral.start_date")
        }
        out.locationId = try reference(r.locationId, "referral.location_id", in: reference.locations)
        return out
    }

    // MARK: field rules

    private func path(_ field: String) -> String { "\(prefix).\(field)" }

    private func invalid(_ field: String, _ why: String) -> DomainError {
        DomainError(.invalidValue, "\(path(field)) \(why)", field: path(field))
    }

    private func required(_ value: String?, _ field: String, max: Int) throws(DomainError) -> String {
        guard let text = try optional(value, field, max: max) else {
            throw DomainError(.missingField, "\(path(field)) is required", field: path(field))
        }
        return text
    }

    /// Trimmed text; empty counts as absent. Parsed values (phones, dates, codes) default to the short limit.
    private func optional(_ value: String?, _ field: String, max: Int = InputLimits.code) throws(DomainError) -> String? {
        guard let text = value?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else { return nil }
        guard InputLimits.length(text) <= max else { throw InputScreen.tooLong(path(field), max: max) }
        return text
    }

    private func phone(_ value: String?, _ field: String) throws(DomainError) -> String? {
        guard let text = try optional(value, field) else { return nil }
        guard let e164 = PhoneNumber.normalize(text) else {
            throw invalid(field, "is not a valid phone number (expected a US number or E.164, e.g. +12125550123)")
        }
        return e164
    }

    private func email(_ value: String?, _ field: String) throws(DomainError) -> String? {
        guard let text = try optional(value, field, max: InputLimits.email) else { return nil }
        guard let normalized = EmailAddress.normalize(text) else { throw invalid(field, "is not a valid e-mail address") }
        return normalized
    }

    private func isoDate(_ value: String?, _ field: String) throws(DomainError) -> CalendarDate? {
        guard let text = try optional(value, field) else { return nil }
        guard let date = CalendarDate(iso: text) else { throw invalid(field, "must be a real date in YYYY-MM-DD form") }
        return date
    }

    private func birthDate(_ value: String?, _ field: String) throws(DomainError) -> CalendarDate? {
        guard let date = try isoDate(value, field) else { return nil }
        guard date >= CalendarDate.earliestBirthDate, date <= today else {
            throw invalid(field, "must lie between 1900-01-01 and today")
        }
        return date
    }

    private func enumValue<E: RawRepresentable & CaseIterable>(_ value: String?, _ field: String, _: E.Type) throws(DomainError) -> E?
    where E.RawValue == String {
        guard let text = try optional(value, field) else { return nil }
        guard let v = E(rawValue: text) else {
            let allowed = E.allCases.map(\.rawValue)
            let shown = allowed.count > 12 ? allowed.prefix(12).joined(separator: ", ") + ", …" : allowed.joined(separator: ", ")
            throw invalid(field, "must be one of: \(shown)")
        }
        return v
    }

    private func zip(_ value: String?, _ field: String) throws(DomainError) -> String? {
        guard let text = try optional(value, field) else { return nil }
        guard let zip = ZipCode.normalize(text) else { throw invalid(field, "must be a US ZIP code (12345 or 12345-6789)") }
        return zip
    }

    /// An id that must name an entity of the caller's organization.
    private func reference<T>(_ value: String?, _ field: String, in entities: [UUID: T]) throws(DomainError) -> UUID? {
        guard let text = try optional(value, field) else { return nil }
        guard let id = UUID(uuidString: text), entities[id] != nil else {
            throw DomainError(.unknownReference, "\(path(field)) does not name a known entity of this organization", field: path(field))
        }
        return id
    }
}
