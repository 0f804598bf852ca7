/// An organization's reference data as declared by `clinicledger org apply`: matched by natural
/// key (location name, stage title, user e-mail, external-id type name, practitioner name,
/// appointment type name, task name; a block by practitioner and times), created when new,
/// updated when different, left alone when equal. Nothing is deleted by omission; an
/// unavailable block is lifted by declaring it with `removed: true`. Every key is checked: an
/// unknown one is an error naming it (`StrictKeys`).
public struct ReferenceDataDeclaration: Decodable, Sendable, Equatable {
    public var locations: [LocationDeclaration]
    public var workflowStages: [WorkflowStageDeclaration]
    public var users: [UserDeclaration]
    public var externalIdTypes: [ExternalIdTypeDeclaration]
    public var practitioners: [PractitionerDeclaration]
    public var appointmentTypes: [AppointmentTypeDeclaration]
    public var tasks: [TaskDeclaration]
    public var unavailableBlocks: [UnavailableBlockDeclaration]
    public var waitlists: [ClinicWaitlistDeclaration]

    public init(locations: [LocationDeclaration] = [], workflowStages: [WorkflowStageDeclaration] = [],
                users: [UserDeclaration] = [], externalIdTypes: [ExternalIdTypeDeclaration] = [],
                practitioners: [PractitionerDeclaration] = [], appointmentTypes: [AppointmentTypeDeclaration] = [],
                tasks: [TaskDeclaration] = [], unavailableBlocks: [UnavailableBlockDeclaration] = [],
                waitlists: [ClinicWaitlistDeclaration] = []) {
        self.locations = locations; self.workflowStages = workflowStages
        self.users = users; self.externalIdTypes = externalIdTypes
        self.practitioners = practitioners; self.appointmentTypes = appointmentTypes
        self.tasks = tasks; self.unavailableBlocks = unavailableBlocks; self.waitlists = waitlists
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case locations, workflowStages = "workflow_stages", users, externalIdTypes = "external_id_types"
        case practitioners, appointmentTypes = "appointment_types", tasks, unavailableBlocks = "unavailable_blocks", waitlists
    }

