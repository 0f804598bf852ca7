import Foundation

/// The organization's waitlist: requests (final ones kept: a PATCH on one is refused as final,
/// not as unknown), which wait, and the invites that offer freed slots — which are live, which
/// causes were offered (a redelivered freeing event invites no one twice), who let which slot go
/// (never offered it again), and the class places invites hold.
public struct WaitlistState: Sendable {
    public internal(set) var requests: [UUID: Record] = [:]
    /// ACTIVE requests, by clinic: what a freed slot and the expiry scheduler look through.
    public internal(set) var active: [UUID: Set<UUID>] = [:]
    public internal(set) var invites: [UUID: Invite] = [:]
    /// Request → its live (SENT) invite: a request holds at most one.
    public internal(set) var liveInvites: [UUID: UUID] = [:]
    public internal(set) var offeredCauses: Set<UUID> = []
    public internal(set) var passedOver: [SlotKey: Set<UUID>] = [:]
    /// Class → the live invites holding a place in it.
    private var placeHolds: [UUID: Set<UUID>] = [:]

    public struct Record: Sendable, Equatable {
        public var request: WaitlistRequest
        public var status: WaitlistStatus
    }

    public struct Invite: Sendable, Equatable {
        public var sent: WaitlistInviteSent
        public var status: InviteStatus
    }

    /// One freed slot, whoever it is offered to.
    public struct SlotKey: Hashable, Sendable {
        public var practitionerId: UUID, start: Date, groupAppointmentId: UUID?
        public init(_ open: OpenSlot) {
            practitionerId = open.slot.practitionerId; start = open.slot.start; groupAppointmentId = open.groupAppointmentId
        }
    }

    public init() {}

    public func activeRequests(at clinicId: UUID) -> [WaitlistRequest] {
        (active[clinicId] ?? []).compactMap { requests[$0]?.request }
    }

    public func heldPlaces(in groupAppointmentId: UUID) -> Set<UUID> { placeHolds[groupAppointmentId] ?? [] }

    public mutating func apply(_ event: WaitlistEvent) {
        switch event {
        case .requestCreated(let e):
            requests[e.request.requestId] = Record(request: e.request, status: .active)
            active[e.request.clinicId, default: []].insert(e.request.requestId)
        case .requestUpdated(let e):
            requests[e.request.requestId]?.request = e.request
        case .requestCancelled(let e):
            finish(e.requestId, as: .cancelled)
        case .requestExpired(let e):
            finish(e.requestId, as: .expired)
        case .inviteSent(let e):
            invites[e.inviteId] = Invite(sent: e, status: .sent)
            liveInvites[e.requestId] = e.inviteId
            offeredCauses.insert(e.causeEventId)
            if let classId = e.open.groupAppointmentId { placeHolds[classId, default: []].insert(e.inviteId) }
        case .inviteDeclined(let e):
            end(e.inviteId, as: .declined)
        case .inviteExpired(let e):
            end(e.inviteId, as: .expired)
        case .fulfilled(let e):
            end(e.inviteId, as: .accepted)
            finish(e.requestId, as: .fulfilled)
        }
    }

    private mutating func finish(_ id: UUID, as status: WaitlistStatus) {
        guard let clinic = requests[id]?.request.clinicId else { return }
        requests[id]?.status = status
        active[clinic]?.remove(id)
        if active[clinic]?.isEmpty == true { active[clinic] = nil }
    }

    private mutating func end(_ inviteId: UUID, as status: InviteStatus) {
        guard let sent = invites[inviteId]?.sent else { return }
        invites[inviteId]?.status = status
        if liveInvites[sent.requestId] == inviteId { liveInvites[sent.requestId] = nil }
        if status != .accepted { passedOver[SlotKey(sent.open), default: []].insert(sent.requestId) }
        if let classId = sent.open.groupAppointmentId {
            placeHolds[classId]?.remove(inviteId)
            if placeHolds[classId]?.isEmpty == true { placeHolds[classId] = nil }
        }
    }
}

/// SENT while it holds its slot; then exactly one of the others.
public enum InviteStatus: String, Codable, Sendable {
    case sent = "SENT"
    case accepted = "ACCEPTED"
    case declined = "DECLINED"
    case expired = "EXPIRED"
}

extension CalendarState {
    /// A live invite holds its practitioner time like a booking (a class place is held in the
    /// class, not the calendar); the hold ends when the invite is answered or expires.
    public mutating func apply(_ event: WaitlistEvent) {
        switch event {
        case .inviteSent(let e) where e.open.groupAppointmentId == nil: book(e.inviteId, e.heldSlot, at: e.sentAt)
        case .inviteDeclined(let e): free(e.inviteId)
        case .inviteExpired(let e): free(e.inviteId)
        case .fulfilled(let e): free(e.inviteId)
        case .inviteSent, .requestCreated, .requestUpdated, .requestCancelled, .requestExpired: return
        }
    }
}

/// Snapshot coding: bump `OrganizationState.snapshotFormat` when a stored property changes. The
/// class places held are derived (every live invite to a class), so they are rebuilt, not stored.
extension WaitlistState: Codable {
    private enum CodingKeys: String, CodingKey { case requests, active, invites, liveInvites, offeredCauses, passedOver }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        requests = try c.decode([UUID: Record].self, forKey: .requests)
        active = try c.decode([UUID: Set<UUID>].self, forKey: .active)
        invites = try c.decode([UUID: Invite].self, forKey: .invites)
        liveInvites = try c.decode([UUID: UUID].self, forKey: .liveInvites)
        offeredCauses = try c.decode(Set<UUID>.self, forKey: .offeredCauses)
        passedOver = try c.decode([SlotKey: Set<UUID>].self, forKey: .passedOver)
        for (id, invite) in invites where invite.status == .sent {
            if let classId = invite.sent.open.groupAppointmentId { placeHolds[classId, default: []].insert(id) }
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(requests, forKey: .requests)
        try c.encode(active, forKey: .active)
        try c.encode(invites, forKey: .invites)
        try c.encode(liveInvites, forKey: .liveInvites)
        try c.encode(offeredCauses, forKey: .offeredCauses)
        try c.encode(passedOver, forKey: .passedOver)
    }
}

extension WaitlistState.Record: Codable {}
extension WaitlistState.Invite: Codable {}
extension WaitlistState.SlotKey: Codable {}
