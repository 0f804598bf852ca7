import Domain
import EventStore
import Foundation

/// What a command produced, as its caller needs it.
public enum CommandReply: Sendable, Equatable {
    case organizationCreated(UUID)
    case referenceDataApplied
    case patientsCreated([UUID])
    case patientUpserted(UpsertResult)
    /// `occurredAt` as recorded (the server's clock when the request gave none), so a replay answers the same time.
    case communicationRecorded(patientId: UUID, communicationId: UUID, occurredAt: Date)

    /// The reply a command's events imply. Used both live and when an Idempotency-Key's first
    /// answer is rebuilt from the log after a restart, so the two can never disagree.
    static func derive(from events: [DomainEvent], organizationId: UUID) -> CommandReply {
        var patients: [UUID] = []
        for event in events {
            switch event {
            case .organizationCreated: return .organizationCreated(organizationId)
            case .patientCreated(let p):
                // An upsert's creation records what it dropped (possibly nothing); a batch item's has no such field.
                if let dropped = p.droppedFields {
                    return .patientUpserted(UpsertResult(patientId: p.patientId, created: true, tier: nil, droppedFields: dropped))
                }
                patients.append(p.patientId)
            case .patientUpdated(let u):
                return .patientUpserted(UpsertResult(patientId: u.patientId, created: false, tier: u.matchTier, droppedFields: u.droppedFields))
            case .externalIdAssigned(let x):
                if !events.contains(where: { if case .patientUpdated = $0 { return true } else { return false } }) {
                    return .patientUpserted(UpsertResult(patientId: x.patientId, created: false, tier: nil, droppedFields: []))
                }
            case .externalIdReassigned(let x):
                if !events.contains(where: { if case .patientUpdated = $0 { return true } else { return false } }) {
                    return .patientUpserted(UpsertResult(patientId: x.patientId, created: false, tier: nil, droppedFields: []))
                }
            case .communicationRecorded(let c):
                return .communicationRecorded(patientId: c.patientId, communicationId: c.communicationId, occurredAt: c.occurredAt)
            default: break
            }
        }
        return patients.isEmpty ? .referenceDataApplied : .patientsCreated(patients)
    }
}

public struct CommandOutcome: Sendable {
    public var reply: CommandReply
    public var events: [EventEnvelope]
    /// Per partition, the offset just past this command's last event: a reader that has
    /// consumed up to here has seen the whole command.
    public var positions: [Int32: Int64]
    /// True when this answer is the stored first answer of an Idempotency-Key.
    public var replayed: Bool
    /// The organization's reference data after an `applyReferenceData` command; nil otherwise.
    public var referenceData: ReferenceDataSnapshot?
}

public struct ReferenceDataSnapshot: Sendable {
    public var locations: [Location]
    public var workflowStages: [WorkflowStage]
    public var users: [StaffUser]
    public var externalIdTypes: [ExternalIdType]
}

public enum CommandError: Error, Sendable, CustomStringConvertible {
    case rejected(DomainError)
    /// The Idempotency-Key was used before with a different request body.
    case idempotencyKeyReused
    /// The log could not take the command; nothing was written. Safe to retry.
    case unavailable(String)
    /// The command's events would not fit the log's record limits; nothing was written.
    case tooLarge(String)
    /// The command's events hold text the stores cannot hold (U+0000); nothing was written.
    case unstorable(String)

    public var description: String {
        switch self {
        case .rejected(let e): return "rejected: \(e)"
        case .idempotencyKeyReused: return "idempotency key reused with a different request"
        case .unavailable(let why): return "unavailable: \(why)"
        case .tooLarge(let why): return "too large: \(why)"
        case .unstorable(let why): return "unstorable: \(why)"
        }
    }
}
