import Domain
import EventStore
import Foundation

/// A partition writer's decision state at one log offset (docs/architecture.md, "Writer
/// snapshots"): every organization's state, its hash chain head and the Idempotency-Keys still
/// in their window. Only source state is coded; each slice rebuilds its derived indexes (the
/// patients' match index, the calendar's holders) on decoding. The shape is versioned by
/// `OrganizationState.snapshotFormat`.
struct WriterSnapshot: Codable {
    var organizations: [OrganizationState]
    var chains: [UUID: EventChain.Head]
    var idempotency: [IdempotencyIndex.Kept]
    var eventCount: Int
    /// The offset of the last event the state includes: the start reads it again and checks that
    /// its hash is the head this snapshot holds for its organization, so a snapshot that is not of
    /// this log is found out even when no event follows it.
    var lastEventOffset: Int64

    static var format: Int { OrganizationState.snapshotFormat }

    /// JSON (docs/architecture.md says why): every state's `Codable` form as it is, no second
    /// schema to keep in step with the states.
    func encoded() throws -> Data {
        try JSONEncoder().encode(self)
    }

    static func decode(_ data: Data) throws -> WriterSnapshot {
        try JSONDecoder().decode(WriterSnapshot.self, from: data)
    }
}
