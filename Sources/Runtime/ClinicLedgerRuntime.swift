import Application
import EventLog
import EventStore
import Foundation
import HTTPAPI
import Logging
import PostgresNIO
import ReadModels

/// The whole system in one process: PostgreSQL client and migrations, the broker (embedded or
/// real), topics, restore, one writer per partition, the projector, and the HTTP services.
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
    private let tasks: [Task<Void, Never>]
    private let logger: Logger

    public static func start(_ configuration: RuntimeConfiguration, logger: Logger) async throws -> ClinicLedgerRuntime {
        let postgres = PostgresClient(configuration: configuration.database.clientConfiguration, backgroundLogger: logger)
        let postgresTask = Task { await postgres.run() }
        do {
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

        var restored = 0
        if broker != nil {
            let probe = try EventReader(bootstrapServers: bootstrap, topic: topics.events)
            restored = try await ArchiveRestore.restoreIfNeeded(
                archive: EventArchive(client: postgres, logger: logger), bootstrap: bootstrap, topic: topics.events,
                partitions: partitions, reader: probe, logger: logger)
            await probe.close()
        }

        let writers = try (0..<partitions).map { p in
            try PartitionWriter(
                partition: p,
                makeAppender: { try EventAppender(bootstrapServers: bootstrap, topic: topics.events, partition: p) },
                makeReader: { try EventReader(bootstrapServers: bootstrap, topic: topics.events) },
                logger: logger)
        }
        let writerTasks = try await withThrowingTaskGroup(of: Task<Void, Never>.self) { group in
            for writer in writers { group.addTask { try await writer.start() } }
            return try await group.reduce(into: []) { $0.append($1) }
        }

        let progress = ProjectionProgress()
        let projector: Projector
        do {
            projector = Projector(client: postgres, reader: try EventReader(bootstrapServers: bootstrap, topic: topics.events),
                                  partitionCount: partitions, progress: progress, logger: logger)
            try await projector.prepare(checkAgainstLogEnd: broker == nil)
        } catch {
            // Leave nothing running behind a failed start.
            for writer in writers { await writer.stop() }
            for task in writerTasks { task.cancel(); await task.value }
            broker?.stop()
            throw error
        }
        let projectorTask = Task { await projector.run() }

        let router = CommandRouter(writers: writers, barrier: broker != nil ? progress : nil)
        let services = APIServices(commands: router, queries: ReadModelQueries(client: postgres, logger: logger), progress: progress,
                                   adminToken: configuration.adminToken, readYourWritesTimeout: configuration.readYourWritesTimeout)
        logger.info("clinicledger started", metadata: [
            "kafka": "\(broker != nil ? "embedded" : "external")", "bootstrap": "\(bootstrap)", "partitions": "\(partitions)",
            "database": "\(configuration.database.redacted)", "restored_events": "\(restored)",
        ])
        return ClinicLedgerRuntime(configuration: configuration, services: services, topics: topics, bootstrapServers: bootstrap,
                                   partitions: partitions, postgres: postgres, restoredEvents: restored, broker: broker,
                                   writers: writers, tasks: writerTasks + [projectorTask, postgresTask], logger: logger)
    }

    private init(configuration: RuntimeConfiguration, services: APIServices, topics: Topics, bootstrapServers: String,
                 partitions: Int32, postgres: PostgresClient, restoredEvents: Int, broker: EmbeddedBroker?,
                 writers: [PartitionWriter], tasks: [Task<Void, Never>], logger: Logger) {
        self.configuration = configuration; self.services = services; self.topics = topics
        self.bootstrapServers = bootstrapServers; self.partitions = partitions; self.postgres = postgres
        self.restoredEvents = restoredEvents; self.broker = broker; self.writers = writers; self.tasks = tasks
        self.logger = logger
    }

    public var embedded: Bool { broker != nil }

    /// Stops writers (no new commands), then the projector, the broker and the database client.
    public func shutdown() async {
        for writer in writers { await writer.stop() }
        for task in tasks { task.cancel() }
        for task in tasks { await task.value }
        broker?.stop()
    }
}
