import Foundation

/// The organization's waitlist requests, and which are still waiting. Final requests keep their
/// record (a PATCH on one is refused as final, not as unknown).
public struct WaitlistState: Sendable {
    public internal(set) var requests: [UUID: Record] = [:]
    /// ACTIVE requests, by clinic: what a freed slot and the expiry scheduler look through.
    public internal(set) var active: [UUID: Set<UUID>] = [:]

    public struct Record: Sendable, Equatable {
        public var request: WaitlistRequest
        public var status: WaitlistStatus
    }

    public init() {}

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
        }
    }

    private mutating func finish(_ id: UUID, as status: WaitlistStatus) {
        guard let clinic = requests[id]?.request.clinicId else { return }
        requests[id]?.status = status
        active[clinic]?.remove(id)
        if active[clinic]?.isEmpty == true { active[clinic] = nil }
    }

    public func activeRequests(at clinicId: UUID) -> [WaitlistRequest] {
        (active[clinicId] ?? []).compactMap { requests[$0]?.request }
    }
}
