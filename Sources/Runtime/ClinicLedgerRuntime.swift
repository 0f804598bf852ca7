import CommandHandling
import EventLog
import EventStore
import Foundation
import HTTPAPI
import Logging
import PostgresNIO
import ReadModels

/// The whole system in one process: PostgreSQL client and migrations, the broker (embedded or
/// real), topics, restore, one writer per partition, one runner per projection, and the HTTP services.
/// Started in dependency order; stopped in reverse.
public final class ClinicLedgerRuntime: Sendable {
    public let configuration: RuntimeConfiguration
    public let services: APIServices
    public let topics: Topics
    public let bootstrapServers: String
    public let partitions: Int32
    public let postgres: PostgresClient
    public let restoredEvents: Int
    private let broker: EmbeddedBroker?
    private let writers: [PartitionWriter]
    private let writerTasks: [Task<Void, Never>]
    private let commandsConsumers: [Task<Void, Never>]
    private let projectionTasks: [Task<Void, Never>]
    private let postgresTask: Task<Void, Never>
    private let logger: Logger

    public static func start(_ configuration: RuntimeConfiguration, logger: Logger) async throws -> ClinicLedgerRuntime {
        let postgres = PostgresClient(configuration: configuration.database.clientConfiguration, backgroundLogger: logger)
        let postgresTask = Task { await postgres.run() }
        do {
            // One connection of its own first: a clear error within seconds, and the pool's run()
            // is under way before the first query leases from it.
            try await DatabaseReachability.check(configuration.database, logger: logger)
            return try await start(configuration, postgres: postgres, postgresTask: postgresTask, logger: logger)
        } catch {
            postgresTask.cancel()
            throw error
        }
    }

