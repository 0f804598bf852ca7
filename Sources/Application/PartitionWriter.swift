import Domain
import EventStore
import Foundation
import Logging

/// The one writer of one partition. It holds the decision state of the organizations on its
/// partition and handles their commands strictly one at a time: decide, append in one Kafka
/// transaction, and only then evolve and answer. Serial handling is what makes a decision see
/// every earlier decision (an actor alone would interleave at the append's await).
public actor PartitionWriter {
    public let partition: Int32
    private var appender: EventAppender
    private let makeAppender: @Sendable () throws -> EventAppender
    private let makeReader: @Sendable () throws -> EventReader
    private let logger: Logger
    private var states: [UUID: OrganizationState] = [:]
    private var idempotency = IdempotencyIndex()
    private let jobs: AsyncStream<Job>.Continuation
    private let jobStream: AsyncStream<Job>
    private var fencedReason: String?

    private struct Job: Sendable {
        let command: CommandEnvelope
        let reply: CheckedContinuation<CommandOutcome, Error>
    }

    /// `makeAppender` and `makeReader` give a fresh producer and reader for this partition: at
    /// start, and again whenever a transaction's outcome is unknown and the writer must recover.
    public init(partition: Int32, makeAppender: @escaping @Sendable () throws -> EventAppender,
                makeReader: @escaping @Sendable () throws -> EventReader, logger: Logger) throws {
        self.partition = partition
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
            idempotency = rebuilt.idempotency
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
            fencedReason = "partition \(partition) could not recover from an unknown transaction outcome: \(error)"
            logger.critical("writer recovery failed", metadata: ["partition": "\(partition)"])
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

    public func stop() async {
        jobs.finish()
        await appender.close()
    }

    /// The matcher on the last committed state, writing nothing (`POST /v1/patients/match-suggestion`).
    public func suggestMatch(organizationId: UUID, draft: UpsertDraft) -> (outcome: MatchOutcome, dropped: [String]) {
        let state = states[organizationId] ?? OrganizationState(organizationId: organizationId)
        let suggestion = Domain.suggestMatch(draft, state: state, today: CalendarDate(utcDayOf: Date()))
        return (suggestion.outcome, suggestion.droppedFields)
    }

    private func serve() async {
        for await job in jobStream {
            do { job.reply.resume(returning: try await handle(job.command)) } catch { job.reply.resume(throwing: error) }
        }
    }

    private func handle(_ c: CommandEnvelope) async throws -> CommandOutcome {
        let now = Date()
        if let key = c.idempotencyKey, let seen = idempotency.lookup(organizationId: c.organizationId, key: key, now: now) {
            guard seen.fingerprint == c.requestFingerprint else { throw CommandError.idempotencyKeyReused }
            return CommandOutcome(reply: seen.reply, events: [], positions: seen.positions, replayed: true,
                                  referenceData: referenceData(c))
        }
        if let fencedReason { throw CommandError.unavailable(fencedReason) }

        let (events, envelopes, liveReply) = try decision(for: c, at: now)
        guard !events.isEmpty else {
            return CommandOutcome(reply: liveReply ?? CommandReply.derive(from: [], organizationId: c.organizationId),
                                  events: [], positions: [:], replayed: false, referenceData: referenceData(c))
        }

        let offsets: [Int64]
        do { offsets = try await appender.append(envelopes) } catch let failure as EventAppender.Failure {
            switch failure {
            case .fenced(let why):
                fencedReason = "another writer owns partition \(partition): \(why)"
                logger.critical("writer fenced", metadata: ["partition": "\(partition)"])
            case .uncertain:
                logger.error("transaction outcome unknown; recovering the writer", metadata: ["partition": "\(partition)"])
                await recover()
            case .notCommitted:
                break
            }
            throw CommandError.unavailable(failure.description)
        }

        // evolve in place: the state is the only reference to its storage here, so an
        // organization's patients are never copied per command.
        for event in events {
            states[c.organizationId, default: OrganizationState(organizationId: c.organizationId)].apply(event)
        }
        let positions = [partition: (offsets.max() ?? -1) + 1]
        let reply = liveReply ?? CommandReply.derive(from: events, organizationId: c.organizationId)
        if let key = c.idempotencyKey {
            idempotency.record(organizationId: c.organizationId, key: key,
                               entry: .init(fingerprint: c.requestFingerprint, reply: reply, positions: positions, firstSeen: now), now: now)
        }
        return CommandOutcome(reply: reply, events: envelopes, positions: positions, replayed: false, referenceData: referenceData(c))
    }

    /// Runs the decider on the organization's state. Kept apart from `handle` so no reference to
    /// the state outlives the decision (a live copy would make the in-place evolve copy everything).
    private func decision(for c: CommandEnvelope, at now: Date) throws -> (events: [DomainEvent], envelopes: [EventEnvelope], reply: CommandReply?) {
        let context = DecisionContext(organizationId: c.organizationId, now: now, channel: c.channel, idSeed: c.commandId)
        let state = states[c.organizationId] ?? OrganizationState(organizationId: c.organizationId)
        do {
            if case .upsertPatient(let upsert) = c.command {
                let decision = try decideUpsertPatient(upsert, state: state, context: context)
                return (decision.events, envelop(decision.events, for: c, state: state, at: now), .patientUpserted(decision.result))
            }
            let events = try decide(c.command, state: state, context: context)
            return (events, envelop(events, for: c, state: state, at: now), nil)
        } catch {
            throw CommandError.rejected(error)
        }
    }

    /// The organization's reference data, for the reply to `applyReferenceData` (small: copied).
    private func referenceData(_ c: CommandEnvelope) -> ReferenceDataSnapshot? {
        guard case .applyReferenceData = c.command, let s = states[c.organizationId] else { return nil }
        return ReferenceDataSnapshot(locations: Array(s.locations.values), workflowStages: Array(s.workflowStages.values),
                                     users: Array(s.users.values), externalIdTypes: Array(s.externalIdTypes.values))
    }

    /// Wraps decided events with their CloudEvents attributes. Each event's causation is the
    /// command; aggregate versions continue from the state.
    private func envelop(_ events: [DomainEvent], for c: CommandEnvelope, state: OrganizationState, at now: Date) -> [EventEnvelope] {
        var versions: [UUID: Int] = [:]
        return events.map { event in
            let subject = event.subject(organizationId: c.organizationId)
            let version = (versions[subject.id] ?? state.version(of: subject.id)) + 1
            versions[subject.id] = version
            return EventEnvelope(
                eventId: UUIDv7.make(at: now), organizationId: c.organizationId, event: event,
                aggregateType: subject.type, aggregateId: subject.id, aggregateVersion: version,
                commandId: c.commandId, correlationId: c.correlationId, causationId: c.commandId,
                actor: c.actor, channel: c.channel, time: now,
                idempotencyKey: c.idempotencyKey, requestFingerprint: c.requestFingerprint)
        }
    }
}
