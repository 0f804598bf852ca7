import Foundation

/// The organization's own commands: its creation, its API keys and its reference data.
public enum OrganizationCommand: Sendable, Equatable {
    case createOrganization(CreateOrganization)
    case issueApiKey(IssueApiKey)
    case applyReferenceData(ReferenceDataDeclaration)
    /// Adopt estimated match weights (`clinicledger matching estimate`).
    case adoptMatchWeights(MatchWeightsAdopted)

    public func checkLimits() throws(DomainError) {
        switch self {
        case .createOrganization(let c): try c.checkLimits()
        case .issueApiKey: return
        case .adoptMatchWeights(let c): try c.checkLimits()
        case .applyReferenceData(let c): try c.checkLimits()
        }
    }
}

/// Create the tenant and its first API key (the key itself is generated and hashed outside the domain).
public struct CreateOrganization: Sendable, Equatable {
    public var name: String
    public var apiKeyHash: String
    public var apiKeyPrefix: String
    public init(name: String, apiKeyHash: String, apiKeyPrefix: String) {
        self.name = name; self.apiKeyHash = apiKeyHash; self.apiKeyPrefix = apiKeyPrefix
    }
}

/// Issue another API key to an existing organization (the key itself is generated outside the domain).
public struct IssueApiKey: Sendable, Equatable {
    public var apiKeyHash: String
    public var apiKeyPrefix: String
    public init(apiKeyHash: String, apiKeyPrefix: String) { self.apiKeyHash = apiKeyHash; self.apiKeyPrefix = apiKeyPrefix }
}

extension MatchWeightsAdopted {
    /// Probabilities in (0, 1], thresholds ordered, every level of every field present.
    public func checkLimits() throws(DomainError) {
        let w = weights
        try InputScreen.text(w.version, field: "weights.version")
        guard !w.version.isEmpty else { throw DomainError(.invalidValue, "weights.version is empty", field: "weights.version") }
        let open = { (x: Double) in x > 0 && x <= 1 }
        guard open(w.prior), w.prior < 1 else { throw DomainError(.invalidValue, "weights.prior must lie in (0, 1)", field: "weights.prior") }
        guard open(w.reviewThreshold), open(w.automaticThreshold), w.reviewThreshold <= w.automaticThreshold else {
            throw DomainError(.invalidValue, "thresholds must lie in (0, 1], review ≤ automatic", field: "weights.automatic_threshold")
        }
        for field in MatchField.allCases {
            for level in field.levels {
                guard let p = w.fields[field]?[level], open(p.m), open(p.u) else {
                    throw DomainError(.invalidValue, "weights.fields.\(field.rawValue).\(level.rawValue) needs m and u in (0, 1]",
                                      field: "weights.fields.\(field.rawValue)")
                }
            }
        }
    }
}

extension CreateOrganization {
    public func checkLimits() throws(DomainError) {
        try InputScreen.text(name, field: "name")
    }
}

extension ReferenceDataDeclaration {
    public func checkLimits() throws(DomainError) {
        try InputScreen.count(locations.count, max: InputLimits.referenceDataEntries, field: "locations")
        try InputScreen.count(workflowStages.count, max: InputLimits.referenceDataEntries, field: "workflow_stages")
        try InputScreen.count(users.count, max: InputLimits.referenceDataEntries, field: "users")
        try InputScreen.count(externalIdTypes.count, max: InputLimits.referenceDataEntries, field: "external_id_types")
        for (i, l) in locations.enumerated() {
            try InputScreen.text(l.name, field: "locations[\(i)].name")
            try InputScreen.text(l.address, field: "locations[\(i)].address")
            try InputScreen.text(l.timezone, field: "locations[\(i)].timezone")
        }
        for (i, s) in workflowStages.enumerated() {
            try InputScreen.text(s.title, field: "workflow_stages[\(i)].title")
            try InputScreen.text(s.description, field: "workflow_stages[\(i)].description")
            try InputScreen.count(s.actions?.count ?? 0, max: InputLimits.stageActions, field: "workflow_stages[\(i)].actions")
            try InputScreen.texts(s.actions, field: "workflow_stages[\(i)].actions")
        }
        for (i, u) in users.enumerated() {
            try InputScreen.text(u.name, field: "users[\(i)].name")
            try InputScreen.text(u.email, field: "users[\(i)].email")
        }
        for (i, t) in externalIdTypes.enumerated() { try InputScreen.text(t.name, field: "external_id_types[\(i)].name") }
        try InputScreen.count(practitioners.count, max: InputLimits.referenceDataEntries, field: "practitioners")
        try InputScreen.count(appointmentTypes.count, max: InputLimits.referenceDataEntries, field: "appointment_types")
        try InputScreen.count(tasks.count, max: InputLimits.referenceDataEntries, field: "tasks")
        try InputScreen.count(unavailableBlocks.count, max: InputLimits.referenceDataEntries, field: "unavailable_blocks")
        for (i, p) in practitioners.enumerated() {
            try InputScreen.text(p.name, field: "practitioners[\(i)].name")
            try InputScreen.text(p.email, field: "practitioners[\(i)].email")
            try InputScreen.count(p.locations.count, max: InputLimits.referenceDataEntries, field: "practitioners[\(i)].locations")
            try InputScreen.texts(p.locations, field: "practitioners[\(i)].locations")
            for (day, ranges) in p.workingHours {
                try InputScreen.text(day, field: "practitioners[\(i)].working_hours")
                try InputScreen.texts(ranges, field: "practitioners[\(i)].working_hours.\(day)")
            }
        }
        for (i, t) in appointmentTypes.enumerated() {
            try InputScreen.text(t.name, field: "appointment_types[\(i)].name")
            try InputScreen.text(t.category, field: "appointment_types[\(i)].category")
            try InputScreen.text(t.waitlistType, field: "appointment_types[\(i)].waitlist_type")
        }
        for (i, t) in tasks.enumerated() {
            try InputScreen.text(t.name, field: "tasks[\(i)].name")
            try InputScreen.text(t.appointmentType, field: "tasks[\(i)].appointment_type")
        }
        for (i, b) in unavailableBlocks.enumerated() {
            try InputScreen.text(b.practitioner, field: "unavailable_blocks[\(i)].practitioner")
            try InputScreen.text(b.startsAt, field: "unavailable_blocks[\(i)].starts_at")
            try InputScreen.text(b.endsAt, field: "unavailable_blocks[\(i)].ends_at")
        }
        try InputScreen.count(waitlists.count, max: InputLimits.referenceDataEntries, field: "waitlists")
        for (i, w) in waitlists.enumerated() {
            try InputScreen.text(w.clinic, field: "waitlists[\(i)].clinic")
            try InputScreen.count(w.categories.count, max: InputLimits.waitlistCategories, field: "waitlists[\(i)].categories")
            for (j, c) in w.categories.enumerated() {
                try InputScreen.text(c.label, field: "waitlists[\(i)].categories[\(j)].label")
                try InputScreen.text(c.appointmentType, field: "waitlists[\(i)].categories[\(j)].appointment_type")
                try InputScreen.text(c.kind, field: "waitlists[\(i)].categories[\(j)].kind")
            }
        }
    }
}