    private static func start(_ configuration: RuntimeConfiguration, postgres: PostgresClient, postgresTask: Task<Void, Never>,
                              logger: Logger) async throws -> ClinicLedgerRuntime {
        try await Migrator.migrate(postgres, logger: logger)

        let topics = Topics(prefix: configuration.topicPrefix)
        let broker = configuration.embedded ? try EmbeddedBroker(defaultPartitions: configuration.partitions) : nil
        let bootstrap = broker?.bootstrapServers ?? configuration.kafkaBrokers!
        let partitions = try await ensureTopics(configuration, topics: topics, bootstrap: bootstrap, logger: logger)

        let archive = EventArchive(client: postgres, logger: logger)
        // The embedded log starts empty at every start: refill it from the archive first.
        let restored = broker == nil ? 0 : try await ArchiveRestore.restore(
            archive: archive, bootstrap: bootstrap, topic: topics.events, partitions: partitions, logger: logger)

        let archiveProgress = ProjectionProgress(name: ArchiveProjection.name)
        let snapshots = configuration.snapshotEvery > 0 ? WriterSnapshots(client: postgres, topic: topics.events, logger: logger) : nil
        let writers = try (0..<partitions).map { p in
            try PartitionWriter(
                partition: p,
                makeAppender: { try EventAppender(bootstrapServers: bootstrap, topics: topics, partition: p) },
                makeReader: { LogHistoryReader(log: try EventReader(bootstrapServers: bootstrap, topic: topics.events), archive: archive) },
                archived: archiveProgress, maxGroupCommands: configuration.writerGroupLimit,
                snapshots: snapshots, snapshotEvery: configuration.snapshotEvery,
                beforeConsumedCommit: configuration.beforeCommandCommit,
                logger: logger)
        }
        var started: [Task<Void, Never>] = []
        func stopStarted() async {
            for writer in writers { await writer.stop() }
            for task in started { task.cancel(); await task.value }
            broker?.stop()
        }
        let runners: [ProjectionRunner]
        do {
            started = try await withThrowingTaskGroup(of: Task<Void, Never>.self) { group in
                for writer in writers { group.addTask { try await writer.start() } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            // The archive's runner reads Kafka alone (it is the archive); every read model falls back on it.
            runners = try ReadModelProjections.all.map { projection in
                let isArchive = projection.name == ArchiveProjection.name
                // No reply waits for the accounting of disclosures: its reader may idle longer at the broker.
                let patient = projection.name == DisclosuresProjection.name ? Self.patientFetch : [:]
                return ProjectionRunner(
                    projection: projection, client: postgres,
                    reader: try EventReader(bootstrapServers: bootstrap, topic: topics.events, config: patient),
                    archive: isArchive ? nil : archive, partitionCount: partitions,
                    progress: isArchive ? archiveProgress : ProjectionProgress(name: projection.name), logger: logger)
            }
            for runner in runners { try await runner.prepare() }
        } catch {
            // Leave nothing running behind a failed start.
            await stopStarted()
            throw error
        }
        var projectionTasks = runners.map { runner in Task { await runner.run() } }
        // Read-your-writes: a reply with a resource waits until every read model has passed its write.
        let readModels = ProjectionProgress(name: "read_models",
                                            combining: runners.filter { $0.name != ArchiveProjection.name }.map(\.progress))

        let router = CommandRouter(writers: writers, barrier: broker != nil ? archiveProgress : nil)
        // The waitlist's process manager and clock send commands, so they start once the router
        // exists; they stop with the projections (the manager's positions commit like a projection's).
        if configuration.waitlistProcess {
            let waitlist = ProjectionRunner(
                projection: WaitlistProcessManager(router: router), client: postgres,
                reader: try EventReader(bootstrapServers: bootstrap, topic: topics.events, config: Self.patientFetch), archive: archive,
                partitionCount: partitions, progress: ProjectionProgress(name: WaitlistProcessManager.projectionName), logger: logger)
            do { try await waitlist.prepare() } catch {
                for task in projectionTasks { task.cancel() }
                await stopStarted()
                throw error
            }
            projectionTasks.append(Task { await waitlist.run() })
            projectionTasks.append(Task { await WaitlistScheduler.run(router: router, logger: logger) })
        }
        let disclosures = configuration.disclosures.map { DisclosureRecorder(commands: router, settings: $0, logger: logger) }
        await disclosures?.start()
        let health = SystemHealth(writers: writers, projections: runners.map(\.progress), readModels: readModels)
        let services = APIServices(commands: router, queries: ReadModelQueries(client: postgres, logger: logger), progress: readModels,
                                   health: { await health.report() },
                                   adminToken: configuration.adminToken, readYourWritesTimeout: configuration.readYourWritesTimeout,
                                   disclosures: disclosures)
        // Upstream systems' commands: one reader per partition of the commands topic, after the writers are ready.
        let reader = CommandRecordReader(services: services)
        let commandsConsumers = (configuration.commandsTopic ? 0..<partitions : 0..<0).map { p in
            Task { await CommandsConsumer.run(partition: p, bootstrap: bootstrap, topic: topics.commands, reader: reader, router: router,
                                              logger: logger) }
        }
        logger.info("clinicledger started", metadata: [
            "kafka": "\(broker != nil ? "embedded" : "external")", "bootstrap": "\(bootstrap)", "partitions": "\(partitions)",
            "database": "\(configuration.database.redacted)", "restored_events": "\(restored)",
        ])
        return ClinicLedgerRuntime(configuration: configuration, services: services, topics: topics, bootstrapServers: bootstrap,
                                   partitions: partitions, postgres: postgres, restoredEvents: restored, broker: broker,
                                   writers: writers, writerTasks: started, commandsConsumers: commandsConsumers, projectionTasks: projectionTasks,
                                   postgresTask: postgresTask, logger: logger)
    }

    private init(configuration: RuntimeConfiguration, services: APIServices, topics: Topics, bootstrapServers: String,
                 partitions: Int32, postgres: PostgresClient, restoredEvents: Int, broker: EmbeddedBroker?,
                 writers: [PartitionWriter], writerTasks: [Task<Void, Never>], commandsConsumers: [Task<Void, Never>],
                 projectionTasks: [Task<Void, Never>],
                 postgresTask: Task<Void, Never>, logger: Logger) {
        self.configuration = configuration; self.services = services; self.topics = topics
        self.bootstrapServers = bootstrapServers; self.partitions = partitions; self.postgres = postgres
        self.restoredEvents = restoredEvents; self.broker = broker; self.writers = writers
        self.writerTasks = writerTasks; self.commandsConsumers = commandsConsumers; self.projectionTasks = projectionTasks; self.postgresTask = postgresTask
        self.logger = logger
    }

    public var embedded: Bool { broker != nil }

    /// How each partition's writer got its decision state at its last start, by partition.
    public func writerStarts() async -> [PartitionWriter.StartReport] {
        var out: [PartitionWriter.StartReport] = []
        for writer in writers { out.append(await writer.lastStart) }
        return out
    }

    /// For readers no caller waits on (the disclosures projection, the waitlist's process manager,
    /// the commands consumers): a fetch may wait 100 ms at the broker. Every reader at the 10 ms
    /// default polls an idle broker a hundred times a second, and an idle `serve` spent a fifth of
    /// a core doing so.
    static let patientFetch = ["fetch.wait.max.ms": "100"]

    /// Creates the topics when missing; returns the events topic's partition count (the topic's wins).
    static func ensureTopics(_ configuration: RuntimeConfiguration, topics: Topics, bootstrap: String, logger: Logger) async throws -> Int32 {
        let counts = try await KafkaAdmin.ensureTopics(bootstrapServers: bootstrap, [
            TopicSpec(name: topics.events, partitions: configuration.partitions, config: ["retention.ms": "-1", "cleanup.policy": "delete"]),
            TopicSpec(name: topics.commands, partitions: configuration.partitions),
            TopicSpec(name: topics.commandResults, partitions: configuration.partitions),
        ])
        let partitions = counts[topics.events] ?? configuration.partitions
        if partitions != configuration.partitions {
            logger.warning("events topic partition count differs from configuration; using the topic's",
                           metadata: ["topic": "\(partitions)", "configured": "\(configuration.partitions)"])
        }
        return partitions
    }

    /// `clinicledger restore`: refills a real cluster's empty events topic from `event_archive`.
    /// Run it with `serve` stopped. Returns the number of events written.
    public static func restore(_ configuration: RuntimeConfiguration, logger: Logger) async throws -> Int {
        guard let bootstrap = configuration.kafkaBrokers else { throw ArchiveRestore.RestoreError.embedded }
        try await DatabaseReachability.check(configuration.database, logger: logger)
        let postgres = PostgresClient(configuration: configuration.database.clientConfiguration, backgroundLogger: logger)
        let postgresTask = Task { await postgres.run() }
        defer { postgresTask.cancel() }
        try await Migrator.migrate(postgres, logger: logger)
        let topics = Topics(prefix: configuration.topicPrefix)
        let partitions = try await ensureTopics(configuration, topics: topics, bootstrap: bootstrap, logger: logger)
        return try await ArchiveRestore.restore(archive: EventArchive(client: postgres, logger: logger), bootstrap: bootstrap,
                                                topic: topics.events, partitions: partitions, logger: logger)
    }

    /// Cancels the projections without waiting for them. `serve` calls it the moment SIGTERM arrives:
    /// catching up keeps both cores busy, and the HTTP drain and the writers' stop (which is what
    /// protects acknowledged work) would otherwise wait for CPU. Positions commit with their rows,
    /// so a projection stopped mid-way resumes where it stopped.
    public func cancelProjections() {
        for task in projectionTasks { task.cancel() }
    }

    /// Stops, in order, the commands consumers (a record not yet committed is read again at the
    /// next start), the accounting of disclosures (its buffered reads are recorded while the
    /// writers still run: call this after HTTP has stopped taking requests), the writers (queued commands are answered 503, the one in flight
    /// finishes), the projections, the PostgreSQL client and the broker. Each step gets a share of
    /// `deadline`; a step that overruns is left behind (logged), so shutdown always ends in time —
    /// whatever was committed is safe, and what was not was never acknowledged.
    public func shutdown(deadline: Duration = .seconds(8)) async {
        let end = ContinuousClock.now + deadline
        await step("commands consumers", until: end) { [commandsConsumers] in
            for task in commandsConsumers { task.cancel() }
            for task in commandsConsumers { await task.value }
        }
        await step("disclosures", until: end) { [services] in
            await services.disclosures?.stop()
        }
        await step("writers", until: end) { [writers, writerTasks] in
            for writer in writers { await writer.stop() }
            for task in writerTasks { await task.value }
        }
        await step("projections", until: end) { [projectionTasks] in
            for task in projectionTasks { task.cancel() }
            for task in projectionTasks { await task.value }
        }
        await step("postgres", until: end) { [postgresTask] in
            postgresTask.cancel()
            await postgresTask.value
        }
        broker?.stop()
    }

    private func step(_ name: String, until end: ContinuousClock.Instant, _ work: @escaping @Sendable () async -> Void) async {
        // Unstructured on purpose: a task group would wait for a step that ignores cancellation.
        let (outcome, report) = AsyncStream.makeStream(of: Bool.self)
        let worker = Task { await work(); report.yield(true) }
        let timer = Task { try? await Task.sleep(until: end); report.yield(false) }
        var first = outcome.makeAsyncIterator()
        let finished = await first.next() ?? false
        timer.cancel()
        if !finished { worker.cancel() }
        if !finished { logger.error("shutdown step overran its deadline; leaving it behind", metadata: ["step": "\(name)"]) }
    }
}
