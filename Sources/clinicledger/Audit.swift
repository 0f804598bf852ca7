import ArgumentParser
import Domain
import Foundation
import ReadModels
import Runtime

/// `clinicledger history PATIENT_ID --organization ORG [--as-of T]`: a patient's History as it
/// stood at T, from event_archive. The answer goes to stdout; logs to stderr carry no PHI.
struct History: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "A patient's History as it stood at a time, built from event_archive.",
        discussion: """
            Reads DATABASE_URL. Every change to the patient up to --as-of (default: now) with when, action, \
            actor, channel and old → new, built from event_archive (the complete log), not from today's tables; \
            --format json prints what GET /v1/patients/{id}/history?as_of=T answers. Exits non-zero when the \
            organization had no such patient at that time. See docs/audit.md.
            """)

    @Argument(help: "The patient's id.") var patientId: String
    @Option(help: "The organization's id.") var organization: String
    @Option(name: .customLong("as-of"), help: "An RFC 3339 time, e.g. 2026-01-31T09:00:00Z.") var asOf: String?
    @Option(help: "table or json.") var format: AuditReplay.HistoryFormat = .table

    func run() async throws {
        let logger = CLILogging.logger("clinicledger.history")
        let org = try AuditArguments.id(organization, "--organization")
        let patient = try AuditArguments.id(patientId, "PATIENT_ID")
        let at = try asOf.map { try AuditArguments.time($0, "--as-of") }
        let found = try await AuditReplay.history(try RuntimeConfiguration.fromEnvironment(), organizationId: org, patientId: patient,
                                                  asOf: at, format: format, logger: logger) { print($0) }
        guard found else {
            throw CLIError("organization \(org.lowercased) has no patient \(patient.lowercased)" + (asOf.map { " as of \($0)" } ?? ""))
        }
    }
}

/// `clinicledger replay --organization ORG [--from T] [--to T] [--type CE_TYPE]…`: the raw facts.
struct Replay: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Stream an organization's archived events in log order, as JSON lines or a table.",
        discussion: """
            Reads DATABASE_URL. Reads event_archive a page at a time in log order (partition, offset); \
            --from and --to bound occurred_at (both inclusive), --type keeps only those ce_types (repeatable). \
            jsonl: one event per line, its envelope attributes, where the log holds it, and its payload. \
            See docs/audit.md.
            """)

    @Option(help: "The organization's id.") var organization: String
    @Option(help: "Only events at or after this RFC 3339 time.") var from: String?
    @Option(help: "Only events at or before this RFC 3339 time.") var to: String?
    @Option(name: .customLong("type"), help: "Only events of this ce_type (repeatable).") var types: [String] = []
    @Option(help: "jsonl or table.") var format: AuditReplay.ReplayFormat = .jsonl

    func run() async throws {
        let logger = CLILogging.logger("clinicledger.replay")
        let filter = EventArchive.ReplayFilter(
            organizationId: try AuditArguments.id(organization, "--organization"),
            from: try from.map { try AuditArguments.time($0, "--from") }, to: try to.map { try AuditArguments.time($0, "--to") },
            types: types)
        let count = try await AuditReplay.replay(try RuntimeConfiguration.fromEnvironment(), filter: filter, format: format,
                                                 logger: logger) { print($0) }
        logger.info("replayed events", metadata: ["count": "\(count)"])
    }
}

/// `clinicledger verify [--organization ORG]` and `clinicledger verify --projections`: tamper
/// evidence for the archive and a proof that the read models are what the events make them.
struct Verify: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Recompute the event hash chain, or rebuild the read models and compare them with the live tables.",
        discussion: """
            Reads DATABASE_URL. Without --projections: walks event_archive in log order, recomputes each \
            organization's hash chain (ce_prevhash) and prints the first altered, missing or reordered event of \
            each broken chain, or "verified N events (M organizations)", then each organization's chain head to \
            compare with its newest command-results record. With --projections: rebuilds every read model from \
            event_archive into a scratch schema (dropped afterwards) and compares per-table checksums with the live \
            tables; a difference names the table and the primary keys of the rows that differ. Exits 1 on any \
            break or difference. Reads every organization unless --organization is given. See docs/audit.md.
            """)

    @Option(help: "Only this organization's chain.") var organization: String?
    @Flag(help: "Compare the read models with a rebuild from event_archive instead.") var projections = false

    func run() async throws {
        let logger = CLILogging.logger("clinicledger.verify")
        let configuration = try RuntimeConfiguration.fromEnvironment()
        if projections {
            guard organization == nil else { throw CLIError("--projections compares whole tables; it takes no --organization") }
            let report = try await AuditVerify.projections(configuration, logger: logger)
            AuditVerify.lines(report).forEach { print($0) }
            if !report.verified { throw ExitCode.failure }
            return
        }
        let org = try organization.map { try AuditArguments.id($0, "--organization") }
        let report = try await AuditVerify.chain(configuration, organizationId: org, logger: logger)
        AuditVerify.lines(report).forEach { print($0) }
        if !report.verified { throw ExitCode.failure }
    }
}

extension AuditReplay.HistoryFormat: ExpressibleByArgument {}
extension AuditReplay.ReplayFormat: ExpressibleByArgument {}

enum AuditArguments {
    static func id(_ text: String, _ name: String) throws -> UUID {
        guard let id = UUID(uuidString: text) else { throw CLIError("\(name): \(text) is not an id") }
        return id
    }

    static func time(_ text: String, _ name: String) throws -> Date {
        guard let date = RFC3339.parse(text) else { throw CLIError("\(name) must be an RFC 3339 time, e.g. 2026-01-31T09:00:00Z") }
        return date
    }
}
