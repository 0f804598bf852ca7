import Foundation

/// What the organization's rules (and the patients' references to it) need: whether it exists,
/// its key hashes, and its reference data by id. Changed only by `apply`.
public struct ReferenceDataState: Sendable {
    public internal(set) var name: String?
    public internal(set) var apiKeyHashes: Set<String> = []
    public internal(set) var locations: [UUID: Location] = [:]
    public internal(set) var workflowStages: [UUID: WorkflowStage] = [:]
    public internal(set) var users: [UUID: StaffUser] = [:]
    public internal(set) var externalIdTypes: [UUID: ExternalIdType] = [:]
    /// Tags keyed by `NameKey.of(name)`.
    public internal(set) var tags: [String: Tag] = [:]
    public internal(set) var practitioners: [UUID: Practitioner] = [:]
    public internal(set) var appointmentTypes: [UUID: AppointmentType] = [:]
    public internal(set) var tasks: [UUID: CareTask] = [:]
    /// Blocks in force, by id (lifted ones are gone).
    public internal(set) var unavailableBlocks: [UUID: UnavailableBlock] = [:]
    /// Waitlist settings by clinic (location) id; a clinic without an entry has no waitlist.
    public internal(set) var waitlists: [UUID: ClinicWaitlist] = [:]
    /// The probabilistic match tier's weights: the last adopted, or the defaults.
    public internal(set) var matchWeights = MatchWeights.defaults

    public init() {}

    public var exists: Bool { name != nil }

    public var defaultExternalIdType: ExternalIdType? {
        externalIdTypes.values.first { $0.name == ExternalIdType.defaultName }
    }

    public mutating func apply(_ event: OrganizationEvent) {
        switch event {
        case .organizationCreated(let e): name = e.name
        case .apiKeyIssued(let e): apiKeyHashes.insert(e.keyHash)
        case .locationCreated(let l), .locationUpdated(let l): locations[l.id] = l
        case .workflowStageCreated(let s), .workflowStageUpdated(let s): workflowStages[s.id] = s
        case .userCreated(let u), .userUpdated(let u): users[u.id] = u
        case .externalIdTypeCreated(let t): externalIdTypes[t.id] = t
        case .tagCreated(let t): tags[NameKey.of(t.name)] = t
        case .practitionerCreated(let p), .practitionerUpdated(let p): practitioners[p.id] = p
        case .appointmentTypeCreated(let t), .appointmentTypeUpdated(let t): appointmentTypes[t.id] = t
        case .taskCreated(let t), .taskUpdated(let t): tasks[t.id] = t
        case .unavailableBlockAdded(let b): unavailableBlocks[b.id] = b
        case .unavailableBlockRemoved(let b): unavailableBlocks[b.blockId] = nil
        case .clinicWaitlistConfigured(let w): waitlists[w.locationId] = w
        case .matchWeightsAdopted(let a): matchWeights = a.weights
        }
    }

    /// The reference data an `applyReferenceData` reply shows, in a stable order.
    var snapshot: ReferenceDataSnapshot {
        ReferenceDataSnapshot(locations: locations.values.sorted { $0.name < $1.name },
                              workflowStages: workflowStages.values.sorted { ($0.order, $0.title) < ($1.order, $1.title) },
                              users: users.values.sorted { $0.email < $1.email },
                              externalIdTypes: externalIdTypes.values.sorted { $0.name < $1.name },
                              practitioners: practitioners.values.sorted { $0.name < $1.name }.map { NamedEntry(id: $0.id, name: $0.name) },
                              appointmentTypes: appointmentTypes.values.sorted { $0.name < $1.name }.map { NamedEntry(id: $0.id, name: $0.name) },
                              tasks: tasks.values.sorted { $0.name < $1.name }.map { NamedEntry(id: $0.id, name: $0.name) },
                              unavailableBlocks: unavailableBlocks.values.sorted {
                                  ($0.startsAt, $0.practitionerId.lowercased) < ($1.startsAt, $1.practitionerId.lowercased)
                              }.map(BlockEntry.init),
                              waitlists: waitlists.values.sorted { $0.locationId.lowercased < $1.locationId.lowercased }.map {
                                  WaitlistEntry(locationId: $0.locationId, enabled: $0.enabled,
                                                categories: $0.categories.map { NamedEntry(id: $0.id, name: $0.label) })
                              })
    }
}

/// Snapshot coding: bump `OrganizationState.snapshotFormat` when a stored property changes.
extension ReferenceDataState: Codable {}
