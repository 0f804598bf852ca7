import Foundation

/// A clinic's waitlist settings (SPRY: clinics are our `Location`s), declared in the organization
/// file under `waitlists`: whether the feature is on there, how far apart a request's dates may
/// be, how long an invite holds its slot, and the appointment categories valid at the clinic.
public struct ClinicWaitlist: Codable, Sendable, Equatable {
    public var locationId: UUID
    public var enabled: Bool
    public var maxSpanDays: Int
    public var holdMinutes: Int
    public var categories: [WaitlistCategory]

    public static let defaultMaxSpanDays = 30
    public static let defaultHoldMinutes = 15

    public init(locationId: UUID, enabled: Bool, maxSpanDays: Int, holdMinutes: Int, categories: [WaitlistCategory]) {
        self.locationId = locationId; self.enabled = enabled; self.maxSpanDays = maxSpanDays; self.holdMinutes = holdMinutes
        self.categories = categories
    }

    public func category(_ id: UUID) -> WaitlistCategory? { categories.first { $0.id == id } }

    enum CodingKeys: String, CodingKey {
        case locationId = "location_id", enabled, maxSpanDays = "max_span_days", holdMinutes = "hold_minutes", categories
    }
}

/// What a request asks to be booked: an appointment type, under a label, for a duration, as a
/// first or a follow-up visit (SPRY's `appointment_category_id`).
public struct WaitlistCategory: Codable, Sendable, Equatable {
    public var id: UUID
    public var label: String
    public var appointmentTypeId: UUID
    public var durationMinutes: Int
    public var kind: VisitKind

    public init(id: UUID, label: String, appointmentTypeId: UUID, durationMinutes: Int, kind: VisitKind) {
        self.id = id; self.label = label; self.appointmentTypeId = appointmentTypeId; self.durationMinutes = durationMinutes; self.kind = kind
    }

    enum CodingKeys: String, CodingKey {
        case id, label, appointmentTypeId = "appointment_type_id", durationMinutes = "duration_minutes", kind
    }
}

/// `waitlists: [{clinic: Riverside, enabled: true, max_span_days: 30, hold_minutes: 15,
/// categories: [{label: Physical Therapy, appointment_type: PT Initial, kind: INITIAL_EVAL,
/// duration_minutes: 60}]}]`. Matched by clinic name; a category by its label within the clinic,
/// so its id survives a re-declaration. A declaration states the whole clinic's settings.
public struct ClinicWaitlistDeclaration: Decodable, Sendable, Equatable {
    public var clinic: String
    public var enabled: Bool
    public var maxSpanDays: Int?
    public var holdMinutes: Int?
    public var categories: [WaitlistCategoryDeclaration]

    public init(clinic: String, enabled: Bool = true, maxSpanDays: Int? = nil, holdMinutes: Int? = nil,
                categories: [WaitlistCategoryDeclaration] = []) {
        self.clinic = clinic; self.enabled = enabled; self.maxSpanDays = maxSpanDays; self.holdMinutes = holdMinutes
        self.categories = categories
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case clinic, enabled, maxSpanDays = "max_span_days", holdMinutes = "hold_minutes", categories
    }

    public init(from decoder: any Decoder) throws {
        try StrictKeys.check(decoder, CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        clinic = try c.decode(String.self, forKey: .clinic)
        enabled = try c.decodeIfPresent(Bool.self, forKey: .enabled) ?? true
        maxSpanDays = try c.decodeIfPresent(Int.self, forKey: .maxSpanDays)
        holdMinutes = try c.decodeIfPresent(Int.self, forKey: .holdMinutes)
        categories = try c.decodeIfPresent([WaitlistCategoryDeclaration].self, forKey: .categories) ?? []
    }
}

public struct WaitlistCategoryDeclaration: Decodable, Sendable, Equatable {
    public var label: String
    public var appointmentType: String
    public var kind: String
    public var durationMinutes: Int?

    public init(label: String, appointmentType: String, kind: String, durationMinutes: Int? = nil) {
        self.label = label; self.appointmentType = appointmentType; self.kind = kind; self.durationMinutes = durationMinutes
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case label, appointmentType = "appointment_type", kind, durationMinutes = "duration_minutes"
    }

