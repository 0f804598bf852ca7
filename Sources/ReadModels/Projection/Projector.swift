import Domain
import EventStore
import Foundation
import Logging
import PostgresNIO

/// Consumes the events topic (read_committed) and keeps the read models. Each batch — archive,
/// read-model rows and the new positions — is one PostgreSQL transaction, and the projector seeks
/// to the stored positions at start, so each event takes effect exactly once whatever crashes.
public final class Projector: Sendable {
    public static let name = "read_models"

    public enum Failure: Error, CustomStringConvertible {
        case positionBeyondLogEnd(partition: Int32, stored: Int64, logEnd: Int64)
        public var description: String {
            switch self {
            case .positionBeyondLogEnd(let p, let stored, let end):
                return """
                    projector position for partition \(p) is \(stored) but the log ends at \(end): this database was \
                    built from a different (or truncated) Kafka log. Point DATABASE_URL and KAFKA_BROKERS at matching \
                    systems, or rebuild the projections (see docs/runbook.md).
                    """
            }
        }
    }

    private let client: PostgresClient
    private let reader: EventReader
    private let partitions: [Int32]
    public let progress: ProjectionProgress
    private let logger: Logger
    private let batchSize: Int

    public init(client: PostgresClient, reader: EventReader, partitionCount: Int32, progress: ProjectionProgress,
                logger: Logger, batchSize: Int = 5000) {
        self.client = client
        self.reader = reader
        self.partitions = Array(0..<partitionCount)
        self.progress = progress
        self.logger = logger
        self.batchSize = batchSize
    }

    /// Loads stored positions, optionally checks them against the log's end, and seeks there.
    public func prepare(checkAgainstLogEnd: Bool) async throws {
        let stored = try await ProjectionSQL.loadPositions(projector: Self.name, topic: reader.topic, client: client, logger: logger)
        if checkAgainstLogEnd {
            for p in partitions {
                let end = try await reader.endOffset(partition: p)
                if let s = stored[p], s > end { throw Failure.positionBeyondLogEnd(partition: p, stored: s, logEnd: end) }
            }
        }
        await progress.advance(stored)
        try await reader.assign(Dictionary(uniqueKeysWithValues: partitions.map { ($0, stored[$0]) }))
    }

    /// Projects until the task is cancelled. A failed batch is retried, never skipped.
    public func run() async {
        while !Task.isCancelled {
            let items: [EventReader.Item]
            do { items = try await reader.poll(max: batchSize, timeout: .milliseconds(100)) } catch {
                logger.error("projector poll failed", metadata: ["error": "\(error)"])  // Kafka errors name topics and codes only
                try? await Task.sleep(for: .seconds(1))
                continue
            }
            guard !items.isEmpty else { continue }
            var attempt = 0
            while !Task.isCancelled {
                do {
                    let positions = try await apply(items)
                    await progress.advance(positions)
                    break
                } catch {
                    attempt += 1
                    logger.error("projector batch failed; retrying", metadata: ["error": "\(LoggableError.describe(error))", "attempt": "\(attempt)"])
                    try? await Task.sleep(for: .milliseconds(min(5000, 100 * attempt * attempt)))
                }
            }
        }
        await reader.close()
    }

    /// Applies a batch in one transaction and returns the positions it committed.
    func apply(_ items: [EventReader.Item]) async throws -> [Int32: Int64] {
        var events: [StoredEvent] = []
        var positions: [Int32: Int64] = [:]
        for item in items {
            switch item {
            case .event(let s):
                events.append(s)
                positions[s.partition] = max(positions[s.partition] ?? 0, s.offset + 1)
            case .undecodable(let p, let offset, let reason):
                // Not ours to interpret (a newer writer's type, or a foreign producer): leave it in the log.
                logger.warning("projector skipped an undecodable record", metadata: ["partition": "\(p)", "offset": "\(offset)"])
                positions[p] = max(positions[p] ?? 0, offset + 1)
            case .endOfPartition:
                break
            }
        }
        guard !positions.isEmpty else { return [:] }
        var rows = ProjectionRows()
        for e in events { rows.archive(e) }
        let topic = reader.topic
        let logger = self.logger
        try await client.withTransaction(logger: logger) { conn in
            let fresh = try await ProjectionSQL.archive(rows.archive, on: conn, logger: logger)
            var toApply = ProjectionRows()
            var applied = Set<UUID>()
            for e in events where fresh.contains(e.envelope.eventId) && applied.insert(e.envelope.eventId).inserted {
                toApply.project(e)
            }
            try await ProjectionSQL.patients(toApply, on: conn, logger: logger)
            for e in toApply.sequential { try await ProjectionSQL.sequential(e, on: conn, logger: logger) }
            try await ProjectionSQL.savePositions(projector: Self.name, topic: topic, positions, on: conn, logger: logger)
        }
        return positions
    }
}
