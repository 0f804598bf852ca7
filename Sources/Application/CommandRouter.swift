import Domain
import EventStore
import Foundation

/// Routes each command to the writer of its organization's partition
/// (`murmur2(organization id) % P`, Kafka's own partitioner).
public final class CommandRouter: Sendable {
    private let writers: [PartitionWriter]
    private let barrier: (any DurabilityBarrier)?
    private let barrierTimeout: Duration

    /// With a barrier, a write is acknowledged only once the barrier has passed it.
    public init(writers: [PartitionWriter], barrier: (any DurabilityBarrier)?, barrierTimeout: Duration = .seconds(30)) {
        precondition(!writers.isEmpty)
        self.writers = writers.sorted { $0.partition < $1.partition }
        self.barrier = barrier
        self.barrierTimeout = barrierTimeout
    }

    public var partitionCount: Int32 { Int32(writers.count) }

    public func partition(of organizationId: UUID) -> Int32 {
        EventRecordCodec.partition(for: organizationId, partitionCount: partitionCount)
    }

    public func send(_ command: CommandEnvelope) async throws -> CommandOutcome {
        let outcome = try await writers[Int(partition(of: command.organizationId))].submit(command)
        if let barrier, !outcome.positions.isEmpty,
           !(await barrier.waitUntilPassed(outcome.positions, timeout: barrierTimeout)) {
            throw CommandError.unavailable("the events were written but not yet archived; retry with the same Idempotency-Key")
        }
        return outcome
    }

    public func suggestMatch(organizationId: UUID, draft: UpsertDraft) async -> (outcome: MatchOutcome, dropped: [String]) {
        await writers[Int(partition(of: organizationId))].suggestMatch(organizationId: organizationId, draft: draft)
    }
}
