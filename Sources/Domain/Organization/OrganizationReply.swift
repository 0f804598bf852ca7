import Foundation

/// What the organization's commands answer.
public enum OrganizationReply: Sendable, Equatable, Codable {
    case organizationCreated(organizationId: UUID)
    /// `issued` is false when the key was already known (nothing recorded).
    case apiKeyIssued(issued: Bool)
    /// The reference data after the declaration, and how many facts it recorded.
    case referenceDataApplied(snapshot: ReferenceDataSnapshot, changes: Int)
    /// `adopted` is false when that version was already in force (nothing recorded).
    case matchWeightsAdopted(version: String, adopted: Bool)
}

/// An organization's reference data at one point, for the reply to a declaration.
public struct ReferenceDataSnapshot: Sendable, Equatable, Codable {
    public var locations: [Location]
    public var workflowStages: [WorkflowStage]
    public var users: [StaffUser]
    public var externalIdTypes: [ExternalIdType]
    public var practitioners: [NamedEntry]
    public var appointmentTypes: [NamedEntry]
    public var tasks: [NamedEntry]
    public var unavailableBlocks: [BlockEntry]
    /// The clinics with a waitlist and their categories (SPRY's `appointment_category_id`).
    public var waitlists: [WaitlistEntry]

    public init(locations: [Location], workflowStages: [WorkflowStage], users: [StaffUser], externalIdTypes: [ExternalIdType],
                practitioners: [NamedEntry] = [], appointmentTypes: [NamedEntry] = [], tasks: [NamedEntry] = [],
                unavailableBlocks: [BlockEntry] = [], waitlists: [WaitlistEntry] = []) {
        self.locations = locations; self.workflowStages = workflowStages; self.users = users; self.externalIdTypes = externalIdTypes
        self.practitioners = practitioners; self.appointmentTypes = appointmentTypes; self.tasks = tasks
        self.unavailableBlocks = unavailableBlocks; self.waitlists = waitlists
    }

    enum CodingKeys: String, CodingKey {
        case locations, workflowStages, users, externalIdTypes, practitioners, appointmentTypes, tasks, unavailableBlocks, waitlists
    }

    /// Replies recorded before the scheduling reference data existed lack its lists.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        locations = try c.decode([Location].self, forKey: .locations)
        workflowStages = try c.decode([WorkflowStage].self, forKey: .workflowStages)
        users = try c.decode([StaffUser].self, forKey: .users)
        externalIdTypes = try c.decode([ExternalIdType].self, forKey: .externalIdTypes)
        practitioners = try c.decodeIfPresent([NamedEntry].self, forKey: .practitioners) ?? []
        appointmentTypes = try c.decodeIfPresent([NamedEntry].self, forKey: .appointmentTypes) ?? []
        tasks = try c.decodeIfPresent([NamedEntry].self, forKey: .tasks) ?? []
        unavailableBlocks = try c.decodeIfPresent([BlockEntry].self, forKey: .unavailableBlocks) ?? []
        waitlists = try c.decodeIfPresent([WaitlistEntry].self, forKey: .waitlists) ?? []
    }
}

/// A scheduling entity in a declaration's reply: the id an operator needs, by the name they declared.
/// (Replies are coded with snake_case conversion, so reply types keep Swift's own key names.)
public struct NamedEntry: Sendable, Equatable, Codable {
    public var id: UUID
    public var name: String
    public init(id: UUID, name: String) { self.id = id; self.name = name }
}

/// A clinic's waitlist in a declaration's reply: the clinic (a location) and its categories by label.
public struct WaitlistEntry: Sendable, Equatable, Codable {
    public var locationId: UUID
    public var enabled: Bool
    public var categories: [NamedEntry]
    public init(locationId: UUID, enabled: Bool, categories: [NamedEntry]) {
        self.locationId = locationId; self.enabled = enabled; self.categories = categories
    }
}

/// An unavailable block in force, in a declaration's reply.
public struct BlockEntry: Sendable, Equatable, Codable {
    public var id: UUID
    public var practitionerId: UUID
    public var startsAt: Date
    public var endsAt: Date
    public init(_ b: UnavailableBlock) { id = b.id; practitionerId = b.practitionerId; startsAt = b.startsAt; endsAt = b.endsAt }
}
