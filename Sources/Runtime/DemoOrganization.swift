import CommandHandling
import Domain
import EventStore
import Foundation
import HTTPAPI

/// The demo organization `serve --demo` prepares so the README's curl works at once: created
/// with sample reference data the first time, given a fresh API key every start (keys are shown
/// once and stored only as hashes, so an old one cannot be printed again).
public enum DemoOrganization {
    public static let name = "Demo Clinic"

    public static func prepare(_ runtime: ClinicLedgerRuntime) async throws -> (organizationId: UUID, apiKey: String) {
        let services = runtime.services
        let key = APIKeys.generate()
        let existing = try await services.queries.organizations(named: name).first
        let orgId = existing ?? UUIDv7.make()
        let command: Command = existing == nil
            ? .organization(.createOrganization(CreateOrganization(name: name, apiKeyHash: key.hash, apiKeyPrefix: key.prefix)))
            : .organization(.issueApiKey(IssueApiKey(apiKeyHash: key.hash, apiKeyPrefix: key.prefix)))
        try await send(command, org: orgId, runtime)
        if existing == nil {
            try await send(.organization(.applyReferenceData(ReferenceDataDeclaration(
                locations: [LocationDeclaration(name: "Main Street Clinic", address: "12 Main St, Springfield", timezone: "America/New_York")],
                workflowStages: [WorkflowStageDeclaration(title: "Intake"), WorkflowStageDeclaration(title: "Benefits verification"),
                                 WorkflowStageDeclaration(title: "Scheduled")],
                users: [UserDeclaration(name: "Front Desk", email: "frontdesk@demo-clinic.example")],
                externalIdTypes: [ExternalIdTypeDeclaration(name: "mrn")]))), org: orgId, runtime)
        }
        return (orgId, key.key)
    }

    private static func send(_ command: Command, org: UUID, _ runtime: ClinicLedgerRuntime) async throws {
        let outcome = try await runtime.services.commands.send(CommandEnvelope(
            organizationId: org, command: command, actor: "system", channel: .manual, commandId: UUIDv7.make()))
        _ = await runtime.services.progress.waitUntilPassed(outcome.positions, timeout: .seconds(30))
    }
}
