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
///
/// Each batch also checks the projection's lease (`ProjectionLease`): while another process
/// rebuilds the projection the runner pauses, and afterwards — or after a rebuild of a stuck
/// projection — it seeks to the rebuilt positions and goes on from there.
public final class ProjectionRunner: Sendable {
    public let projection: any Projection
    public let progress: ProjectionProgress
    private let client: PostgresClient
    private let reader: LogHistoryReader
    private let partitions: [Int32]
    private let logger: Logger
    private let batchSize: Int
    private let startLease = LeaseBox()

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

    /// Loads the lease and the stored positions and seeks there. Fails (`LogHistoryGap`) when the
    /// broker's log is behind them (a lost cluster: see `clinicledger restore`) or the start is
    /// neither in Kafka nor archived.
    public func prepare() async throws {
        // The lease first: a rebuild that starts after this read changes it, and the first batch sees that.
        let lease = try await ProjectionLease.load(name, client: client, logger: logger)
        await startLease.set(lease)
        try await seek(reset: false)
    }

    private func seek(reset: Bool) async throws {
        let stored = try await ProjectionPositions.load(projector: name, topic: reader.topic, client: client, logger: logger)
        if reset { await progress.reset(stored) } else { await progress.advance(stored) }
        try await reader.assign(Dictionary(uniqueKeysWithValues: partitions.map { ($0, stored[$0] ?? 0) }))
    }

    /// Projects until the task is cancelled.
    public func run() async {
        await loop()
        await reader.close()
    }

    private enum Outcome { case applied, stuck, leaseChanged }

    private func loop() async {
        guard var lease = await startLease.value else { return }
        while !Task.isCancelled {
            if lease.status != .running {
                guard let next = await resume(after: lease) else { return }
                lease = next
                continue
            }
            let items: [EventReader.Item]
            let polled = ContinuousClock.now
            do { items = try await reader.poll(max: batchSize, timeout: .milliseconds(100)) } catch let gap as LogHistoryGap {
                await stop("\(gap)")
                guard let next = await resume(after: lease) else { return }
                lease = next
                continue
            } catch {
                logger.error("projection poll failed", metadata: ["projection": "\(name)", "error": "\(LoggableError.describe(error))"])
                try? await Task.sleep(for: .seconds(1))
                continue
            }
            guard !items.isEmpty else { continue }
            let read = ContinuousClock.now
            switch await project(items, lease) {
            case .applied: break
            case .stuck, .leaseChanged:
                guard let next = await resume(after: lease) else { return }
                lease = next
                continue
            }
            logger.debug("projection batch", metadata: [
                "projection": "\(name)", "items": "\(items.count)",
                "read_ms": "\(Int((read - polled) / .milliseconds(1)))", "apply_ms": "\(Int((ContinuousClock.now - read) / .milliseconds(1)))",
            ])
        }
    }

    /// Waits until the projection runs under a lease other than `old` (a rebuild finished), then
    /// seeks to its positions. While a rebuild runs the projection reports `paused`; a stuck one
    /// stays stuck until then. nil when cancelled.
    private func resume(after old: ProjectionLease) async -> ProjectionLease? {
        var paused = false
        while !Task.isCancelled {
            do {
                let lease = try await ProjectionLease.load(name, client: client, logger: logger)
                if lease.status == .running, lease != old {
                    try await seek(reset: true)
                    logger.notice("projection resumes after a rebuild", metadata: ["projection": "\(name)", "lease": "\(lease)"])
                    return lease
                }
                if lease.status == .rebuilding, !paused {
                    paused = true
                    logger.notice("projection paused: another process rebuilds it", metadata: ["projection": "\(name)", "lease": "\(lease)"])
                    await progress.report(.paused(reason: "rebuilding, \(lease)"))
                }
            } catch {
                logger.error("projection cannot read its lease", metadata: ["projection": "\(name)", "error": "\(LoggableError.describe(error))"])
            }
            try? await Task.sleep(for: .milliseconds(250))
        }
        return nil
    }

    /// Applies a batch, retrying what may pass.
    private func project(_ items: [EventReader.Item], _ lease: ProjectionLease) async -> Outcome {
        var attempt = 0
        while !Task.isCancelled {
            do {
                await progress.advance(try await apply(items, lease))
                return .applied
            } catch is ProjectionLease.Changed {
                return .leaseChanged
            } catch where Self.isDeterministic(error) {
                return await isolate(items, lease)
            } catch {
                attempt += 1
                let code = LoggableError.describe(error)
                logger.error("projection batch failed; retrying", metadata: ["projection": "\(name)", "error": "\(code)", "attempt": "\(attempt)"])
                await progress.report(.retrying(attempts: attempt, error: code))
                try? await Task.sleep(for: .milliseconds(min(5000, 100 * attempt * attempt)))
            }
        }
        return .applied
    }

    /// Applies a failed batch one event at a time; the first event that fails stops the projection.
    private func isolate(_ items: [EventReader.Item], _ lease: ProjectionLease) async -> Outcome {
        for item in items {
            do { await progress.advance(try await apply([item], lease)) } catch is ProjectionLease.Changed {
                return .leaseChanged
            } catch {
                guard Self.isDeterministic(error), case .event(let e) = item else {
                    let outcome = await project([item], lease)
                    if outcome != .applied { return outcome }
                    continue
                }
                let reason = "cannot apply \(e.envelope.type) at partition \(e.partition) offset \(e.offset): \(LoggableError.describe(error))"
                await stop(reason)
                return .stuck
            }
        }
        return .applied
    }

    private func stop(_ reason: String) async {
        logger.critical("projection stuck; it stops here, the rest of the system goes on",
                        metadata: ["projection": "\(name)", "reason": "\(reason)"])
        await progress.report(.stuck(reason: reason))
    }

    /// Applies items in one transaction and returns the positions it committed.
    func apply(_ items: [EventReader.Item], _ lease: ProjectionLease) async throws -> [Int32: Int64] {
        try await ProjectionBatch.commit(items, projection: projection, lease: lease, committed: await progress.positions(),
                                         topic: reader.topic, client: client, logger: logger)
    }

    /// Errors that will recur for the same data: PostgreSQL refused it (data exception, integrity,
    /// program limit), or it could not be encoded. Connection loss, deadlocks, shutdowns pass.
    static func isDeterministic(_ error: any Error) -> Bool {
        if LoggableError.underlying(error) is EncodingError { return true }
        guard let state = LoggableError.sqlState(error) else { return false }
        return ["22", "23", "42", "54", "XX"].contains(String(state.prefix(2)))
    }
}

/// The lease `prepare` read, handed to `run`.
private actor LeaseBox {
    var value: ProjectionLease?
    func set(_ lease: ProjectionLease) { value = lease }
}
