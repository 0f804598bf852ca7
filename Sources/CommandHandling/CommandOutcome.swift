import Domain
import EventStore
import Foundation

public struct CommandOutcome: Sendable {
    public var reply: CommandReply
    public var events: [EventEnvelope]
    /// Per partition, the offset just past this command's last event: a reader that has
    /// consumed up to here has seen the whole command. For a command that wrote nothing, the log's
    /// end when it was decided: a reader there has seen everything the decision saw.
    public var positions: [Int32: Int64]
    /// True when this answer is the stored first answer of an Idempotency-Key.
    public var replayed: Bool
}

public enum CommandError: Error, Sendable, CustomStringConvertible {
    case rejected(DomainError)
    /// The Idempotency-Key was used before with a different request body.
    case idempotencyKeyReused
    /// The Idempotency-Key was used, within its retention, by a command whose events were written
    /// before replies were recorded with them: its first answer cannot be replayed, and running it
    /// again could apply it twice.
    case idempotencyReplyUnknown
    /// The log could not take the command; nothing was written. Safe to retry.
    case unavailable(String)
    /// The command's events would not fit the log's record limits; nothing was written.
    case tooLarge(String)
    /// The command's events hold text the stores cannot hold (U+0000); nothing was written.
    case unstorable(String)

    /// Nothing was written and retrying may succeed (the writer or its log was not available).
    public var isUnavailable: Bool {
        if case .unavailable = self { return true }
        return false
    }

    public var description: String {
        switch self {
        case .rejected(let e): return "rejected: \(e)"
        case .idempotencyKeyReused: return "idempotency key reused with a different request"
        case .idempotencyReplyUnknown: return "idempotency key used by a command whose answer was not recorded"
        case .unavailable(let why): return "unavailable: \(why)"
        case .tooLarge(let why): return "too large: \(why)"
        case .unstorable(let why): return "unstorable: \(why)"
        }
    }
}
