import Domain
import EventLog
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

    private enum Job: Sendable {
        /// From HTTP (or a test): answered with the outcome; a refusal is thrown.
        case command(CommandEnvelope, CheckedContinuation<CommandOutcome, Error>)
        /// From the commands topic: answered with the result written (accepted or rejected) with its offset.
        case consumed(ConsumedCommand, CheckedContinuation<CommandResult, Error>)
    }
    /// Runs just before a consumed command's transaction commits; a test throws there to stop
    /// between produce and commit.
    private let beforeConsumedCommit: (@Sendable () throws -> Void)?

    /// `makeAppender` and `makeReader` give a fresh producer and reader for this partition: at
    /// start, and again whenever a transaction's outcome is unknown and the writer must recover.
    public init(partition: Int32, makeAppender: @escaping @Sendable () throws -> EventAppender,
                makeReader: @escaping @Sendable () throws -> LogHistoryReader,
                archived: (any DurabilityBarrier)? = nil, unarchivedBudget: Int = 4 << 20,
                beforeConsumedCommit: (@Sendable () throws -> Void)? = nil, logger: Logger) throws {
        self.partition = partition
        self.beforeConsumedCommit = beforeConsumedCommit
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
            if case .terminated = jobs.yield(.command(command, continuation)) {
                continuation.resume(throwing: CommandError.unavailable("writer for this partition is stopped"))
            }
        }
    }

    /// Queues a record of the commands topic; answers with the result committed with its offset.
    /// Throws only `CommandError.unavailable`: nothing was committed, and the record must be offered again.
    public nonisolated func submit(_ consumed: ConsumedCommand) async throws -> CommandResult {
        try await withCheckedThrowingContinuation { continuation in
            if case .terminated = jobs.yield(.consumed(consumed, continuation)) {
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

    /// The organizations whose waitlist has something due at `now` (an invite's hold ended, a
    /// request's last day passed): what the waitlist scheduler sends expiry commands for.
    public func waitlistDue(at now: Date) -> [(organizationId: UUID, invites: Bool, requests: Bool)] {
        states.compactMap { id, state in
            let due = state.waitlist.due(at: now, reference: state.reference)
            return due.invites || due.requests ? (id, due.invites, due.requests) : nil
        }
    }

    /// An organization's state as of its last committed command, for queries that read decision
    /// state (availability). A copy-on-write value: the query runs outside the writer, which goes on writing.
    public func committedState(of organizationId: UUID) -> OrganizationState {
        states[organizationId] ?? OrganizationState(organizationId: organizationId)
    }

    private func serve() async {
        for await job in jobStream {
            let shuttingDown = CommandError.unavailable("the service is shutting down; nothing was written, retry")
            switch job {
            case .command(let command, let reply):
                if stopping { reply.resume(throwing: shuttingDown); continue }
                do { reply.resume(returning: try await handle(command).outcome) } catch { reply.resume(throwing: error) }
            case .consumed(let consumed, let reply):
                if stopping { reply.resume(throwing: shuttingDown); continue }
                do { reply.resume(returning: try await handle(consumed)) } catch { reply.resume(throwing: error) }
            }
        }
        await appender.close()
    }

    /// A record of the commands topic: always a transaction, whatever the outcome, holding its
    /// result and the consumer's offset (and the events, when the command wrote some), so no
    /// record is applied twice, lost, or left to block its partition.
    private func handle(_ consumed: ConsumedCommand) async throws -> CommandResult {
        if let stoppedReason { throw CommandError.unavailable(stoppedReason) }
        let rejected: CommandResult
        switch consumed.content {
        case .rejected(let result):
            rejected = result
        case .command(let c, let render):
            do {
                do { try c.command.checkLimits() } catch { throw CommandError.rejected(error) }
                // handle(_:consumed:) writes the result of every command it does not refuse.
                guard let result = try await handle(c, consumed: consumed).result else {
                    throw CommandError.unavailable("partition \(partition) wrote no result for a consumed command")
                }
                return result
            } catch let error as CommandError {
                if case .unavailable = error { throw error }
                // Anything else is a refusal: said in the route's dialect, written with the offset.
                rejected = CommandResult(rejected: c.commandId, organizationId: c.organizationId, recordedAt: RFC3339.now(),
                                         error: render(error), commandType: consumed.commandType, source: consumed.source)
            }
        }
        try await writeResult(rejected, offsets: consumed.offsets)
        return rejected
    }

    /// A consumed command's result alone (no events) with the consumer's offset.
    private func writeResult(_ result: CommandResult, offsets: GroupOffsets) async throws {
        do {
            _ = try await appender.append([try result.record(topic: appender.resultsTopic, partition: partition)], offsets: offsets,
                                          beforeCommit: beforeConsumedCommit)
        } catch let failure as EventAppender.Failure {
            throw await failed(failure)
        }
    }

    /// The writer's reading of a failed append: every failure means nothing was written.
    private func failed(_ failure: EventAppender.Failure) async -> CommandError {
        switch failure {
        case .tooLarge(let why):
            return .tooLarge(why)
        case .unstorable(let why):
            return .unstorable(why)
        case .fenced(let why):
            stoppedReason = "another writer owns partition \(partition): \(why)"
            logger.critical("writer fenced", metadata: ["partition": "\(partition)"])
        case .uncertain:
            logger.error("transaction outcome unknown; recovering the writer", metadata: ["partition": "\(partition)"])
            await recover()
        case .notCommitted:
            break
        }
        return .unavailable(failure.description)
    }

    /// Decides and appends one command. With `consumed` (the commands topic) the result and the
    /// consumer's offset are written in every case, also when the command writes no events or is
    /// a replay of its command id, and returned.
    private func handle(_ c: CommandEnvelope, consumed: ConsumedCommand? = nil) async throws -> (outcome: CommandOutcome, result: CommandResult?) {
        let now = RFC3339.now()
        func accepted(_ reply: CommandReply, events: Int, offsets: [Int64]?, replayed: Bool, chain: EventChain.Head? = nil) -> CommandResult {
            var r = CommandResult(commandId: c.commandId, organizationId: c.organizationId, correlationId: c.correlationId,
                                  idempotencyKey: c.idempotencyKey, requestFingerprint: c.requestFingerprint,
                                  recordedAt: now, eventCount: events, reply: reply, chain: chain)
            if let consumed {
                (r.eventOffsets, r.replayed, r.commandType, r.source) = (offsets ?? [], replayed, consumed.commandType, consumed.source)
            }
            return r
        }
        if let key = c.idempotencyKey, let seen = idempotency.lookup(organizationId: c.organizationId, key: key, now: now) {
            guard seen.fingerprint == c.requestFingerprint else { throw CommandError.idempotencyKeyReused }
            guard let reply = seen.reply else { throw CommandError.idempotencyReplyUnknown }
            let outcome = CommandOutcome(reply: reply, events: [], positions: seen.positions, replayed: true)
            guard let consumed else { return (outcome, nil) }
            let result = accepted(reply, events: 0, offsets: nil, replayed: true)
            try await writeResult(result, offsets: consumed.offsets)
            return (outcome, result)
        }
        if let stoppedReason { throw CommandError.unavailable(stoppedReason) }

        let (decision, envelopes, chain) = try decide(c, at: now)
        let events = decision.events
        // A command that changes nothing writes nothing (its key is remembered until a restart),
        // but a consumed one its result and offset.
        guard !events.isEmpty else {
            var result: CommandResult?
            if let consumed {
                result = accepted(decision.reply, events: 0, offsets: nil, replayed: false)
                try await writeResult(result!, offsets: consumed.offsets)
            }
            if let key = c.idempotencyKey {
                idempotency.record(organizationId: c.organizationId, key: key,
                                   entry: .init(fingerprint: c.requestFingerprint, reply: decision.reply, positions: [:], firstSeen: now), now: now)
            }
            return (CommandOutcome(reply: decision.reply, events: [], positions: [:], replayed: false), result)
        }

        let offsets: [Int64]
        do {
            let result = accepted(decision.reply, events: events.count, offsets: nil, replayed: false, chain: chain)
            var records = try appender.records(envelopes, result: result)
            let bytes = records.reduce(0) { $0 + $1.byteCount }
            try await waitForArchive(room: bytes)
            if let consumed {
                // The result names the events' offsets: it is built once they are delivered (`records`
                // checked its size with the offsets left out; a few numbers more do not matter).
                records.removeLast()
                offsets = try await appender.append(records, result: { eventOffsets in
                    var named = result
                    named.eventOffsets = eventOffsets
                    return named
                }, offsets: consumed.offsets, beforeCommit: beforeConsumedCommit)
            } else {
                offsets = try await appender.append(records)
            }
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
            throw await failed(failure)
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
        var result: CommandResult?
        if consumed != nil { result = accepted(decision.reply, events: events.count, offsets: offsets, replayed: false) }
        return (CommandOutcome(reply: decision.reply, events: envelopes, positions: positions, replayed: false), result)
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
