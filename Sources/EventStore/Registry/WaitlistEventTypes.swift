import Domain
import Foundation

/// The waitlist's event types (`ce_type`) and their JSON payloads. Each switch is exhaustive, so
/// a new event cannot compile without a name and both codings.
public enum WaitlistEventType: String, CaseIterable, Sendable {
    case requestCreated = "clinicledger.waitlist_request.created.v1"
    case requestUpdated = "clinicledger.waitlist_request.updated.v1"
    case requestCancelled = "clinicledger.waitlist_request.cancelled.v1"
    case requestExpired = "clinicledger.waitlist_request.expired.v1"
    case inviteSent = "clinicledger.waitlist_invite.sent.v1"
    case inviteDeclined = "clinicledger.waitlist_invite.declined.v1"
    case inviteExpired = "clinicledger.waitlist_invite.expired.v1"
    case fulfilled = "clinicledger.waitlist_request.fulfilled.v1"

    public init(_ event: WaitlistEvent) {
        switch event {
        case .requestCreated: self = .requestCreated
        case .requestUpdated: self = .requestUpdated
        case .requestCancelled: self = .requestCancelled
        case .requestExpired: self = .requestExpired
        case .inviteSent: self = .inviteSent
        case .inviteDeclined: self = .inviteDeclined
        case .inviteExpired: self = .inviteExpired
        case .fulfilled: self = .fulfilled
        }
    }

    static func encode(_ event: WaitlistEvent, with e: JSONEncoder) throws -> Data {
        switch event {
        case .requestCreated(let x): return try e.encode(x)
        case .requestUpdated(let x): return try e.encode(x)
        case .requestCancelled(let x): return try e.encode(x)
        case .requestExpired(let x): return try e.encode(x)
        case .inviteSent(let x): return try e.encode(x)
        case .inviteDeclined(let x): return try e.encode(x)
        case .inviteExpired(let x): return try e.encode(x)
        case .fulfilled(let x): return try e.encode(x)
        }
    }

    func decode(_ data: Data, with d: JSONDecoder) throws -> WaitlistEvent {
        switch self {
        case .requestCreated: return .requestCreated(try d.decode(WaitlistRequestCreated.self, from: data))
        case .requestUpdated: return .requestUpdated(try d.decode(WaitlistRequestUpdated.self, from: data))
        case .requestCancelled: return .requestCancelled(try d.decode(WaitlistRequestCancelled.self, from: data))
        case .requestExpired: return .requestExpired(try d.decode(WaitlistRequestExpired.self, from: data))
        case .inviteSent: return .inviteSent(try d.decode(WaitlistInviteSent.self, from: data))
        case .inviteDeclined: return .inviteDeclined(try d.decode(WaitlistInviteDeclined.self, from: data))
        case .inviteExpired: return .inviteExpired(try d.decode(WaitlistInviteExpired.self, from: data))
        case .fulfilled: return .fulfilled(try d.decode(WaitlistFulfilled.self, from: data))
        }
    }
}
