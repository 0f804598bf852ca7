import Foundation

/// What a partition writer must know about one organization to decide its commands.
/// Built only by `evolve` from the organization's events, so it can always be rebuilt from the log.
public struct OrganizationState: Sendable {
    public let organizationId: UUID
    public internal(set) var name: String?
    public internal(set) var apiKeyHashes: Set<String> = []
    public internal(set) var locations: [UUID: Location] = [:]
    public internal(set) var workflowStages: [UUID: WorkflowStage] = [:]
    public internal(set) var users: [UUID: StaffUser] = [:]
    public internal(set) var externalIdTypes: [UUID: ExternalIdType] = [:]
    /// Tags keyed by `Tag.fold(name)`.
    public internal(set) var tags: [String: Tag] = [:]
    /// Which patient holds each external identifier; an identifier is unique per type in an organization.
    public internal(set) var externalIdHolders: [ExternalIdValue: UUID] = [:]
    /// Every patient's current record, and the match index over them.
    public internal(set) var patients: [UUID: PatientRecord] = [:]
    public internal(set) var patientIndex = PatientIndex()
    /// Events applied per aggregate: the next event's `aggregateversion` is this plus one.
    public internal(set) var aggregateVersions: [UUID: Int] = [:]

    public init(organizationId: UUID) {
        self.organizationId = organizationId
    }

    public var exists: Bool { name != nil }

    public var defaultExternalIdType: ExternalIdType? {
        externalIdTypes.values.first { $0.name == ExternalIdType.defaultName }
    }

    public func version(of aggregateId: UUID) -> Int { aggregateVersions[aggregateId] ?? 0 }

}
