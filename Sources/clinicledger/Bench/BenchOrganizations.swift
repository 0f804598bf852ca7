import CommandHandling
import Domain
import EventStore
import Foundation
import HTTPAPI
import Runtime

/// Organizations for a benchmark, created through the write path like any other.
enum BenchOrganizations {
    /// Returns the new organization's id and API key once the read model knows it.
    static func create(_ runtime: ClinicLedgerRuntime, name: String) async throws -> (id: UUID, key: String) {
        let key = APIKeys.generate()
        let id = UUIDv7.make()
        let outcome = try await runtime.services.commands.send(CommandEnvelope(
            organizationId: id,
            command: .organization(.createOrganization(CreateOrganization(name: name, apiKeyHash: key.hash, apiKeyPrefix: key.prefix))),
            actor: "system", channel: .manual, commandId: UUIDv7.make()))
        guard await runtime.services.progress.waitUntilPassed(outcome.positions, timeout: .seconds(30)) else {
            throw CLIError("the new organization was not projected within 30 s")
        }
        return (id, key.key)
    }
}
