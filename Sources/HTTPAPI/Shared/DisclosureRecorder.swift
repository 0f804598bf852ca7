import CommandHandling
import Domain
import Foundation
import Logging

/// The accounting of disclosures: every read that returns a patient's record is buffered here and
/// recorded, per organization, as one `recordAccesses` command through the router — every
/// `flushInterval`, or at once when an organization has `maxBatch` reads waiting. A read only
/// appends to the buffer; it never waits for the log. The cost: a crash (not a shutdown, which
/// flushes) loses at most the reads of the last unflushed window (docs/audit.md).
public actor DisclosureRecorder {
    public struct Settings: Sendable {
        public var flushInterval: Duration
        public var maxBatch: Int
        public init(flushInterval: Duration = .milliseconds(500), maxBatch: Int = 500) {
            self.flushInterval = flushInterval; self.maxBatch = maxBatch
        }
    }

    /// A batch the log could not take, kept to be sent again as the same command: its Idempotency-Key
    /// replays it if it was written after all, so a retry never records a read twice.
    private struct Unsent {
        var command: CommandEnvelope
        var attempts: Int
    }

    private let commands: CommandRouter
    private let settings: Settings
    private let logger: Logger
    private var pending: [UUID: [PatientRecordAccess]] = [:]
    private var unsent: [Unsent] = []
    private var sending: [UUID: Task<Void, Never>] = [:]
    private var ticker: Task<Void, Never>?
    private static let maxAttempts = 5

    public init(commands: CommandRouter, settings: Settings = Settings(), logger: Logger) {
        self.commands = commands; self.settings = settings; self.logger = logger
    }

    /// Starts the periodic flush.
    public func start() {
        guard ticker == nil else { return }
        let interval = settings.flushInterval
        ticker = Task { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                await self?.flushAll()
            }
        }
    }

    /// Buffers the reads of `patientIds` (in the order they were returned) by one request.
    public func record(organizationId: UUID, patientIds: [UUID], access: RecordAccess) {
        guard !patientIds.isEmpty else { return }
        pending[organizationId, default: []].append(contentsOf: patientIds.map { PatientRecordAccess(patientId: $0, access: access) })
        if pending[organizationId, default: []].count >= settings.maxBatch { startSending(organizationId) }
    }

    /// Sends everything buffered (and retries what failed before); returns when those sends are done.
    public func flushAll() async {
        let retries = unsent
        unsent = []
        for u in retries { track { await self.send(u) } }
        for org in pending.keys { startSending(org) }
        await waitForSends()
    }

    /// Shutdown: stops the periodic flush and records everything buffered, before the writers stop.
    public func stop() async {
        ticker?.cancel()
        ticker = nil
        await flushAll()
        if !unsent.isEmpty {
            logger.error("disclosures could not be recorded before shutdown",
                         metadata: ["reads": "\(unsent.reduce(0) { $0 + $1.command.accessCount })"])
        }
    }

    /// Reads buffered and not yet sent (for tests and the bench).
    public var bufferedCount: Int { pending.values.reduce(0) { $0 + $1.count } }

    private func startSending(_ org: UUID) {
        guard let batch = pending.removeValue(forKey: org), !batch.isEmpty else { return }
        var start = 0
        while start < batch.count {
            let chunk = Array(batch[start..<min(batch.count, start + RecordAccesses.maxAccesses)])
            start += chunk.count
            let id = UUIDv7.make()
            let command = CommandEnvelope(organizationId: org, command: .disclosures(.recordAccesses(RecordAccesses(accesses: chunk))),
                                          actor: "system", channel: .api, commandId: id, idempotencyKey: "disclosures:\(id.lowercased)")
            track { await self.send(Unsent(command: command, attempts: 0)) }
        }
    }

    private func track(_ work: @escaping @Sendable () async -> Void) {
        let token = UUID()
        // Isolated to this actor like the method that starts it: `work` runs off it, the bookkeeping on it.
        sending[token] = Task {
            await work()
            self.sending[token] = nil
        }
    }

    private func waitForSends() async {
        while let task = sending.values.first {
            await task.value
        }
    }

    private func send(_ u: Unsent) async {
        do {
            _ = try await commands.send(u.command)
        } catch CommandError.rejected(let error) {
            // Not the log's fault: sending it again would be refused again.
            logger.error("disclosures refused", metadata: ["organization": "\(u.command.organizationId.lowercased)",
                                                           "reads": "\(u.command.accessCount)", "error": "\(error.code.rawValue)"])
        } catch {
            let next = Unsent(command: u.command, attempts: u.attempts + 1)
            guard next.attempts < Self.maxAttempts else {
                logger.error("disclosures lost after retries", metadata: ["organization": "\(u.command.organizationId.lowercased)",
                                                                          "reads": "\(u.command.accessCount)"])
                return
            }
            logger.warning("disclosures not recorded yet; retrying", metadata: ["organization": "\(u.command.organizationId.lowercased)",
                                                                                 "reads": "\(u.command.accessCount)"])
            unsent.append(next)
        }
    }
}

private extension CommandEnvelope {
    var accessCount: Int {
        if case .disclosures(.recordAccesses(let r)) = command { return r.accesses.count }
        return 0
    }
}

/// The routes that return patients' records or name patients, as the accounting of disclosures
/// names them: a route's name, never its URL (a query can hold PHI).
enum DisclosedRoute: String, Sendable {
    case patient = "solum.patients.get"
    case patientList = "solum.patients.list"
    case history = "solum.patients.history"
    case historyAsOf = "solum.patients.history_as_of"
    case upsert = "solum.patients.upsert"
    case matchSuggestion = "solum.patients.match_suggestion"
    case possibleDuplicates = "solum.patients.possible_duplicates"
    case merge = "solum.patients.merge"
}
