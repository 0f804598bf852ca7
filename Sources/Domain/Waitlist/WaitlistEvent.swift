import Foundation

/// Facts about waitlist requests. Every one belongs to the request's aggregate, so one stream
/// orders a request's life: created, updated, invited (and invites ended), then exactly one of
/// cancelled, expired or fulfilled.
public enum WaitlistEvent: Sendable, Equatable {
    case requestCreated(WaitlistRequestCreated)
    case requestUpdated(WaitlistRequestUpdated)
    case requestCancelled(WaitlistRequestCancelled)
    case requestExpired(WaitlistRequestExpired)
    case inviteSent(WaitlistInviteSent)
    case inviteDeclined(WaitlistInviteDeclined)
    case inviteExpired(WaitlistInviteExpired)
    case fulfilled(WaitlistFulfilled)

    public var requestId: UUID {
        switch self {
        case .requestCreated(let e): return e.request.requestId
        case .requestUpdated(let e): return e.request.requestId
        case .requestCancelled(let e): return e.requestId
        case .requestExpired(let e): return e.requestId
        case .inviteSent(let e): return e.requestId
        case .inviteDeclined(let e): return e.requestId
        case .inviteExpired(let e): return e.requestId
        case .fulfilled(let e): return e.requestId
        }
    }

    public var patientId: UUID {
        switch self {
        case .requestCreated(let e): return e.request.patientId
        case .requestUpdated(let e): return e.request.patientId
        case .requestCancelled(let e): return e.patientId
        case .requestExpired(let e): return e.patientId
        case .inviteSent(let e): return e.patientId
        case .inviteDeclined(let e): return e.patientId
        case .inviteExpired(let e): return e.patientId
        case .fulfilled(let e): return e.patientId
        }
    }

    public var aggregate: (type: String, id: UUID)? { ("waitlist_request", requestId) }
}
