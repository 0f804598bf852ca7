import ArgumentParser
import EventLog
import EventStore
import Foundation

struct Broker: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the embedded Kafka broker (librdkafka's mock cluster) as its own process until stopped.",
        discussion: "Prints the bootstrap address. The broker keeps its log in memory: it is for development and tests.")

    @Option(help: "Partitions of the ClinicLedger topics it creates.") var partitions: Int32 = 4
    @Option(help: "Topic name prefix.") var topicPrefix = "clinicledger."

    func run() async throws {
        let broker = try EmbeddedBroker(defaultPartitions: partitions)
        let topics = Topics(prefix: topicPrefix)
        for name in [topics.events, topics.commands, topics.commandResults] {
            try broker.createTopic(name, partitions: partitions)
        }
        Console.line(broker.bootstrapServers)
        // Runs until the process is stopped (Ctrl-C / SIGTERM end it).
        while true { try await Task.sleep(for: .seconds(3600)) }
    }
}
