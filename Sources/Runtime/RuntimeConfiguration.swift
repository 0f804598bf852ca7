import Foundation
import HTTPAPI
import ReadModels

/// Everything `clinicledger serve` (and the test suite) needs to assemble the system.
public struct RuntimeConfiguration: Sendable {
    public var database: PostgresSettings
    /// nil = embedded broker (librdkafka's mock cluster) in-process.
    public var kafkaBrokers: String?
    public var topicPrefix: String
    public var partitions: Int32
    public var adminToken: String?
    public var readYourWritesTimeout: Duration
    /// Tests only: runs in a writer just before a commands-topic record's transaction commits; a
    /// test throws there to stop the service between produce and commit.
    public var beforeCommandCommit: (@Sendable () throws -> Void)?
    /// The accounting of disclosures (docs/audit.md): when and how much reads are batched. nil
    /// records no reads — only `clinicledger bench reads` turns it off, to measure what it costs.
    public var disclosures: DisclosureRecorder.Settings? = DisclosureRecorder.Settings()
    /// Whether the writers consume `clinicledger.commands` (one consumer per partition), and whether
    /// the waitlist's process manager and clock run. Both on in `serve`; the integration tests turn
    /// them on only where they test them, so the dozens of stacks a test run starts at once do not
    /// each carry idle readers (the suite's timeouts came from that load, not from these parts).
    public var commandsTopic = true
    public var waitlistProcess = true
    /// At most this many commands share one transaction of a writer (group commit). 1 turns group
    /// commit off: benchmarks compare the two on the same binary.
    public var writerGroupLimit = 256
    /// A writer snapshots its decision state every this many events (and at a clean stop), and
    /// starts from its newest snapshot plus the log after it. 0: no snapshots taken or read.
    public var snapshotEvery = 100_000

    public init(database: PostgresSettings, kafkaBrokers: String? = nil, topicPrefix: String = "clinicledger.",
                partitions: Int32 = 4, adminToken: String? = nil, readYourWritesTimeout: Duration = .seconds(10)) {
        self.database = database; self.kafkaBrokers = kafkaBrokers; self.topicPrefix = topicPrefix
        self.partitions = partitions; self.adminToken = adminToken; self.readYourWritesTimeout = readYourWritesTimeout
    }

    public var embedded: Bool { kafkaBrokers == nil }

    /// From the environment: DATABASE_URL, KAFKA_BROKERS, CLINICLEDGER_ADMIN_TOKEN,
    /// CLINICLEDGER_PARTITIONS, CLINICLEDGER_TOPIC_PREFIX, CLINICLEDGER_WRITER_GROUP_LIMIT,
    /// CLINICLEDGER_SNAPSHOT_EVERY.
    public static func fromEnvironment(_ env: [String: String] = ProcessInfo.processInfo.environment) throws -> RuntimeConfiguration {
        guard let url = env["DATABASE_URL"], !url.isEmpty else { throw ConfigurationError.missing("DATABASE_URL") }
        var config = RuntimeConfiguration(database: try PostgresSettings(url: url))
        if let brokers = env["KAFKA_BROKERS"], !brokers.isEmpty { config.kafkaBrokers = brokers }
        if let token = env["CLINICLEDGER_ADMIN_TOKEN"], !token.isEmpty { config.adminToken = token }
        if let p = env["CLINICLEDGER_PARTITIONS"] {
            guard let n = Int32(p), (1...1024).contains(n) else { throw ConfigurationError.invalid("CLINICLEDGER_PARTITIONS", "a number from 1 to 1024") }
            config.partitions = n
        }
        if let prefix = env["CLINICLEDGER_TOPIC_PREFIX"] { config.topicPrefix = prefix }
        if let limit = env["CLINICLEDGER_WRITER_GROUP_LIMIT"] {
            guard let n = Int(limit), (1...4096).contains(n) else {
                throw ConfigurationError.invalid("CLINICLEDGER_WRITER_GROUP_LIMIT", "a number from 1 to 4096")
            }
            config.writerGroupLimit = n
        }
        if let every = env["CLINICLEDGER_SNAPSHOT_EVERY"] {
            guard let n = Int(every), n >= 0 else {
                throw ConfigurationError.invalid("CLINICLEDGER_SNAPSHOT_EVERY", "a number of events, 0 for no snapshots")
            }
            config.snapshotEvery = n
        }
        return config
    }
}

public enum ConfigurationError: Error, CustomStringConvertible {
    case missing(String)
    case invalid(String, String)
    public var description: String {
        switch self {
        case .missing(let name): return "\(name) is not set"
        case .invalid(let name, let want): return "\(name) must be \(want)"
        }
    }
}
