import Domain
import EventLog
import EventStore
import Foundation
import Logging

/// The one writer of one partition. It holds the decision state of the organizations on its
/// partition and decides their commands strictly in arrival order, each against every earlier
/// decision. Commands that arrive while a transaction is in flight wait in the queue; the next
/// group takes all of them (bounded), decides each in order against the evolving state, and
/// appends every accepted command's events and every result in one Kafka transaction (group
/// commit). Each caller is answered only once that transaction's outcome is known, with its own
/// reply. Nothing waits for a group to fill: at low load a group is one command.
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
    /// Commands (and reads) waiting for the writer, oldest first; `queueHead` skips taken ones.
    private var queue: [Job] = []
    private var queueHead = 0
    private var wake: CheckedContinuation<Void, Never>?
    /// True while a group's decisions are ahead of the log (decided, not yet committed or undone):
    /// reads of decision state then wait in the queue for the group's outcome.
    private var groupInFlight = false
    private var stoppedReason: String?
    private var stopping = false
    /// A broker may drop old records (the embedded one keeps only the newest ~5 MiB of a partition,
    /// any Kafka past its retention), so the writer never runs more than `unarchivedBudget` bytes
    /// ahead of the archive: nothing is dropped before it is archived.
    private let archived: (any DurabilityBarrier)?
    private let unarchivedBudget: Int
    /// Appended but not yet known to be archived: each group's end offset and bytes, oldest first.
    private var unarchived: [(end: Int64, bytes: Int)] = []
    private var unarchivedBytes = 0
    /// Where the next append must land at the earliest; an append below it means the broker lost the log.
    private var logEnd: Int64 = 0
    /// Events in the state, and the offset of the last one: what a snapshot records.
    private var eventCount = 0
    private var lastEventOffset: Int64?
    /// Snapshots of the decision state (nil: none taken or read), one every `snapshotEvery` events
    /// and one at a clean stop; `snapshotCount` is the event count of the newest one, taken or loaded.
    private let snapshots: (any WriterSnapshotStore)?
    private let snapshotEvery: Int
    private var snapshotCount = 0
    private var snapshotting: Task<Void, Never>?
    /// How the last start (or recovery) got its state: what tests and `bench restart` look at.
    public private(set) var lastStart = StartReport()

    public struct StartReport: Sendable {
        /// The snapshot's offset when the state came from one and the tail after it.
        public var snapshotOffset: Int64?
        public var events = 0
        /// Events read from the log: all of them without a snapshot.
        public var eventsRead = 0
        public var duration = Duration.zero
        public init() {}
    }
    /// At most this many commands share one transaction. Bytes are bounded too: a group never
    /// holds more than the unarchived budget, so it fits the embedded broker whole.
    private let maxGroupCommands: Int
    /// Transactions committed, and the commands they carried (those not refused; a command that
    /// wrote nothing counts when it shared a transaction): the group sizes the writer reached.
    public private(set) var statistics = Statistics()

    public struct Statistics: Sendable {
        public var transactions = 0
        public var commands = 0
        public var largestGroup = 0
        /// Where the writer's time went: deciding and encoding, waiting for the archive's room,
        /// and the Kafka transactions themselves.
        public var deciding = Duration.zero
        public var waitingForArchive = Duration.zero
        public var appending = Duration.zero

        public init() {}

        public static func + (a: Statistics, b: Statistics) -> Statistics {
            var s = a
            s.transactions += b.transactions
            s.commands += b.commands
            s.largestGroup = max(a.largestGroup, b.largestGroup)
            s.deciding += b.deciding
            s.waitingForArchive += b.waitingForArchive
            s.appending += b.appending
            return s
        }
    }

    private enum Job: Sendable {
        /// From HTTP (or a test): answered with the outcome; a refusal is thrown.
        case command(CommandEnvelope, CheckedContinuation<CommandOutcome, Error>)
        /// From the commands topic: answered with the result written (accepted or rejected) with its offset.
        case consumed(ConsumedCommand, CheckedContinuation<CommandResult, Error>)
        /// A read of committed decision state, run between groups.
        case read(@Sendable ([UUID: OrganizationState]) -> Void)
    }
    /// Runs just before a transaction holding a consumed command commits; a test throws there to stop
    /// between produce and commit.
    private let beforeConsumedCommit: (@Sendable () throws -> Void)?

    /// `makeAppender` and `makeReader` give a fresh producer and reader for this partition: at
    /// start, and again whenever a transaction's outcome is unknown and the writer must recover.
    public init(partition: Int32, makeAppender: @escaping @Sendable () throws -> EventAppender,
                makeReader: @escaping @Sendable () throws -> LogHistoryReader,
                archived: (any DurabilityBarrier)? = nil, unarchivedBudget: Int = 4 << 20, maxGroupCommands: Int = 256,
                snapshots: (any WriterSnapshotStore)? = nil, snapshotEvery: Int = 100_000,
                beforeConsumedCommit: (@Sendable () throws -> Void)? = nil, logger: Logger) throws {
        self.partition = partition
        self.snapshots = snapshots
        self.snapshotEvery = max(1, snapshotEvery)
        self.beforeConsumedCommit = beforeConsumedCommit
        self.archived = archived
        self.unarchivedBudget = max(unarchivedBudget, EventAppender.maxCommandBytes)
        self.maxGroupCommands = max(1, maxGroupCommands)
        self.appender = try makeAppender()
        self.makeAppender = makeAppender
        self.makeReader = makeReader
        self.logger = logger
    }

    /// Fences older writers, rebuilds decision state from the partition (from its newest snapshot
    /// and the tail when one fits the log), then serves commands until `stop()`. Returns once the
    /// writer is ready; serving continues in a child task.
    public func start() async throws -> Task<Void, Never> {
        try await appender.start()
        try await rebuild()
        return Task { await self.serve() }
    }

    private func rebuild() async throws {
        let clock = ContinuousClock(), started = clock.now
        var reader = try makeReader()
        do {
            let end = try await reader.checkedLogEnd(partition: partition)
            var rebuilt: DecisionStateRebuilder.Rebuilt?
            let base = await newestSnapshot(atMost: end)
            if let base {
                do {
                    rebuilt = try await DecisionStateRebuilder.rebuild(partition: partition, reader: reader, end: end, from: base)
                } catch let mismatch as DecisionStateRebuilder.SnapshotMismatch {
                    logger.warning("writer snapshot does not fit the log; rebuilding from the whole history", metadata: [
                        "partition": "\(partition)", "snapshot_offset": "\(base.logOffset)", "reason": "\(mismatch)"])
                    await reader.close()
                    reader = try makeReader()
                }
            }
            let fromSnapshot = rebuilt != nil
            if rebuilt == nil { rebuilt = try await DecisionStateRebuilder.rebuild(partition: partition, reader: reader, end: end) }
            await reader.close()
            let r = rebuilt!
            states = r.states
            chains = r.chains
            idempotency = r.idempotency
            logEnd = r.logEnd
            eventCount = r.eventCount
            lastEventOffset = r.lastEventOffset
            snapshotCount = fromSnapshot ? base?.snapshot.eventCount ?? 0 : 0
            lastStart = StartReport()
            (lastStart.snapshotOffset, lastStart.events) = (fromSnapshot ? base?.logOffset : nil, r.eventCount)
            (lastStart.eventsRead, lastStart.duration) = (r.eventCount - snapshotCount, clock.now - started)
            // What the archive has of the log is unknown here: the first append waits until it has all.
            if archived != nil, logEnd > 0 { (unarchived, unarchivedBytes) = ([(logEnd, unarchivedBudget)], unarchivedBudget) }
            logger.info("writer ready", metadata: [
                "partition": "\(partition)", "events": "\(r.eventCount)", "organizations": "\(states.count)",
                "from_snapshot": "\(fromSnapshot ? "offset \(base!.logOffset), \(r.eventCount - snapshotCount) events after it" : "no")",
                "seconds": "\(Self.seconds(lastStart.duration))"])
        } catch {
            await reader.close()
            throw error
        }
    }

    /// The newest snapshot of this partition at or below the log end, decoded, when it is of the
    /// current format; nil (logged without PHI: offsets and formats only) otherwise.
    private func newestSnapshot(atMost end: Int64) async -> DecisionStateRebuilder.Base? {
        guard let snapshots else { return nil }
        let meta: Logger.Metadata = ["partition": "\(partition)"]
        do {
            guard let stored = try await snapshots.newest(partition: partition, atMost: end) else { return nil }
            guard stored.format == WriterSnapshot.format else {
                logger.notice("writer snapshot of another format ignored; rebuilding from the whole history", metadata: meta.merging([
                    "snapshot_offset": "\(stored.logOffset)", "snapshot_format": "\(stored.format)", "format": "\(WriterSnapshot.format)"]) { $1 })
                return nil
            }
            return DecisionStateRebuilder.Base(snapshot: try WriterSnapshot.decode(stored.payload), logOffset: stored.logOffset)
        } catch {
            // The error of a decoder can quote the payload: name only its type.
            logger.warning("writer snapshot could not be read; rebuilding from the whole history",
                           metadata: meta.merging(["error": "\(type(of: error))"]) { $1 })
            return nil
        }
    }

    /// Takes a snapshot when `snapshotEvery` events have been committed since the last one and none
    /// is being written. Called between groups, so the state is exactly the committed log up to
    /// `logEnd`: past every aborted attempt a broker without abort markers shows (an abortable
    /// failure is retried inside one append), so no duplicated event straddles a snapshot.
    private func snapshotIfDue() {
        guard snapshotting == nil, eventCount - snapshotCount >= snapshotEvery else { return }
        snapshotting = takeSnapshot()
    }

    /// Encodes and stores the committed state outside the actor. The state is a copy-on-write
    /// value: the task holds a reference to it, so the writer's next in-place evolve of an
    /// organization copies that organization's storage once (docs/performance.md, "Writer
    /// snapshots", measures that spike against encoding inside the actor).
    private func takeSnapshot() -> Task<Void, Never>? {
        guard let snapshots, stoppedReason == nil, let last = lastEventOffset else { return nil }
        snapshotCount = eventCount
        let (states, chains, kept) = (states, chains, idempotency.kept(now: Date()))
        let (partition, offset, count, logger) = (partition, logEnd, eventCount, logger)
        return Task.detached(priority: .utility) {
            let clock = ContinuousClock(), started = clock.now
            do {
                let snapshot = WriterSnapshot(organizations: Array(states.values), chains: chains, idempotency: kept,
                                              eventCount: count, lastEventOffset: last)
                let payload = try snapshot.encoded()
                let encoded = clock.now
                try await snapshots.save(StoredWriterSnapshot(partition: partition, logOffset: offset, format: WriterSnapshot.format,
                                                              takenAt: Date(), eventCount: count, payload: payload))
                logger.info("writer snapshot taken", metadata: [
                    "partition": "\(partition)", "offset": "\(offset)", "events": "\(count)", "bytes": "\(payload.count)",
                    "encode_seconds": "\(Self.seconds(encoded - started))",
                    "store_seconds": "\(Self.seconds(clock.now - encoded))"])
            } catch {
                logger.error("writer snapshot failed; the next start reads more of the log", metadata: [
                    "partition": "\(partition)", "offset": "\(offset)", "error": "\(type(of: error))"])
            }
            await self.snapshotFinished()
        }
    }

    private func snapshotFinished() { snapshotting = nil }

    private static func seconds(_ d: Duration) -> String {
        String(format: "%.2f", Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18)
    }

    /// At a clean stop: waits for a snapshot under way, then takes one of what came after it.
    private func snapshotAtStop() async {
        await snapshotting?.value
        guard eventCount > snapshotCount else { return }
        await takeSnapshot()?.value
    }

    /// After an unknown outcome, or a failed group whose decisions were already folded into the
    /// state: a new producer with the same transactional.id completes or aborts the open
    /// transaction; the decision state is then read again from the log, so it matches whatever
    /// actually happened.
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
    public func submit(_ command: CommandEnvelope) async throws -> CommandOutcome {
        try await withCheckedThrowingContinuation { continuation in enqueue(.command(command, continuation)) }
    }

    /// Queues a record of the commands topic; answers with the result committed with its offset.
    /// Throws only `CommandError.unavailable`: nothing was committed, and the record must be offered again.
    public func submit(_ consumed: ConsumedCommand) async throws -> CommandResult {
        try await withCheckedThrowingContinuation { continuation in enqueue(.consumed(consumed, continuation)) }
    }

    private func enqueue(_ job: Job) {
        if stopping { return Self.refuse(job, CommandError.unavailable("writer for this partition is stopped")) }
        queue.append(job)
        wake?.resume()
        wake = nil
    }

    /// Why this writer takes no commands (fenced, or its log cannot be trusted), or nil when it serves.
    public var problem: String? { stoppedReason }

    /// Takes no more commands: those still queued are answered 503, the group in flight finishes.
    /// The serving task returned by `start()` ends once the queue is drained, and closes the producer.
    public func stop() {
        stopping = true
        wake?.resume()
        wake = nil
    }

    /// Runs `body` on the decision state as of the last committed transaction: at once when no
    /// group is in flight, else in the queue right after that group's outcome is known.
    private func read<T: Sendable>(_ body: @escaping @Sendable ([UUID: OrganizationState]) -> T) async -> T {
        if !groupInFlight { return body(states) }
        return await withCheckedContinuation { continuation in
            queue.append(.read { continuation.resume(returning: body($0)) })
        }
    }

    /// The matcher on the last committed state, writing nothing (`POST /v1/patients/match-suggestion`).
    public func suggestMatch(organizationId: UUID, draft: UpsertDraft) async -> (outcome: MatchOutcome, dropped: [String]) {
        await read { states in
            let state = states[organizationId] ?? OrganizationState(organizationId: organizationId)
            let suggestion = Domain.suggestMatch(draft, state: state.patients, reference: state.reference, today: CalendarDate(utcDayOf: Date()))
            return (suggestion.outcome, suggestion.droppedFields)
        }
    }

    /// The organizations whose waitlist has something due at `now` (an invite's hold ended, a
    /// request's last day passed): what the waitlist scheduler sends expiry commands for.
    public func waitlistDue(at now: Date) async -> [(organizationId: UUID, invites: Bool, requests: Bool)] {
        await read { states in
            states.compactMap { id, state in
                let due = state.waitlist.due(at: now, reference: state.reference)
                return due.invites || due.requests ? (id, due.invites, due.requests) : nil
            }
        }
    }

    /// An organization's state as of its last committed command, for queries that read decision
    /// state (availability). A copy-on-write value: the query runs outside the writer, which goes on writing.
    public func committedState(of organizationId: UUID) async -> OrganizationState {
        await read { $0[organizationId] ?? OrganizationState(organizationId: organizationId) }
    }

    private func nextJob() async -> Job? {
        while queueHead == queue.count {
            queue.removeAll(keepingCapacity: true)
            queueHead = 0
            if stopping { return nil }
            await withCheckedContinuation { wake = $0 }
        }
        defer { queueHead += 1 }
        return queue[queueHead]
    }

    private func serve() async {
        while let job = await nextJob() {
            if case .read(let body) = job { body(states); continue }
            if stopping { Self.refuse(job, CommandError.unavailable("the service is shutting down; nothing was written, retry")); continue }
            await commitGroup(startingWith: job)
            snapshotIfDue()
        }
        await snapshotAtStop()
        await appender.close()
    }

    private static func refuse(_ job: Job, _ error: Error) {
        switch job {
        case .command(_, let reply): reply.resume(throwing: error)
        case .consumed(_, let reply): reply.resume(throwing: error)
        case .read: break
        }
    }

    // MARK: Group commit

    /// One command of a group, with what its caller will be told once the transaction's outcome is known.
    private struct Member {
        var job: Job
        /// Told instead of an answer: an HTTP command's refusal, or why a consumed one was not taken.
        var failure: Error?
        /// HTTP: the answer (positions filled in once its events have offsets).
        var outcome: CommandOutcome?
        /// Commands topic: the result written (its event offsets filled in once known).
        var result: CommandResult?
        /// Which of the group's events are this command's (indexes into the events' offsets).
        var events: Range<Int> = 0..<0
        /// The Idempotency-Key's entry to remember once committed.
        var remember: Remembered?
    }

    private struct Remembered {
        var organizationId: UUID
        var key: String
        var entry: IdempotencyIndex.Entry
    }

    private struct Group {
        var members: [Member] = []
        var records: [ProducerRecord] = []
        var bytes = 0
        var eventCount = 0
        var offsets: GroupOffsets?
        /// Results written after the events, built from their offsets: consumed commands that wrote events.
        var trailing: [(events: Range<Int>, result: CommandResult)] = []
        /// Idempotency-Keys decided in this group: a second use waits for the next group, which
        /// then finds the first one's committed answer.
        var keys: Set<String> = []
        var hasConsumed = false
    }

    /// A command decided, before it joins a group: what it writes, folds and answers.
    private struct Staged {
        var failure: CommandError?
        var outcome: CommandOutcome?
        var result: CommandResult?
        /// True when `result` names its events' offsets: written after them, once they are known.
        var resultTrails = false
        var records: [ProducerRecord] = []
        var eventRecords = 0
        /// The decided events, folded into the state once the command is in the group.
        var fold: (organizationId: UUID, events: [DomainEvent], chain: EventChain.Head)?
        var remember: Remembered?

        init() {}
        init(failure: CommandError) { self.failure = failure }
        init(result: CommandResult) { self.result = result }
    }

    /// Decides the waiting commands into one group, starting with `first`, appends the group in one
    /// transaction, and answers every member.
    private func commitGroup(startingWith first: Job) async {
        groupInFlight = true
        defer { groupInFlight = false }
        let now = RFC3339.now()
        let clock = ContinuousClock(), started = clock.now
        var group = Group()
        var job = first
        while true {
            guard stage(job, into: &group, now: now) else { queueHead -= 1; break }  // taken again by the next group
            guard group.members.count < maxGroupCommands, group.bytes < unarchivedBudget, queueHead < queue.count else { break }
            if case .read = queue[queueHead] { break }
            job = queue[queueHead]
            queueHead += 1
        }
        let stateAhead = group.eventCount > 0
        let decided = clock.now
        statistics.deciding += decided - started
        guard !group.records.isEmpty else { return answer(group.members, eventOffsets: []) }
        do {
            try await waitForArchive(room: group.bytes)
            let room = clock.now
            statistics.waitingForArchive += room - decided
            defer { statistics.appending += clock.now - room }
            let trailing = group.trailing
            let results: @Sendable ([Int64]) -> [CommandResult] = { offsets in
                trailing.map { var r = $0.result; r.eventOffsets = Array(offsets[$0.events]); return r }
            }
            let eventOffsets = try await appender.append(
                group.records, results: trailing.isEmpty ? nil : results,
                offsets: group.offsets, beforeCommit: group.hasConsumed ? beforeConsumedCommit : nil)
            if let first = eventOffsets.min(), first < logEnd {
                // The broker started over below what this writer already wrote: its log was lost.
                let gap = LogHistoryGap.logBehind(partition: partition, logEnd: first, expected: logEnd)
                stoppedReason = gap.description
                logger.critical("the broker lost this partition's log; writer stopped", metadata: ["partition": "\(partition)"])
                throw CommandError.unavailable(gap.description)
            }
            if let last = eventOffsets.max() {
                logEnd = last + 1
                lastEventOffset = last
                eventCount += eventOffsets.count
                if archived != nil { unarchived.append((logEnd, group.bytes)); unarchivedBytes += group.bytes }
            }
            let written = group.members.filter { $0.failure == nil }.count
            statistics.transactions += 1
            statistics.commands += written
            statistics.largestGroup = max(statistics.largestGroup, written)
            answer(group.members, eventOffsets: eventOffsets)
        } catch {
            let failure: CommandError
            if let f = error as? EventAppender.Failure {
                failure = await failed(f, stateAhead: stateAhead)
            } else {
                // The archive did not keep up, or the log was lost: nothing was sent (or the writer
                // stopped), but the state may hold the group's decisions.
                failure = error as? CommandError ?? .unavailable("\(error)")
                if stateAhead, stoppedReason == nil { await recover() }
            }
            // Every member, refused ones too: a refusal may rest on a decision that was not written.
            for member in group.members {
                if case .consumed = member.job { Self.refuse(member.job, CommandError.unavailable(failure.description)) } else {
                    Self.refuse(member.job, failure)
                }
            }
        }
    }

    /// Answers every member of a committed group, remembering Idempotency-Keys with their positions.
    private func answer(_ members: [Member], eventOffsets: [Int64]) {
        for var m in members {
            if let failure = m.failure { Self.refuse(m.job, failure); continue }
            if !m.events.isEmpty {
                let positions = [partition: eventOffsets[m.events.upperBound - 1] + 1]
                m.outcome?.positions = positions
                m.result?.eventOffsets = Array(eventOffsets[m.events])
                m.remember?.entry.positions = positions
            } else if m.outcome?.replayed == false {
                // Wrote nothing, but was decided on everything committed so far (an upsert matched a
                // patient created a moment ago): its reader waits for that, not for nothing.
                m.outcome?.positions = [partition: logEnd]
            }
            if let r = m.remember { idempotency.record(organizationId: r.organizationId, key: r.key, entry: r.entry, now: r.entry.firstSeen) }
            switch m.job {
            case .command(_, let reply):
                if let outcome = m.outcome { reply.resume(returning: outcome) } else {
                    reply.resume(throwing: CommandError.unavailable("partition \(partition) decided no answer for a command"))
                }
            case .consumed(_, let reply):
                if let result = m.result { reply.resume(returning: result) } else {
                    reply.resume(throwing: CommandError.unavailable("partition \(partition) wrote no result for a consumed command"))
                }
            case .read: break
            }
        }
    }

    /// The writer's reading of a failed append: every failure means nothing was written. When the
    /// group's decisions were already folded into the state, the state is read again from the log.
    private func failed(_ failure: EventAppender.Failure, stateAhead: Bool) async -> CommandError {
        switch failure {
        case .tooLarge(let why):
            if stateAhead { await recover() }
            return .tooLarge(why)
        case .unstorable(let why):
            if stateAhead { await recover() }
            return .unstorable(why)
        case .fenced(let why):
            stoppedReason = "another writer owns partition \(partition): \(why)"
            logger.critical("writer fenced", metadata: ["partition": "\(partition)"])
        case .uncertain:
            logger.error("transaction outcome unknown; recovering the writer", metadata: ["partition": "\(partition)"])
            await recover()
        case .notCommitted:
            if stateAhead { await recover() }
        }
        return .unavailable(failure.description)
    }

    /// Decides one job into the group. Returns false, changing nothing, when it must wait for the
    /// next group: its records would not fit this one, its Idempotency-Key was decided in this
    /// group, or its consumer offsets belong to another consumer group.
    private func stage(_ job: Job, into group: inout Group, now: Date) -> Bool {
        switch job {
        case .read:
            return true
        case .command(let c, _):
            if let key = c.idempotencyKey, group.keys.contains(Self.keyId(c.organizationId, key)) { return false }
            return add(decide(c, consumed: nil, now: now), job: job, into: &group)
        case .consumed(let consumed, _):
            if let offsets = group.offsets, offsets.group != consumed.offsets.group || offsets.topic != consumed.offsets.topic { return false }
            var staged = Staged()
            switch consumed.content {
            case .rejected(let result):
                staged.result = result
            case .command(let c, let render):
                if let key = c.idempotencyKey, group.keys.contains(Self.keyId(c.organizationId, key)) { return false }
                do { try c.command.checkLimits(); staged = decide(c, consumed: consumed, now: now) } catch {
                    staged.failure = .rejected(error)
                }
                if let refusal = staged.failure, !refusal.isUnavailable {
                    // A refusal, said in the route's dialect, is written as the record's result with its offset.
                    staged = Staged(result: CommandResult(rejected: c.commandId, organizationId: c.organizationId, recordedAt: now,
                                                          error: render(refusal), commandType: consumed.commandType, source: consumed.source))
                }
            }
            if staged.failure == nil, !staged.resultTrails, let result = staged.result {
                // The result alone (no events): written with the offset in the same transaction.
                do { staged.records.append(try result.record(topic: appender.resultsTopic, partition: partition)) } catch {
                    staged = Staged(failure: .unavailable("the result of a consumed command could not be encoded: \(error)"))
                }
            }
            guard add(staged, job: job, into: &group) else { return false }
            if staged.failure == nil {
                group.hasConsumed = true
                group.offsets = Self.merged(group.offsets, consumed.offsets)
            }
            return true
        }
    }

    /// Adds a decided command to the group (false: its records would not fit; nothing changed).
    private func add(_ staged: Staged, job: Job, into group: inout Group) -> Bool {
        if let failure = staged.failure {
            group.members.append(Member(job: job, failure: failure))
            return true
        }
        let bytes = staged.records.reduce(0) { $0 + $1.byteCount }
        if !group.members.isEmpty, group.bytes + bytes > unarchivedBudget { return false }
        if let fold = staged.fold {
            chains[fold.organizationId] = fold.chain
            // Evolve in place: the state is the only reference to its storage here, so an
            // organization's patients are never copied per command.
            for event in fold.events {
                states[fold.organizationId, default: OrganizationState(organizationId: fold.organizationId)].apply(event)
            }
        }
        let events = group.eventCount..<(group.eventCount + staged.eventRecords)
        group.members.append(Member(job: job, outcome: staged.outcome, result: staged.result, events: events, remember: staged.remember))
        if let r = staged.remember { group.keys.insert(Self.keyId(r.organizationId, r.key)) }
        if staged.resultTrails, let result = staged.result { group.trailing.append((events, result)) }
        group.records += staged.records
        group.bytes += bytes
        group.eventCount += staged.eventRecords
        return true
    }

    private static func keyId(_ organizationId: UUID, _ key: String) -> String { "\(organizationId.lowercased) \(key)" }

    /// The consumer's offsets after both: per partition, the furthest.
    private static func merged(_ a: GroupOffsets?, _ b: GroupOffsets) -> GroupOffsets {
        guard var a else { return b }
        a.next.merge(b.next, uniquingKeysWith: max)
        return a
    }

    /// Decides one command on the state as the group has evolved it. With `consumed` (the commands
    /// topic) a result is written in every case, also when the command writes no events or is a
    /// replay of its Idempotency-Key; it names the events' offsets when there are events.
    private func decide(_ c: CommandEnvelope, consumed: ConsumedCommand?, now: Date) -> Staged {
        var staged = Staged()
        func accepted(_ reply: CommandReply, events: Int, replayed: Bool, chain: EventChain.Head? = nil) -> CommandResult {
            var r = CommandResult(commandId: c.commandId, organizationId: c.organizationId, correlationId: c.correlationId,
                                  idempotencyKey: c.idempotencyKey, requestFingerprint: c.requestFingerprint,
                                  recordedAt: now, eventCount: events, reply: reply, chain: chain)
            if let consumed {
                (r.eventOffsets, r.replayed, r.commandType, r.source) = ([], replayed, consumed.commandType, consumed.source)
            }
            return r
        }
        if let key = c.idempotencyKey, let seen = idempotency.lookup(organizationId: c.organizationId, key: key, now: now) {
            guard seen.fingerprint == c.requestFingerprint else { return Staged(failure: .idempotencyKeyReused) }
            guard let reply = seen.reply else { return Staged(failure: .idempotencyReplyUnknown) }
            staged.outcome = CommandOutcome(reply: reply, events: [], positions: seen.positions, replayed: true)
            if consumed != nil { staged.result = accepted(reply, events: 0, replayed: true) }
            return staged
        }
        if let stoppedReason { return Staged(failure: .unavailable(stoppedReason)) }

        let decision: Decision<CommandReply>, envelopes: [EventEnvelope], chain: EventChain.Head
        do { (decision, envelopes, chain) = try decideEvents(c, at: now) } catch let error as CommandError {
            return Staged(failure: error)
        } catch {
            // The reply or the chain could not be encoded: nothing is written.
            return Staged(failure: .unavailable("the command's events could not be recorded: \(error)"))
        }
        let remember = c.idempotencyKey.map { Remembered(organizationId: c.organizationId, key: $0, entry: .init(
            fingerprint: c.requestFingerprint, reply: decision.reply, positions: [:], firstSeen: now)) }
        staged.outcome = CommandOutcome(reply: decision.reply, events: envelopes, positions: [:], replayed: false)
        staged.remember = remember
        // A command that changes nothing writes nothing (its key is remembered until a restart),
        // but a consumed one its result and offset.
        guard !decision.events.isEmpty else {
            if consumed != nil { staged.result = accepted(decision.reply, events: 0, replayed: false) }
            return staged
        }
        do {
            let result = accepted(decision.reply, events: decision.events.count, replayed: false, chain: chain)
            staged.records = try appender.records(envelopes, result: result)
            staged.eventRecords = envelopes.count
            if consumed != nil {
                // The result names the events' offsets: it is built once they are delivered (`records`
                // checked its size with the offsets left out; a few numbers more do not matter).
                staged.records.removeLast()
                (staged.result, staged.resultTrails) = (result, true)
            }
        } catch let failure as EventAppender.Failure {
            switch failure {
            case .tooLarge(let why): return Staged(failure: .tooLarge(why))
            case .unstorable(let why): return Staged(failure: .unstorable(why))
            default: return Staged(failure: .unavailable(failure.description))
            }
        } catch {
            return Staged(failure: .unavailable("the command's events could not be encoded: \(error)"))
        }
        staged.fold = (c.organizationId, decision.events, chain)
        return staged
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
    private func decideEvents(_ c: CommandEnvelope, at now: Date) throws -> (Decision<CommandReply>, [EventEnvelope], EventChain.Head) {
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
