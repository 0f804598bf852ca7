/// The checks of `InputLimits` and `InputScreen` that need no state: characters of every text,
/// list sizes, free-form JSON sizes. They run before any decision (see `Command.checkLimits`). Each check is linear in the input and
/// stops at the first fault. Text lengths are checked where each text is read (the batch
/// validator refuses, the upsert normaliser drops), because they differ per field and per dialect.
extension PatientCommand {
    public func checkLimits() throws(DomainError) {
        switch self {
        case .createPatientsBatch(let c): try c.checkLimits()
        case .upsertPatient(let c): try c.draft.checkLimits()
        case .recordCommunication(let c): try c.checkLimits()
        case .mergePatients, .markNotDuplicate: return  // two ids, nothing to screen
        }
    }
}

extension RecordCommunication {
    public func checkLimits() throws(DomainError) {
        try InputScreen.text(summary, field: "summary")
    }
}

extension CreatePatientsBatch {
    public func checkLimits() throws(DomainError) {
        try InputScreen.count(items.count, max: InputLimits.batchItems, field: "items")
        for (i, item) in items.enumerated() { try item.checkLimits(prefix: "items[\(i)]") }
    }
}

extension PatientDraft {
    func checkLimits(prefix: String) throws(DomainError) {
        for (field, value) in texts { try InputScreen.text(value, field: "\(prefix).\(field)") }
        try InputScreen.count(tags?.count ?? 0, max: InputLimits.tags, field: "\(prefix).tags")
        try InputScreen.texts(tags, field: "\(prefix).tags")
        guard let r = referral else { return }
        for (field, value) in r.texts { try InputScreen.text(value, field: "\(prefix).referral.\(field)") }
        try referralLists(icdCodes: r.icdCodes, serviceTypes: r.serviceTypes, prefix: "\(prefix).referral")
    }

    /// The item's single texts by request field.
    private var texts: KeyValuePairs<String, String?> {
        ["first_name": firstName, "last_name": lastName, "middle_name": middleName, "phone_number": phoneNumber,
         "additional_phone_number": additionalPhoneNumber, "email": email, "date_of_birth": dateOfBirth, "gender": gender,
         "address": address, "address2": address2, "city": city, "state": state, "zip": zip, "external_id": externalId,
         "comments": comments, "workflow_stage_id": workflowStageId, "assigned_user_id": assignedUserId]
    }
}

extension ReferralDraft {
    fileprivate var texts: KeyValuePairs<String, String?> {
        ["physician_name": physicianName, "physician_email": physicianEmail, "physician_phone": physicianPhone,
         "physician_fax": physicianFax, "physician_group": physicianGroup, "physician_npi": physicianNpi,
         "start_date": startDate, "end_date": endDate, "location_id": locationId]
    }
}

extension UpsertDraft {
    /// Seed 001's forgiving upsert drops what it cannot use, but hostile or oversized input is
    /// refused: a forbidden character anywhere, a list over its cap (dropping part of a list
    /// would store a different list than the client sent), a payor or custom field over its size.
    public func checkLimits() throws(DomainError) {
        for (field, value) in texts { try InputScreen.text(value, field: field) }
        try InputScreen.text(externalId?.typeId, field: "external_id.type_id")
        try InputScreen.text(externalId?.value, field: "external_id.value")
        try InputScreen.count(tags?.count ?? 0, max: InputLimits.tags, field: "tags")
        try InputScreen.texts(tags, field: "tags")
        if let r = referral {
            for (field, value) in r.texts { try InputScreen.text(value, field: "referral.\(field)") }
            try referralLists(icdCodes: r.icdCodes, serviceTypes: r.serviceTypes, prefix: "referral")
        }
        if let payors {
            try InputScreen.count(payors.count, max: InputLimits.payors, field: "payors")
            for (i, payor) in payors.enumerated() {
                try InputScreen.document(payor, field: "payors[\(i)]", maxBytes: InputLimits.payorBytes)
            }
            try InputScreen.size(.array(payors), field: "payors", maxBytes: InputLimits.payorsBytes)
        }
        if let customFields { try Self.checkCustomFields(customFields) }
    }

    /// A custom_fields object: its key count, each key, each value, and the whole.
    static func checkCustomFields(_ fields: JSONValue) throws(DomainError) {
        let pairs = fields.objectPairs ?? []
        try InputScreen.count(pairs.count, max: InputLimits.customFieldKeys, field: "custom_fields")
        for (key, value) in pairs {
            let field = "custom_fields.\(key)"
            try InputScreen.text(key, field: field)
            guard InputLimits.length(key) <= InputLimits.customFieldKey else {
                throw DomainError(.valueTooLong, "a custom_fields key is longer than \(InputLimits.customFieldKey) characters", field: field)
            }
            try InputScreen.document(value, field: field, maxBytes: InputLimits.customFieldValueBytes)
        }
        try InputScreen.size(fields, field: "custom_fields", maxBytes: InputLimits.customFieldsBytes)
    }

    private var texts: KeyValuePairs<String, String?> {
        ["first_name": firstName, "last_name": lastName, "middle_name": middleName, "date_of_birth": dateOfBirth,
         "gender": gender, "phone_number": phoneNumber, "additional_phone_number": additionalPhoneNumber, "email": email,
         "address": address, "address2": address2, "city": city, "state": state, "zip": zip, "comments": comments,
         "workflow_stage_id": workflowStageId, "assigned_user_id": assignedUserId, "location_id": locationId]
    }
}

extension UpsertReferralDraft {
    fileprivate var texts: KeyValuePairs<String, String?> {
        ["physician_name": physicianName, "physician_email": physicianEmail, "physician_phone": physicianPhone,
         "physician_fax": physicianFax, "physician_group": physicianGroup, "physician_npi": physicianNpi,
         "physician_address": physicianAddress, "physician_address_2": physicianAddress2, "physician_city": physicianCity,
         "physician_zip": physicianZip, "start_date": startDate, "end_date": endDate, "location_id": locationId, "file_id": fileId]
    }
}

/// A referral's two lists, the same in batch and upsert.
private func referralLists(icdCodes: [String]?, serviceTypes: [String]?, prefix: String) throws(DomainError) {
    try InputScreen.count(icdCodes?.count ?? 0, max: InputLimits.icdCodes, field: "\(prefix).icd_codes")
    try InputScreen.texts(icdCodes, field: "\(prefix).icd_codes")
    try InputScreen.count(serviceTypes?.count ?? 0, max: InputLimits.serviceTypes, field: "\(prefix).service_types")
    try InputScreen.texts(serviceTypes, field: "\(prefix).service_types")
}