    public init(from decoder: any Decoder) throws {
        try StrictKeys.check(decoder, CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        label = try c.decode(String.self, forKey: .label)
        appointmentType = try c.decode(String.self, forKey: .appointmentType)
        kind = try c.decode(String.self, forKey: .kind)
        durationMinutes = try c.decodeIfPresent(Int.self, forKey: .durationMinutes)
    }
}

/// The `waitlists` part of a reference-data declaration. `state` already holds the declaration's
/// locations and appointment types, so names resolve whether declared now or before.
func decideWaitlistReferenceData(_ declared: [ClinicWaitlistDeclaration], state: ReferenceDataState,
                                 ids: inout IdMinter) throws(DomainError) -> [OrganizationEvent] {
    let locations = byKey(state.locations.values) { NameKey.of($0.name) }
    let types = byKey(state.appointmentTypes.values) { NameKey.of($0.name) }
    var events: [OrganizationEvent] = []
    var seen = Set<String>()
    for (i, decl) in declared.enumerated() {
        let field = "waitlists[\(i)]"
        let name = try requiredText(decl.clinic, field: "\(field).clinic")
        try unique(name, in: &seen, field: "\(field).clinic")
        guard let location = locations[NameKey.of(name)] else {
            throw DomainError(.unknownReference, "no location is named \(InputScreen.printable(name)); declare it under locations",
                              field: "\(field).clinic")
        }
        // Dates of a request are the clinic's local days: a clinic with a waitlist keeps its zone.
        guard location.timezone.flatMap(TimeZone.init(identifier:)) != nil else {
            throw DomainError(.missingField, "location \(location.name) has no timezone: waitlist dates are the clinic's local days",
                              field: "\(field).clinic")
        }
        let span = decl.maxSpanDays ?? ClinicWaitlist.defaultMaxSpanDays
        guard (1...InputLimits.waitlistSpanDays).contains(span) else {
            throw DomainError(.invalidValue, "max_span_days must be 1 to \(InputLimits.waitlistSpanDays)", field: "\(field).max_span_days")
        }
        let hold = decl.holdMinutes ?? ClinicWaitlist.defaultHoldMinutes
        guard (1...InputLimits.waitlistHoldMinutes).contains(hold) else {
            throw DomainError(.invalidValue, "hold_minutes must be 1 to \(InputLimits.waitlistHoldMinutes)", field: "\(field).hold_minutes")
        }
        guard decl.categories.count <= InputLimits.waitlistCategories else {
            throw DomainError(.tooManyItems, "at most \(InputLimits.waitlistCategories) categories a clinic", field: "\(field).categories")
        }
        let existing = state.waitlists[location.id]
        var categories: [WaitlistCategory] = []
        var labels = Set<String>()
        for (j, c) in decl.categories.enumerated() {
            let at = "\(field).categories[\(j)]"
            let label = try requiredText(c.label, field: "\(at).label")
            try unique(label, in: &labels, field: "\(at).label")
            guard let type = types[NameKey.of(c.appointmentType)] else {
                throw DomainError(.unknownReference, "no appointment type is named \(InputScreen.printable(c.appointmentType)); declare it under appointment_types",
                                  field: "\(at).appointment_type")
            }
            guard let kind = VisitKind(spelling: c.kind) else {
                throw DomainError(.invalidValue, "kind must be INITIAL_EVAL or FOLLOW_UP", field: "\(at).kind")
            }
            let minutes = c.durationMinutes ?? type.durationMinutes
            guard (1...InputLimits.appointmentMinutes).contains(minutes) else {
                throw DomainError(.invalidValue, "duration_minutes must be 1 to \(InputLimits.appointmentMinutes)", field: "\(at).duration_minutes")
            }
            let id = existing?.categories.first { NameKey.of($0.label) == NameKey.of(label) }?.id ?? ids.mint()
            categories.append(WaitlistCategory(id: id, label: label, appointmentTypeId: type.id, durationMinutes: minutes, kind: kind))
        }
        let settings = ClinicWaitlist(locationId: location.id, enabled: decl.enabled, maxSpanDays: span, holdMinutes: hold, categories: categories)
        if settings != existing { events.append(.clinicWaitlistConfigured(settings)) }
    }
    return events
}
