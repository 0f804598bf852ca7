import Foundation

/// What a partition writer must know about one organization to decide its commands: one field
/// per aggregate slice. Built only by `apply` from the organization's events, so it can always be
/// rebuilt from the log.
public struct OrganizationState: Sendable {
    public let organizationId: UUID
    public internal(set) var reference = ReferenceDataState()
    public internal(set) var patients = PatientsState()
    public internal(set) var appointments = AppointmentsState()
    public internal(set) var groupAppointments = GroupAppointmentsState()
    public internal(set) var waitlist = WaitlistState()
    /// Every practitioner's booked time, fed by each slice that books it.
    public internal(set) var calendar = CalendarState()
    /// Events applied per aggregate: the next event's `aggregateversion` is this plus one.
    public internal(set) var aggregateVersions: [UUID: Int] = [:]

    public init(organizationId: UUID) {
        self.organizationId = organizationId
    }

    /// The shape of decision state in a writer snapshot (docs/architecture.md, "Writer snapshots"):
    /// bump it whenever a stored property of this type, of a slice's state or of a type they hold
    /// changes, or one of their `Codable` forms does; a snapshot of another format is ignored and
    /// the writer rebuilds from the log. `DecisionStateShapeTests` pins the stored properties so
    /// a change cannot slip by.
    public static let snapshotFormat = 2

    public var exists: Bool { reference.exists }

    public func version(of aggregateId: UUID) -> Int { aggregateVersions[aggregateId] ?? 0 }

    /// evolve(state, event) -> state: the only way decision state changes.
    public static func evolve(_ state: OrganizationState, _ event: DomainEvent) -> OrganizationState {
        var next = state
        next.apply(event)
        return next
    }

    /// In-place form of `evolve`, for rebuilding from a long log without copying.
    public mutating func apply(_ event: DomainEvent) {
        switch event {
        case .organization(let e): reference.apply(e)
        case .patients(let e): patients.apply(e)
        case .appointments(let e): appointments.apply(e); calendar.apply(e)
        case .groupAppointments(let e): groupAppointments.apply(e); calendar.apply(e)
        // Reads change no decision, and each batch is an aggregate written once by one command
        // (the writer numbers its events within the command): counting them here would only grow
        // `aggregateVersions` by one entry per batch, forever.
        case .disclosures: return
        case .waitlist(let e): waitlist.apply(e); calendar.apply(e)
        }
        aggregateVersions[event.subject(organizationId: organizationId).id, default: 0] += 1
    }
}

/// Snapshot coding (bump `snapshotFormat` when it changes): every slice, derived indexes left out
/// by the slices themselves.
extension OrganizationState: Codable {}
