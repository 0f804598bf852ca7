import CommandHandling
import Domain
import EventStore
import Foundation
import HTTPTypes
import Hummingbird
import ReadModels

/// What the routes need: the write side, the read side, and how long to wait between them.
public struct APIServices: Sendable {
    public var commands: CommandRouter
    public var queries: ReadModelQueries
    public var progress: ProjectionProgress
    public var health: @Sendable () async -> HealthReport
    public var adminToken: String?
    /// Read-your-writes: how long a write's reply waits for the projector to pass its offsets.
    public var readYourWritesTimeout: Duration
    /// Cliniko's rate limit per API key and minute (Cliniko's own is 200); tests may change it.
    public var clinikoRequestsPerMinute: Int
    /// The accounting of disclosures; nil records no reads (only the bench turns it off, to measure its cost).
    public var disclosures: DisclosureRecorder?

    public init(commands: CommandRouter, queries: ReadModelQueries, progress: ProjectionProgress,
                health: @escaping @Sendable () async -> HealthReport,
                adminToken: String?, readYourWritesTimeout: Duration = .seconds(10),
                clinikoRequestsPerMinute: Int = 200, disclosures: DisclosureRecorder? = nil) {
        self.commands = commands; self.queries = queries; self.progress = progress; self.health = health
        self.adminToken = adminToken; self.readYourWritesTimeout = readYourWritesTimeout
        self.clinikoRequestsPerMinute = clinikoRequestsPerMinute
        self.disclosures = disclosures
    }

    /// Records that `patientIds` (their records, or their names in an answer) were returned to the
    /// caller by `route`. Only buffers: the read does not wait for the log.
    func disclose(_ patientIds: [UUID], to caller: Caller, credential: String, route: DisclosedRoute) async {
        guard let disclosures, !patientIds.isEmpty else { return }
        await disclosures.record(organizationId: caller.organizationId, patientIds: patientIds, access: RecordAccess(
            accessedAt: Date(), actor: caller.actor, credential: credential, channel: .api, route: route.rawValue))
    }

    /// Sends a command and waits (bounded) until the read models include it.
    /// Returns whether they do, so a reply can say when it is answering from older data.
    /// The router checks the command's input limits before it queues it; a refusal is in the
    /// envelope of the context's dialect.
    func send<Context: DialectRequestContext>(_ command: CommandEnvelope, context: Context) async throws -> (outcome: CommandOutcome, projected: Bool) {
        let outcome: CommandOutcome
        do { outcome = try await commands.send(command) } catch let error as CommandError { throw Context.Failure(error) }
        guard !outcome.positions.isEmpty else { return (outcome, true) }
        let projected = await progress.waitUntilPassed(outcome.positions, timeout: readYourWritesTimeout)
        return (outcome, projected)
    }

    func command(_ command: Command, caller: Caller, request: Request, fingerprint: String, channel: SourceChannel = .api) -> CommandEnvelope {
        let key = request.headers[.idempotencyKey].flatMap { $0.isEmpty ? nil : $0 }
        let correlation = request.headers[.correlationId].flatMap(UUID.init(uuidString:))
        return CommandEnvelope(organizationId: caller.organizationId, command: command, actor: caller.actor, channel: channel,
                               commandId: UUIDv7.make(), correlationId: correlation, idempotencyKey: key,
                               requestFingerprint: fingerprint)
    }
}

extension Response {
    /// Marks replies that are a stored first answer, or that could not wait for the read model.
    func annotated(replayed: Bool, projected: Bool) -> Response {
        var response = self
        if replayed { response.headers[.idempotentReplayed] = "true" }
        if !projected { response.headers[.readModelLag] = "true" }
        return response
    }
}
