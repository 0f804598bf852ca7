import EventStore
import Foundation
import Logging
import PostgresNIO

/// Runs one projection: reads the events topic (read_committed; `event_archive` for what the
/// broker no longer holds), and applies each batch — rows and the new positions — in one
/// PostgreSQL transaction. It seeks to the stored positions at start, so each event takes effect
/// exactly once whatever crashes.
///
/// A batch that fails for a reason that may pass is retried with back-off. One that fails
/// deterministically (PostgreSQL refuses the data) is applied again event by event, so everything
/// before the culprit lands; the culprit stops this projection — `stuck`, with its partition,
/// offset, type and SQLSTATE, never its data — and every other projection and the writers go on.
public final class ProjectionRunner: Sendable {
    public let projection: any Projection
    public let progress: ProjectionProgress
    private let client: PostgresClient
    private let reader: LogHistoryReader
    private let partitions: [Int32]
    private let logger: Logger
    private let batchSize: Int

    /// `archive` supplies offsets the broker dropped; nil for the archive's own projection.
    public init(projection: any Projection, client: PostgresClient, reader: EventReader, archive: (any ArchivedEvents)?,
                partitionCount: Int32, progress: ProjectionProgress, logger: Logger, batchSize: Int = 5000) {
        self.projection = projection
        self.client = client
        self.reader = LogHistoryReader(log: reader, archive: archive)
        self.partitions = Array(0..<partitionCount)
        self.progress = progress
        self.logger = logger
        self.batchSize = batchSize
    }

    public var name: String { projection.name }

    /// Loads the stored positions and seeks there. Fails (`LogHistoryGap`) when the broker's log is
    /// behind them (a lost cluster: see `clinicledger restore`) or the start is neither in Kafka nor archived.
    public func prepare() async throws {
        let stored = try await ProjectionSQL.loadPositions(projector: name, topic: reader.topic, client: client, logger: logger)
        await progress.advance(stored)
        try await reader.assign(Dictionary(uniqueKeysWithValues: partitions.map { ($0, stored[$0] ?? 0) }))
    }

    /// Projects until the task is cancelled or the projection is stuck.
    public func run() async {
        await loop()
        await reader.close()
    }

    private func loop() async {
        while !Task.isCancelled {
            let items: [EventReader.Item]
            let polled = ContinuousClock.now
            do { items = try await reader.poll(max: batchSize, timeout: .milliseconds(100)) } catch let gap as LogHistoryGap {
                await stop("\(gap)")
                return
            } catch {
                logger.error("projection poll failed", metadata: ["projection": "\(name)", "error": "\(LoggableError.describe(error))"])
                try? await Task.sleep(for: .seconds(1))
                continue
            }
            guard !items.isEmpty else { continue }
            let read = ContinuousClock.now
            guard await project(items) else { return }
            logger.debug("projection batch", metadata: [
                "projection": "\(name)", "items": "\(items.count)",
                "read_ms": "\(Int((read - polled) / .milliseconds(1)))", "apply_ms": "\(Int((ContinuousClock.now - read) / .milliseconds(1)))",
            ])
        }
    }

    /// Applies a batch, retrying what may pass; false when the projection is stuck.
    private func project(_ items: [EventReader.Item]) async -> Bool {
        var attempt = 0
        while !Task.isCancelled {
            do {
                await progress.advance(try await apply(items))
                return true
            } catch where Self.isDeterministic(error) {
                return await isolate(items)
            } catch {
                attempt += 1
                let code = LoggableError.describe(error)
                logger.error("projection batch failed; retrying", metadata: ["projection": "\(name)", "error": "\(code)", "attempt": "\(attempt)"])
                await progress.report(.retrying(attempts: attempt, error: code))
                try? await Task.sleep(for: .milliseconds(min(5000, 100 * attempt * attempt)))
            }
        }
        return true
    }

    /// Applies a failed batch one event at a time; the first event that fails stops the projection.
    private func isolate(_ items: [EventReader.Item]) async -> Bool {
        for item in items {
            do { await progress.advance(try await apply([item])) } catch {
                guard Self.isDeterministic(error), case .event(let e) = item else { return await project([item]) }
                let reason = "cannot apply \(e.envelope.type) at partition \(e.partition) offset \(e.offset): \(LoggableError.describe(error))"
                await stop(reason)
                return false
            }
        }
        return true
    }

    private func stop(_ reason: String) async {
        logger.critical("projection stuck; it stops here, the rest of the system goes on",
                        metadata: ["projection": "\(name)", "reason": "\(reason)"])
        await progress.report(.stuck(reason: reason))
    }

    /// Applies items in one transaction and returns the positions it committed.
    func apply(_ items: [EventReader.Item]) async throws -> [Int32: Int64] {
        var events: [StoredEvent] = []
        var positions: [Int32: Int64] = [:]
        let committed = await progress.positions()
        for item in items {
            switch item {
            case .event(let s):
                events.append(s)
                positions[s.partition] = max(positions[s.partition] ?? 0, s.offset + 1)
            case .undecodable(let p, let offset, _):
                // Not ours to interpret (a newer writer's type, or a foreign producer): leave it in the log.
                logger.warning("projection skipped an undecodable record", metadata: ["projection": "\(name)", "partition": "\(p)", "offset": "\(offset)"])
                positions[p] = max(positions[p] ?? 0, offset + 1)
            case .endOfPartition(let p, let offset):
                // On a broker that writes transaction markers the end lies past the last record:
                // moving there keeps positions equal to the log's end, so lag reads 0 when idle.
                if offset > max(positions[p] ?? 0, committed[p] ?? 0) { positions[p] = offset }
            case .offsetOutOfRange:
                break
            }
        }
        guard !positions.isEmpty else { return [:] }
        let topic = reader.topic, name = self.name, projection = self.projection, logger = self.logger
        try await client.withTransaction(logger: logger) { conn in
            if !events.isEmpty { try await projection.apply(events, on: conn, logger: logger) }
            try await ProjectionSQL.savePositions(projector: name, topic: topic, positions, on: conn, logger: logger)
        }
        return positions
    }

    /// Errors that will recur for the same data: PostgreSQL refused it (data exception, integrity,
    /// program limit), or it could not be encoded. Connection loss, deadlocks, shutdowns pass.
    static func isDeterministic(_ error: any Error) -> Bool {
        if LoggableError.underlying(error) is EncodingError { return true }
        guard let state = LoggableError.sqlState(error) else { return false }
        return ["22", "23", "42", "54", "XX"].contains(String(state.prefix(2)))
    }
}
