import ArgumentParser
import Domain
import Foundation
import Runtime

/// `clinicledger matching estimate`: re-estimates an organization's probabilistic match weights
/// offline and adopts them (an event), docs/matching.md.
struct Matching: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The probabilistic match tier's weights (docs/matching.md).", subcommands: [Estimate.self])

    struct Estimate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Estimate an organization's match weights (EM) from its own patients and adopt them.",
            discussion: """
                Reads DATABASE_URL: folds the organization's events from event_archive into its patients, draws random \
                pairs for u and the pairs blocking brings together for m and the prior (EM, u fixed), and prints the \
                weights. Unless --dry-run, adopts them through the admin API (CLINICLEDGER_URL, \
                CLINICLEDGER_ADMIN_TOKEN): a match_weights_adopted event; from then on the upsert's probabilistic tier \
                uses them and records their version in every merge and possible duplicate. Thresholds are kept.
                """)

        @Option(name: .customLong("org"), help: "The organization's id.") var organization: String
        @Option(help: "The version to record (default: em-<today>).") var version: String?
        @Flag(help: "Print the estimate without adopting it.") var dryRun = false

        func run() async throws {
            let logger = CLILogging.logger("clinicledger.matching")
            guard let org = UUID(uuidString: organization) else { throw CLIError("--org: \(organization) is not an id") }
            let name = version ?? "em-" + String(RFC3339.format(Date()).prefix(10))
            let (adopted, patients, current) = try await MatchingEstimate.estimate(try RuntimeConfiguration.fromEnvironment(),
                                                                                 organizationId: org, version: name, logger: logger)
            print("\(patients) patients, \(adopted.pairs) blocked pairs, \(adopted.iterations) iterations (in force: \(current))")
            print("version \(adopted.weights.version), prior " + String(format: "%.5f", adopted.weights.prior))
            print(PublicMatchingBench.weightsTable(adopted.weights))
            guard !dryRun else { return }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            let body = try await AdminAPIClient.fromEnvironment().send(.PUT, "/admin/v1/organizations/\(org.lowercased)/match-weights",
                                                                      json: try encoder.encode(adopted))
            print(String(decoding: body, as: UTF8.self))
        }
    }
}
