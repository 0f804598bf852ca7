import ArgumentParser
import Foundation
import HTTPAPI
import Runtime

/// `clinicledger token issue --org ORG --role ROLE [--patient ID]`: a SPRY bearer token.
struct Token: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "SPRY bearer tokens for development and tests.", subcommands: [Issue.self])

    struct Issue: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a token signed with the organization's declared hs256_secret.",
            discussion: """
                Reads DATABASE_URL. The token carries sub, org, roles, patient_id (for USER) and exp, as \
                SPRY's routes expect (docs/dialects/spry.md). --role USER needs --patient, the patient's id. \
                Organizations that declared public_key_pem sign their own tokens.
                """)

        @Option(help: "The organization's id.") var org: String
        @Option(help: "USER (a patient) or a staff role: ADMIN, DOCTOR, STAFF, …") var role: String
        @Option(help: "The patient's id (role USER).") var patient: String?
        @Option(help: "The token's subject, the user's id.") var sub: String = "dev-user"
        @Option(help: "Seconds until it expires.") var ttl: Int = 3600

        func validate() throws {
            let role = role.uppercased()
            guard role == SpryTokens.patientRole || SpryTokens.staffRoles.contains(role) else {
                throw ValidationError("--role must be USER or one of \(SpryTokens.staffRoles.sorted().joined(separator: ", "))")
            }
            if role == SpryTokens.patientRole, patient == nil { throw ValidationError("--role USER needs --patient") }
            guard ttl > 0 else { throw ValidationError("--ttl must be positive") }
        }

        func run() async throws {
            let logger = CLILogging.logger("clinicledger.token")
            let organizationId = try AuditArguments.id(org, "--org")
            let patientId = try patient.map { try AuditArguments.id($0, "--patient") }
            let claims = SpryTokens.Claims(sub: sub, org: organizationId, roles: [role.uppercased()], patientId: patientId,
                                           expires: Date().addingTimeInterval(TimeInterval(ttl)))
            do {
                print(try await SpryTokenIssuer.issue(try RuntimeConfiguration.fromEnvironment(), claims: claims,
                                                      organizationId: organizationId, logger: logger))
            } catch let refusal as SpryTokenIssuer.Refusal {
                throw CLIError(refusal.description)
            }
        }
    }
}
