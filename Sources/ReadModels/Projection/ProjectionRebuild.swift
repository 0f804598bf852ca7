import EventLog
import EventStore
import Foundation
import Logging
import PostgresNIO

/// Rebuilds one projection from the log's whole history, one PostgreSQL transaction per batch:
///
/// 1. takes the lease (`rebuilding`, generation + 1) and, in the same transaction, empties the
///    projection's tables (every organization: an operator's command), its positions and its
///    `projected_events`; a server's runner for it pauses at its next batch;
/// 2. fixes the target — the log's end per partition, or the archive's when reading the archive
///    alone — and replays up to it, each batch under the lease (`ProjectionBatch`);
/// 3. hands the lease back (`running`, same generation): the server's runner sees a generation it
///    did not start with, seeks to the rebuilt positions and goes on from there.
///
/// A rebuild that fails or is interrupted leaves the projection `rebuilding` (paused): run it again.
public struct ProjectionRebuild: Sendable {
    /// Where the history comes from.
    public enum Source: Sendable {
        /// Kafka, with `event_archive` for what the broker no longer holds (`LogHistoryReader`).
        case log(bootstrapServers: String, partitions: Int32)
        /// `event_archive` alone: embedded mode, where the broker lives inside `serve` and the
        /// archive holds every acknowledged event.
        case archive
    }

    public struct Progress: Sendable {
        /// Offsets applied so far and in all (summed over partitions).
        public var done: Int64, total: Int64
    }

    public struct Result: Sendable {
        public var positions: [Int32: Int64]
        public var checksum: ProjectionChecksum
    }

    public enum Refusal: Error, CustomStringConvertible {
        case archive
        case unknown(String)
        case leaseLost(ProjectionLease)

        public var description: String {
            switch self {
            case .archive:
                return "event_archive cannot be rebuilt: it is the complete log behind Kafka's retention, the source every rebuild reads"
            case .unknown(let name):
                return "no projection named \(name); known: \(ReadModelProjections.all.map(\.name).joined(separator: ", "))"
            case .leaseLost(let lease):
                return "another rebuild took this projection over (now \(lease)); this one stops"
            }
        }
    }

    let projection: any Projection
    let client: PostgresClient
    let topic: String
    let archive: EventArchive
    let logger: Logger

    /// The projection a rebuild of `name` would rebuild; refuses the archive itself and names that are no projection.
    public static func projection(named name: String) throws -> any Projection {
        guard name != ArchiveProjection.name else { throw Refusal.archive }
        guard let projection = ReadModelProjections.named(name) else { throw Refusal.unknown(name) }
        return projection
    }

    public init(name: String, client: PostgresClient, topic: String, logger: Logger) throws {
        self.projection = try Self.projection(named: name)
        self.client = client
        self.topic = topic
        self.archive = EventArchive(client: client, logger: logger)
        self.logger = logger
    }

    public func run(from source: Source, batchSize: Int = 5000, report: @Sendable (Progress) -> Void = { _ in }) async throws -> Result {
        let lease = try await begin()
        logger.notice("projection rebuild started", metadata: ["projection": "\(projection.name)", "lease": "\(lease)"])
        let positions: [Int32: Int64]
        switch source {
        case .archive:
            positions = try await replayArchive(lease: lease, batchSize: batchSize, report: report)
        case .log(let bootstrap, let partitions):
            let reader = LogHistoryReader(log: try EventReader(bootstrapServers: bootstrap, topic: topic), archive: archive)
            do {
                positions = try await replayLog(reader, partitions: partitions, lease: lease, batchSize: batchSize, report: report)
                await reader.close()
            } catch {
                await reader.close()
                throw error
            }
        }
        try await finish(lease)
        logger.notice("projection rebuild finished", metadata: ["projection": "\(projection.name)"])
        return Result(positions: positions, checksum: try await ProjectionChecksum.of(projection, client: client, logger: logger))
    }

    /// Takes the lease and empties the projection, in one transaction. The row lock waits for a
    /// runner's batch in flight, so nothing it commits survives the emptying.
    private func begin() async throws -> ProjectionLease {
        let name = projection.name, tables = projection.tables, logger = self.logger
        _ = try await ProjectionLease.load(name, client: client, logger: logger)
        return try await client.withTransaction(logger: logger) { conn in
            let current = try await ProjectionLease.lock(name, on: conn, logger: logger)
            let lease = ProjectionLease(status: .rebuilding, generation: current.generation + 1)
            try await ProjectionLease.set(name, lease, on: conn, logger: logger)
            // Table names come from the projection's own list, never from input.
            try await conn.query(PostgresQuery(unsafeSQL: "TRUNCATE " + tables.joined(separator: ", ")), logger: logger)
            try await conn.query("DELETE FROM projection_positions WHERE projector = \(name)", logger: logger)
            try await conn.query("DELETE FROM projected_events WHERE projector = \(name)", logger: logger)
            return lease
        }
    }

