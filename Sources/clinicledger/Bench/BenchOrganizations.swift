import CommandHandling
import Domain
import EventStore
import HTTPAPI
import Runtime

/// Organizations for a benchmark, created through the write path like any other.
enum BenchOrganizations {
    /// Returns the new organization's API key once the read model knows it.
    static func create(_ runtime: ClinicLedgerRuntime, name: String) async throws -> String {
        let key = APIKeys.generate()
        let outcome = try await runtime.services.commands.send(CommandEnvelope(
            organizationId: UUIDv7.make(),
            command: .organization(.createOrganization(CreateOrganization(name: name, apiKeyHash: key.hash, apiKeyPrefix: key.prefix))),
            actor: "system", channel: .manual, commandId: UUIDv7.make()))
        guard await runtime.services.progress.waitUntilPassed(outcome.positions, timeout: .seconds(30)) else {
            throw CLIError("the new organization was not projected within 30 s")
        }
        return key.key
    }
}