    public init(from decoder: any Decoder) throws {
        try StrictKeys.check(decoder, CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        locations = try c.decodeIfPresent([LocationDeclaration].self, forKey: .locations) ?? []
        workflowStages = try c.decodeIfPresent([WorkflowStageDeclaration].self, forKey: .workflowStages) ?? []
        users = try c.decodeIfPresent([UserDeclaration].self, forKey: .users) ?? []
        externalIdTypes = try c.decodeIfPresent([ExternalIdTypeDeclaration].self, forKey: .externalIdTypes) ?? []
        practitioners = try c.decodeIfPresent([PractitionerDeclaration].self, forKey: .practitioners) ?? []
        appointmentTypes = try c.decodeIfPresent([AppointmentTypeDeclaration].self, forKey: .appointmentTypes) ?? []
        tasks = try c.decodeIfPresent([TaskDeclaration].self, forKey: .tasks) ?? []
        unavailableBlocks = try c.decodeIfPresent([UnavailableBlockDeclaration].self, forKey: .unavailableBlocks) ?? []
        waitlists = try c.decodeIfPresent([ClinicWaitlistDeclaration].self, forKey: .waitlists) ?? []
    }
}

public struct LocationDeclaration: Decodable, Sendable, Equatable {
    public var name: String
    public var address: String?
    public var timezone: String?
    public init(name: String, address: String? = nil, timezone: String? = nil) {
        self.name = name; self.address = address; self.timezone = timezone
    }
    enum CodingKeys: String, CodingKey, CaseIterable { case name, address, timezone }
    public init(from decoder: any Decoder) throws {
        try StrictKeys.check(decoder, CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        address = try c.decodeIfPresent(String.self, forKey: .address)
        timezone = try c.decodeIfPresent(String.self, forKey: .timezone)
    }
}

public struct WorkflowStageDeclaration: Decodable, Sendable, Equatable {
    public var title: String
    public var order: Int?
    public var description: String?
    public var actions: [String]?
    public init(title: String, order: Int? = nil, description: String? = nil, actions: [String]? = nil) {
        self.title = title; self.order = order; self.description = description; self.actions = actions
    }
    enum CodingKeys: String, CodingKey, CaseIterable { case title, order, description, actions }
    public init(from decoder: any Decoder) throws {
        try StrictKeys.check(decoder, CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        title = try c.decode(String.self, forKey: .title)
        order = try c.decodeIfPresent(Int.self, forKey: .order)
        description = try c.decodeIfPresent(String.self, forKey: .description)
        actions = try c.decodeIfPresent([String].self, forKey: .actions)
    }
}

public struct UserDeclaration: Decodable, Sendable, Equatable {
    public var name: String
    public var email: String
    public init(name: String, email: String) { self.name = name; self.email = email }
    enum CodingKeys: String, CodingKey, CaseIterable { case name, email }
    public init(from decoder: any Decoder) throws {
        try StrictKeys.check(decoder, CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        email = try c.decode(String.self, forKey: .email)
    }
}

public struct ExternalIdTypeDeclaration: Decodable, Sendable, Equatable {
    public var name: String
    public init(name: String) { self.name = name }
    enum CodingKeys: String, CodingKey, CaseIterable { case name }
    public init(from decoder: any Decoder) throws {
        try StrictKeys.check(decoder, CodingKeys.self)
        name = try decoder.container(keyedBy: CodingKeys.self).decode(String.self, forKey: .name)
    }
}

/// `working_hours` maps a weekday (`monday` … `sunday`) to ranges `HH:MM-HH:MM`, local time of the
/// location; a range may name its location (`08:00-12:00@Riverside`), else it is the first of
/// `locations`.
public struct PractitionerDeclaration: Decodable, Sendable, Equatable {
    public var name: String
    public var email: String
    public var locations: [String]
    public var workingHours: [String: [String]]
    public init(name: String, email: String, locations: [String] = [], workingHours: [String: [String]] = [:]) {
        self.name = name; self.email = email; self.locations = locations; self.workingHours = workingHours
    }
    enum CodingKeys: String, CodingKey, CaseIterable { case name, email, locations, workingHours = "working_hours" }
    public init(from decoder: any Decoder) throws {
        try StrictKeys.check(decoder, CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        email = try c.decode(String.self, forKey: .email)
        locations = try c.decodeIfPresent([String].self, forKey: .locations) ?? []
        workingHours = try c.decodeIfPresent([String: [String]].self, forKey: .workingHours) ?? [:]
    }
}

public struct AppointmentTypeDeclaration: Decodable, Sendable, Equatable {
    public var name: String
    public var durationMinutes: Int
    public var maxAttendees: Int?
    public var category: String?
    public var waitlistType: String?
    public init(name: String, durationMinutes: Int, maxAttendees: Int? = nil, category: String? = nil, waitlistType: String? = nil) {
        self.name = name; self.durationMinutes = durationMinutes; self.maxAttendees = maxAttendees
        self.category = category; self.waitlistType = waitlistType
    }
    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, durationMinutes = "duration_minutes", maxAttendees = "max_attendees", category, waitlistType = "waitlist_type"
    }
    public init(from decoder: any Decoder) throws {
        try StrictKeys.check(decoder, CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        durationMinutes = try c.decode(Int.self, forKey: .durationMinutes)
        maxAttendees = try c.decodeIfPresent(Int.self, forKey: .maxAttendees)
        category = try c.decodeIfPresent(String.self, forKey: .category)
        waitlistType = try c.decodeIfPresent(String.self, forKey: .waitlistType)
    }
}

public struct TaskDeclaration: Decodable, Sendable, Equatable {
    public var name: String
    public var appointmentType: String
    public var scheduled: Bool?
    public var minPlanDays: Int?
    public init(name: String, appointmentType: String, scheduled: Bool? = nil, minPlanDays: Int? = nil) {
        self.name = name; self.appointmentType = appointmentType; self.scheduled = scheduled; self.minPlanDays = minPlanDays
    }
    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, appointmentType = "appointment_type", scheduled, minPlanDays = "min_plan_days"
    }
    public init(from decoder: any Decoder) throws {
        try StrictKeys.check(decoder, CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        appointmentType = try c.decode(String.self, forKey: .appointmentType)
        scheduled = try c.decodeIfPresent(Bool.self, forKey: .scheduled)
        minPlanDays = try c.decodeIfPresent(Int.self, forKey: .minPlanDays)
    }
}

/// `starts_at`/`ends_at` are RFC 3339 with an offset; `removed: true` lifts a declared block.
public struct UnavailableBlockDeclaration: Decodable, Sendable, Equatable {
    public var practitioner: String
    public var startsAt: String
    public var endsAt: String
    public var removed: Bool
    public init(practitioner: String, startsAt: String, endsAt: String, removed: Bool = false) {
        self.practitioner = practitioner; self.startsAt = startsAt; self.endsAt = endsAt; self.removed = removed
    }
    enum CodingKeys: String, CodingKey, CaseIterable { case practitioner, startsAt = "starts_at", endsAt = "ends_at", removed }
    public init(from decoder: any Decoder) throws {
        try StrictKeys.check(decoder, CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        practitioner = try c.decode(String.self, forKey: .practitioner)
        startsAt = try c.decode(String.self, forKey: .startsAt)
        endsAt = try c.decode(String.self, forKey: .endsAt)
        removed = try c.decodeIfPresent(Bool.self, forKey: .removed) ?? false
    }
}