    private func finish(_ lease: ProjectionLease) async throws {
        let name = projection.name, logger = self.logger
        do {
            try await client.withTransaction(logger: logger) { conn in
                try await lease.check(name, on: conn, logger: logger)
                try await ProjectionLease.set(name, ProjectionLease(status: .running, generation: lease.generation), on: conn, logger: logger)
            }
        } catch {
            if let changed = LoggableError.underlying(error) as? ProjectionLease.Changed { throw Refusal.leaseLost(changed.found) }
            throw error
        }
    }

    private func replayLog(_ reader: LogHistoryReader, partitions: Int32, lease: ProjectionLease, batchSize: Int,
                           report: @Sendable (Progress) -> Void) async throws -> [Int32: Int64] {
        var targets: [Int32: Int64] = [:]
        for p in 0..<partitions { targets[p] = try await reader.checkedLogEnd(partition: p) }
        try await reader.assign(Dictionary(uniqueKeysWithValues: (0..<partitions).map { ($0, Int64(0)) }))
        return try await replay(targets: targets, lease: lease, batchSize: batchSize, report: report) {
            try await reader.poll(max: batchSize, timeout: .milliseconds(200))
        }
    }

    /// The archive in log order, partition by partition, up to what it holds now.
    private func replayArchive(lease: ProjectionLease, batchSize: Int, report: @Sendable (Progress) -> Void) async throws -> [Int32: Int64] {
        let targets = try await ProjectionPositions.load(projector: ArchiveProjection.name, topic: topic, client: client, logger: logger)
        var next = Dictionary(uniqueKeysWithValues: targets.keys.map { ($0, Int64(0)) })
        let archive = self.archive, topic = self.topic
        return try await replay(targets: targets, lease: lease, batchSize: batchSize, report: report) {
            guard let first = next.filter({ $0.value < targets[$0.key]! }).min(by: { $0.key < $1.key }) else { return [] }
            let p = first.key, from = first.value, until = targets[p]!
            let records = try await archive.records(topic: topic, partition: p, from: from, until: until, limit: batchSize)
            guard let last = records.last, last.offset + 1 < until else {
                // The archive's position may lie past its last row (transaction markers): the partition ends there.
                next[p] = until
                return records.map(Self.item) + [.endOfPartition(partition: p, offset: until)]
            }
            next[p] = last.offset + 1
            return records.map(Self.item)
        }
    }

    private static func item(_ record: ConsumedRecord) -> EventReader.Item {
        do { return .event(try EventRecordCodec.decode(record)) } catch {
            return .undecodable(partition: record.partition, offset: record.offset, reason: String(describing: error))
        }
    }

    /// Applies what `poll` yields below the targets until every partition reaches its target.
    private func replay(targets: [Int32: Int64], lease: ProjectionLease, batchSize: Int, report: @Sendable (Progress) -> Void,
                        poll: () async throws -> [EventReader.Item]) async throws -> [Int32: Int64] {
        let total = targets.values.reduce(0, +)
        var positions: [Int32: Int64] = [:]
        func done() -> Bool { targets.allSatisfy { (positions[$0.key] ?? 0) >= $0.value } }
        report(Progress(done: 0, total: total))
        while !done() {
            try Task.checkCancellation()
            // Only what lies below the target: later events are the server's runner's, after the rebuild.
            let items = try await poll().compactMap { item -> EventReader.Item? in
                switch item {
                case .event(let s): return s.offset < (targets[s.partition] ?? 0) ? item : nil
                case .undecodable(let p, let offset, _): return offset < (targets[p] ?? 0) ? item : nil
                case .endOfPartition(let p, let offset): return .endOfPartition(partition: p, offset: min(offset, targets[p] ?? 0))
                case .offsetOutOfRange: return nil
                }
            }
            guard !items.isEmpty else { continue }
            do {
                let committed = try await ProjectionBatch.commit(items, projection: projection, lease: lease, committed: positions,
                                                                 topic: topic, client: client, logger: logger)
                for (p, o) in committed where o > positions[p] ?? 0 { positions[p] = o }
            } catch let changed as ProjectionLease.Changed {
                throw Refusal.leaseLost(changed.found)
            }
            report(Progress(done: targets.reduce(0) { $0 + min(positions[$1.key] ?? 0, $1.value) }, total: total))
        }
        return positions
    }
}
