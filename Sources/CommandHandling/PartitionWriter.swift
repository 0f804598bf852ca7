import Domain
import EventStore
import Foundation
import Logging

/// The one writer of one partition. It holds the decision state of the organizations on its
/// partition and handles their commands strictly one at a time: decide, append in one Kafka
/// transaction, and only then evolve and answer. Serial handling is what makes a decision see
/// every earlier decision (an actor alone would interleave at the append's await).
public actor PartitionWriter {
    public nonisolated let partition: Int32
    private var appender: EventAppender
    private let makeAppender: @Sendable () throws -> EventAppender
    private let makeReader: @Sendable () throws -> LogHistoryReader
    private let logger: Logger
    private var states: [UUID: OrganizationState] = [:]
    /// Each organization's hash chain head as of its last committed event (`EventChain`).
    private var chains: [UUID: EventChain.Head] = [:]
    private var idempotency = IdempotencyIndex()
    private let jobs: AsyncStream<Job>.Continuation
    private let jobStream: AsyncStream<Job>
    private var stoppedReason: String?
    private var stopping = false
    /// A broker may drop old records (the embedded one keeps only the newest ~5 MiB of a partition,
    /// any Kafka past its retention), so the writer never runs more than `unarchivedBudget` bytes
    /// ahead of the archive: nothing is dropped before it is archived.
    private let archived: (any DurabilityBarrier)?
    private let unarchivedBudget: Int
    /// Appended but not yet known to be archived: each command's end offset and bytes, oldest first.
    private var unarchived: [(end: Int64, bytes: Int)] = []
    private var unarchivedBytes = 0
    /// Where the next append must land at the earliest; an append below it means the broker lost the log.
    private var logEnd: Int64 = 0

    private struct Job: Sendable {
        let command: CommandEnvelope
        let reply: CheckedContinuation<CommandOutcome, Error>
    }

    /// `makeAppender` and `makeReader` give a fresh producer and reader for this partition: at
    /// start, and again whenever a transaction's outcome is unknown and the writer must recover.
    public init(partition: Int32, makeAppender: @escaping @Sendable () throws -> EventAppender,
                makeReader: @escaping @Sendable () throws -> LogHistoryReader,
                archived: (any DurabilityBarrier)? = nil, unarchivedBudget: Int = 4 << 20, logger: Logger) throws {
        self.partition = partition
        self.archived = archived
        self.unarchivedBudget = max(unarchivedBudget, EventAppender.maxCommandBytes)
        self.appender = try makeAppender()
        self.makeAppender = makeAppender
        self.makeReader = makeReader
        self.logger = logger
        (jobStream, jobs) = AsyncStream.makeStream(of: Job.self)
    }

    /// Fences older writers, rebuilds decision state from the partition, then serves commands
    /// until `stop()`. Returns once the writer is ready; serving continues in a child task.
    public func start() async throws -> Task<Void, Never> {
        try await appender.start()
        try await rebuild()
        return Task { await self.serve() }
    }

    private func rebuild() async throws {
        let reader = try makeReader()
        do {
            let rebuilt = try await DecisionStateRebuilder.rebuild(partition: partition, reader: reader)
            await reader.close()
            states = rebuilt.states
            chains = rebuilt.chains
            idempotency = rebuilt.idempotency
            logEnd = rebuilt.logEnd
            // What the archive has of the log is unknown here: the first append waits until it has all.
            if archived != nil, logEnd > 0 { (unarchived, unarchivedBytes) = ([(logEnd, unarchivedBudget)], unarchivedBudget) }
            logger.info("writer ready", metadata: ["partition": "\(partition)", "events": "\(rebuilt.eventCount)", "organizations": "\(states.count)"])
        } catch {
            await reader.close()
            throw error
        }
    }

    /// After an unknown outcome: a new producer with the same transactional.id completes or
    /// aborts the open transaction; the decision state is then read again from the log, so it
    /// matches whatever actually happened.
    private func recover() async {
        await appender.close()
        do {
            appender = try makeAppender()
            try await appender.start()
            try await rebuild()
        } catch {
            stoppedReason = error is LogHistoryGap ? "\(error)"
                : "partition \(partition) could not recover from an unknown transaction outcome: \(error)"
            logger.critical("writer recovery failed; writer stopped", metadata: ["partition": "\(partition)", "reason": "\(error)"])
        }
    }

    /// Queues a command; answers after its events are committed (or it was refused).
    public nonisolated func submit(_ command: CommandEnvelope) async throws -> CommandOutcome {
        try await withCheckedThrowingContinuation { continuation in
            if case .terminated = jobs.yield(Job(command: command, reply: continuation)) {
                continuation.resume(throwing: CommandError.unavailable("writer for this partition is stopped"))
            }
        }
    }

    /// Why this writer takes no commands (fenced, or its log cannot be trusted), or nil when it serves.
    public var problem: String? { stoppedReason }

    /// Takes no more commands: those still queued are answered 503, the one in flight finishes.
    /// The serving task returned by `start()` ends once the queue is drained, and closes the producer.
    public func stop() {
        stopping = true
        jobs.finish()
    }

    /// The matcher on the last committed state, writing nothing (`POST /v1/patients/match-suggestion`).
    public func suggestMatch(organizationId: UUID, draft: UpsertDraft) -> (outcome: MatchOutcome, dropped: [String]) {
        let state = states[organizationId] ?? OrganizationState(organizationId: organizationId)
        let suggestion = Domain.suggestMatch(draft, state: state.patients, reference: state.reference, today: CalendarDate(utcDayOf: Date()))
        return (suggestion.outcome, suggestion.droppedFields)
    }

    /// An organization's state as of its last committed command, for queries that read decision
    /// state (availability). A copy-on-write value: the query runs outside the writer, which goes on writing.
    public func committedState(of organizationId: UUID) -> OrganizationState {
        states[organizationId] ?? OrganizationState(organizationId: organizationId)
    }

    private func serve() async {
        for await job in jobStream {
            if stopping {
                job.reply.resume(throwing: CommandError.unavailable("the service is shutting down; nothing was written, retry"))
                continue
            }
            do { job.reply.resume(returning: try await handle(job.command)) } catch { job.reply.resume(throwing: error) }
        }
        await appender.close()
    }

    private func handle(_ c: CommandEnvelope) async throws -> CommandOutcome {
        let now = RFC3339.now()
        if let key = c.idempotencyKey, let seen = idempotency.lookup(organizationId: c.organizationId, key: key, now: now) {
            guard seen.fingerprint == c.requestFingerprint else { throw CommandError.idempotencyKeyReused }
            guard let reply = seen.reply else { throw CommandError.idempotencyReplyUnknown }
            return CommandOutcome(reply: reply, events: [], positions: seen.positions, replayed: true)
        }
        if let stoppedReason { throw CommandError.unavailable(stoppedReason) }

        let (decision, envelopes, chain) = try decide(c, at: now)
        let events = decision.events
        // A command that changes nothing writes nothing (its key is remembered until a restart).
        guard !events.isEmpty else {
            if let key = c.idempotencyKey {
                idempotency.record(organizationId: c.organizationId, key: key,
                                   entry: .init(fingerprint: c.requestFingerprint, reply: decision.reply, positions: [:], firstSeen: now), now: now)
            }
            return CommandOutcome(reply: decision.reply, events: [], positions: [:], replayed: false)
        }

        let offsets: [Int64]
        do {
            let result = CommandResult(commandId: c.commandId, organizationId: c.organizationId, correlationId: c.correlationId,
                                       idempotencyKey: c.idempotencyKey, requestFingerprint: c.requestFingerprint,
                                       recordedAt: now, eventCount: events.count, reply: decision.reply, chain: chain)
            let records = try appender.records(envelopes, result: result)
            let bytes = records.reduce(0) { $0 + $1.byteCount }
            try await waitForArchive(room: bytes)
            offsets = try await appender.append(records)
            if let first = offsets.min(), first < logEnd {
                // The broker started over below what this writer already wrote: its log was lost.
                let gap = LogHistoryGap.logBehind(partition: partition, logEnd: first, expected: logEnd)
                stoppedReason = gap.description
                logger.critical("the broker lost this partition's log; writer stopped", metadata: ["partition": "\(partition)"])
                throw CommandError.unavailable(gap.description)
            }
            if let last = offsets.max() {
                logEnd = last + 1
                if archived != nil { unarchived.append((logEnd, bytes)); unarchivedBytes += bytes }
            }
        } catch let failure as EventAppender.Failure {
            switch failure {
            case .tooLarge(let why):
                throw CommandError.tooLarge(why)
            case .unstorable(let why):
                throw CommandError.unstorable(why)
            case .fenced(let why):
                stoppedReason = "another writer owns partition \(partition): \(why)"
                logger.critical("writer fenced", metadata: ["partition": "\(partition)"])
            case .uncertain:
                logger.error("transaction outcome unknown; recovering the writer", metadata: ["partition": "\(partition)"])
                await recover()
            case .notCommitted:
                break
            }
            throw CommandError.unavailable(failure.description)
        }

        chains[c.organizationId] = chain
        // evolve in place: the state is the only reference to its storage here, so an
        // organization's patients are never copied per command.
        for event in events {
            states[c.organizationId, default: OrganizationState(organizationId: c.organizationId)].apply(event)
        }
        let positions = [partition: (offsets.max() ?? -1) + 1]
        if let key = c.idempotencyKey {
            idempotency.record(organizationId: c.organizationId, key: key,
                               entry: .init(fingerprint: c.requestFingerprint, reply: decision.reply, positions: positions, firstSeen: now), now: now)
        }
        return CommandOutcome(reply: decision.reply, events: envelopes, positions: positions, replayed: false)
    }

    /// Holds the partition until the archiver has room for `bytes` more within the budget: the
    /// embedded broker must not drop a record before it is archived.
    private func waitForArchive(room bytes: Int) async throws {
        guard let archived else { return }
        while let oldest = unarchived.first, unarchivedBytes + bytes > unarchivedBudget {
            guard await archived.waitUntilPassed([partition: oldest.end], timeout: .seconds(30)) else {
                throw CommandError.unavailable("the event archive is not keeping up with partition \(partition); nothing was written, retry later")
            }
            unarchived.removeFirst()
            unarchivedBytes -= oldest.bytes
        }
    }

    /// Runs the decider on the organization's state. Kept apart from `handle` so no reference to
    /// the state outlives the decision (a live copy would make the in-place evolve copy everything).
    /// Returns the events linked onto the organization's hash chain, and the chain's head after them.
    private func decide(_ c: CommandEnvelope, at now: Date) throws -> (Decision<CommandReply>, [EventEnvelope], EventChain.Head) {
        let context = DecisionContext(organizationId: c.organizationId, now: now, channel: c.channel, idSeed: c.commandId)
        let state = states[c.organizationId] ?? OrganizationState(organizationId: c.organizationId)
        let decision: Decision<CommandReply>
        do { decision = try Domain.decide(c.command, state: state, context: context) } catch { throw CommandError.rejected(error) }
        // A reply that cannot be recorded fails the command: a key without its reply could not be replayed.
        let reply = try c.idempotencyKey.map { _ in try CommandReplyCoding.encode(decision.reply) }
        let (linked, chain) = try EventChain.link(envelop(decision.events, for: c, state: state, at: now, reply: reply),
                                                  on: chains[c.organizationId] ?? .genesis)
        return (decision, linked, chain)
    }

    /// Wraps decided events with their CloudEvents attributes. Each event's causation is the
    /// command; aggregate versions continue from the state.
    /// The first event carries the reply when the command has an Idempotency-Key.
    private func envelop(_ events: [DomainEvent], for c: CommandEnvelope, state: OrganizationState, at now: Date, reply: String?) -> [EventEnvelope] {
        var versions: [UUID: Int] = [:]
        return events.enumerated().map { index, event in
            let subject = event.subject(organizationId: c.organizationId)
            let version = (versions[subject.id] ?? state.version(of: subject.id)) + 1
            versions[subject.id] = version
            return EventEnvelope(
                eventId: UUIDv7.make(at: now), organizationId: c.organizationId, event: event,
                aggregateType: subject.type, aggregateId: subject.id, aggregateVersion: version,
                commandId: c.commandId, correlationId: c.correlationId, causationId: c.commandId,
                actor: c.actor, channel: c.channel, time: now,
                idempotencyKey: c.idempotencyKey, requestFingerprint: c.requestFingerprint, commandReply: index == 0 ? reply : nil)
        }
    }
}
