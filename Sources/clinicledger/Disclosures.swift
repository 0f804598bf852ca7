import ArgumentParser
import Domain
import Foundation
import Runtime

/// `clinicledger patient PATIENT_ID --organization ORG [--as-of T]`: what the record said at T.
struct Patient: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "What a patient's record said at a time, folded from event_archive.",
        discussion: """
            Reads DATABASE_URL. Folds the patient's archived events up to --as-of (default: now) with the \
            domain's own evolve and prints the record's fields that held a value then (named as History names \
            them), with when it was created and last changed. Exits non-zero when the organization had no \
            such patient at that time. See docs/audit.md.
            """)

    @Argument(help: "The patient's id.") var patientId: String
    @Option(help: "The organization's id.") var organization: String
    @Option(name: .customLong("as-of"), help: "An RFC 3339 time, e.g. 2026-01-31T09:00:00Z.") var asOf: String?
    @Option(help: "table or json.") var format: AuditReplay.PatientFormat = .table

    func run() async throws {
        let logger = CLILogging.logger("clinicledger.patient")
        let org = try AuditArguments.id(organization, "--organization")
        let patient = try AuditArguments.id(patientId, "PATIENT_ID")
        let at = try asOf.map { try AuditArguments.time($0, "--as-of") }
        let found = try await AuditReplay.patient(try RuntimeConfiguration.fromEnvironment(), organizationId: org, patientId: patient,
                                                  asOf: at, format: format, logger: logger) { print($0) }
        guard found else {
            throw CLIError("organization \(org.lowercased) has no patient \(patient.lowercased)" + (asOf.map { " as of \($0)" } ?? ""))
        }
    }
}

/// `clinicledger disclosures PATIENT_ID --organization ORG [--from T] [--to T]`: who read the record.
struct Disclosures: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List who read a patient's record: the accounting of disclosures.",
        discussion: """
            Reads DATABASE_URL. Lists the reads recorded for the patient (GET of the patient, its History, \
            list results, upsert replies and match suggestions naming it) from patient_disclosures: when, who \
            (the API key's id), credential, channel and route. --from and --to bound the time of the read, both \
            inclusive. Reads are recorded in batches (every 500 ms): the newest can take a moment to show. \
            See docs/audit.md.
            """)

    @Argument(help: "The patient's id.") var patientId: String
    @Option(help: "The organization's id.") var organization: String
    @Option(help: "Only reads at or after this RFC 3339 time.") var from: String?
    @Option(help: "Only reads at or before this RFC 3339 time.") var to: String?
    @Option(help: "table or json.") var format: AuditReplay.DisclosuresFormat = .table

    func run() async throws {
        let logger = CLILogging.logger("clinicledger.disclosures")
        let count = try await AuditReplay.disclosures(
            try RuntimeConfiguration.fromEnvironment(), organizationId: try AuditArguments.id(organization, "--organization"),
            patientId: try AuditArguments.id(patientId, "PATIENT_ID"), from: try from.map { try AuditArguments.time($0, "--from") },
            to: try to.map { try AuditArguments.time($0, "--to") }, format: format, logger: logger) { print($0) }
        logger.info("listed disclosures", metadata: ["count": "\(count)"])
    }
}

extension AuditReplay.PatientFormat: ExpressibleByArgument {}
extension AuditReplay.DisclosuresFormat: ExpressibleByArgument {}
