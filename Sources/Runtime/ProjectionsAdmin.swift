import EventLog
import EventStore
import Foundation
import Logging
import PostgresNIO
import ReadModels

/// `clinicledger projections list` and `rebuild`, as functions the tests call too.
///
/// With `KAFKA_BROKERS` set they read Kafka (and `event_archive` for what it no longer holds).
/// Without it the broker is the one inside `serve`, which no other process reaches: they read
/// `event_archive` alone, which in embedded mode holds every acknowledged event.
public enum ProjectionsAdmin {
    public struct Status: Sendable {
        public var name: String
        /// From the `projections` table: running, or rebuilding by some process.
        public var lease: ProjectionLease
        public var positions: [Int32: Int64]
        /// Per partition: the log's end (or, in embedded mode, the archive's) minus the position.
        public var lag: [Int32: Int64]
    }

    /// Where the log's end is read: Kafka, or the archive in embedded mode.
    public static func source(of configuration: RuntimeConfiguration) async throws -> ProjectionRebuild.Source {
        guard let bootstrap = configuration.kafkaBrokers else { return .archive }
        let topic = Topics(prefix: configuration.topicPrefix).events
        guard let partitions = try await KafkaAdmin.partitionCount(bootstrapServers: bootstrap, topic: topic) else {
            throw ProjectionsAdminError("the events topic \(topic) does not exist on \(bootstrap)")
        }
        return .log(bootstrapServers: bootstrap, partitions: partitions)
    }

    public static func list(_ configuration: RuntimeConfiguration, logger: Logger) async throws -> [Status] {
        try await withPostgres(configuration, logger: logger) { client in
            let topic = Topics(prefix: configuration.topicPrefix).events
            var ends: [Int32: Int64] = [:]
            switch try await source(of: configuration) {
            case .archive:
                ends = try await ArchiveProjection().positions(topic: topic, client: client, logger: logger)
                for p in 0..<configuration.partitions where ends[p] == nil { ends[p] = 0 }
            case .log(let bootstrap, let partitions):
                let reader = try EventReader(bootstrapServers: bootstrap, topic: topic)
                do {
                    for p in 0..<partitions { ends[p] = try await reader.endOffset(partition: p) }
                    await reader.close()
                } catch {
                    await reader.close()
                    throw error
                }
            }
            var out: [Status] = []
            for projection in ReadModelProjections.all {
                let positions = try await projection.positions(topic: topic, client: client, logger: logger)
                let lag = Dictionary(uniqueKeysWithValues: Set(ends.keys).union(positions.keys).map { p in
                    (p, max(0, (ends[p] ?? 0) - (positions[p] ?? 0)))
                })
                out.append(Status(name: projection.name, lease: try await ProjectionLease.load(projection.name, client: client, logger: logger),
                                  positions: positions, lag: lag))
            }
            return out
        }
    }

    /// Rebuilds one projection (not `event_archive`); safe while `serve` runs (its runner pauses).
    public static func rebuild(_ configuration: RuntimeConfiguration, name: String, logger: Logger,
                               report: @Sendable (ProjectionRebuild.Progress) -> Void = { _ in }) async throws -> ProjectionRebuild.Result {
        _ = try ProjectionRebuild.projection(named: name)  // refused before anything connects
        let source = try await source(of: configuration)
        return try await withPostgres(configuration, logger: logger) { client in
            let rebuild = try ProjectionRebuild(name: name, client: client, topic: Topics(prefix: configuration.topicPrefix).events, logger: logger)
            return try await rebuild.run(from: source, report: report)
        }
    }

    /// The checksum of a projection's tables as they are now.
    public static func checksum(_ configuration: RuntimeConfiguration, name: String, logger: Logger) async throws -> ProjectionChecksum {
        guard let projection = ReadModelProjections.named(name) else { throw ProjectionRebuild.Refusal.unknown(name) }
        return try await withPostgres(configuration, logger: logger) { client in
            try await ProjectionChecksum.of(projection, client: client, logger: logger)
        }
    }

    /// A client for one command's work. `migrate: false` for commands that only read (audit):
    /// a reviewer's read never changes the schema.
    static func withPostgres<T: Sendable>(_ configuration: RuntimeConfiguration, logger: Logger, migrate: Bool = true,
                                          _ body: (PostgresClient) async throws -> T) async throws -> T {
        let client = PostgresClient(configuration: configuration.database.clientConfiguration, backgroundLogger: logger)
        let task = Task { await client.run() }
        defer { task.cancel() }
        // One connection of its own first: a clear error within seconds, and the pool runs before its first query.
        try await DatabaseReachability.check(configuration.database, logger: logger)
        if migrate { try await Migrator.migrate(client, logger: logger) }
        return try await body(client)
    }
}

public struct ProjectionsAdminError: Error, CustomStringConvertible {
    public let description: String
    init(_ d: String) { description = d }
}
