import ArgumentParser
import Foundation
import Runtime

struct Restore: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Refill an empty (lost) Kafka cluster's events topic from event_archive.",
        discussion: """
            Reads DATABASE_URL, KAFKA_BROKERS, CLINICLEDGER_PARTITIONS, CLINICLEDGER_TOPIC_PREFIX. Stop serve first. \
            Writes every archived event back to its partition in its order; the archive's offsets and the \
            projections' positions move to the new log's. Partitions that already hold their events are left \
            alone; a partition that is behind the archive without being empty is refused. See docs/runbook.md.
            """)

    func run() async throws {
        let logger = CLILogging.logger("clinicledger.restore")
        let restored = try await ClinicLedgerRuntime.restore(try RuntimeConfiguration.fromEnvironment(), logger: logger)
        print(restored == 0 ? "nothing to restore: the log holds everything event_archive holds" : "restored \(restored) events from event_archive")
    }
}
