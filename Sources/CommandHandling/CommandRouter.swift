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

    /// Input limits are checked here, before the queue, whatever path the command came by:
    /// hostile or oversized input is refused without waiting in (or holding up) its partition's writer.
    public func send(_ command: CommandEnvelope) async throws -> CommandOutcome {
        do { try command.command.checkLimits() } catch { throw CommandError.rejected(error) }
        let outcome = try await writers[Int(partition(of: command.organizationId))].submit(command)
        if let barrier, !outcome.positions.isEmpty,
           !(await barrier.waitUntilPassed(outcome.positions, timeout: barrierTimeout)) {
            throw CommandError.unavailable("the events were written but not yet archived; retry with the same Idempotency-Key")
        }
        return outcome
    }

    /// A record of the commands topic, to the writer of its organization's partition, or of the
    /// record's own partition when no organization is known (its rejection is written there). The
    /// topic is keyed by organization id, so the two are the same for a well-keyed record.
    public func submit(_ consumed: ConsumedCommand, organizationId: UUID?, recordPartition: Int32) async throws -> CommandResult {
        let p = organizationId.map(partition(of:)) ?? recordPartition % partitionCount
        return try await writers[Int(p)].submit(consumed)
    }

    public func suggestMatch(organizationId: UUID, draft: UpsertDraft) async throws(CommandError) -> (outcome: MatchOutcome, dropped: [String]) {
        do { try draft.checkLimits() } catch { throw .rejected(error) }
        return await writers[Int(partition(of: organizationId))].suggestMatch(organizationId: organizationId, draft: draft)
    }

    /// An organization's decision state as of its last committed command (a copy-on-write value):
    /// for reads that must agree with what the rules decide on (a clinic's waitlist categories).
    public func committedState(of organizationId: UUID) async -> OrganizationState {
        await writers[Int(partition(of: organizationId))].committedState(of: organizationId)
    }

    /// The writers' transactions, the commands they carried and where their time went, summed over partitions.
    public func writerStatistics() async -> PartitionWriter.Statistics {
        var total = PartitionWriter.Statistics()
        for writer in writers { total = total + (await writer.statistics) }
        return total
    }

    /// Every organization whose waitlist has an expiry due at `now`, over all partitions.
    public func waitlistDue(at now: Date) async -> [(organizationId: UUID, invites: Bool, requests: Bool)] {
        var out: [(organizationId: UUID, invites: Bool, requests: Bool)] = []
        for writer in writers { out += await writer.waitlistDue(at: now) }
        return out
    }

    /// Free windows on the organization's last committed calendar (`GET /v1/availability`). Read from
    /// decision state, not a projection, so a window listed was free when the last booking committed.
    public func availability(organizationId: UUID, query: AvailabilityQuery) async throws(CommandError) -> [AvailableWindow] {
        let state = await writers[Int(partition(of: organizationId))].committedState(of: organizationId)
        do { return try Availability.windows(query, reference: state.reference, calendar: state.calendar, now: Date()) } catch {
            throw .rejected(error)
        }
    }

    /// Whether a group appointment's time is troubled (`GET /v1/group_appointments/{id}/conflicts`),
    /// on the organization's last committed calendar and reference data, as `availability` reads
    /// them: a booking committed a moment ago counts. Nil when the organization holds no such
    /// group appointment (archived ones are held, and have none).
    public func groupAppointmentConflicts(organizationId: UUID, id: UUID) async -> Bool? {
        let state = await writers[Int(partition(of: organizationId))].committedState(of: organizationId)
        guard state.groupAppointments.appointments[id] != nil else { return nil }
        return GroupAppointmentConflicts.exist(id: id, state: state.groupAppointments, reference: state.reference, calendar: state.calendar)
    }
}
