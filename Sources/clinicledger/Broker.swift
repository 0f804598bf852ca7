import ArgumentParser
import EventLog
import EventStore
import Foundation

struct Broker: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the embedded Kafka broker (librdkafka's mock cluster) as its own process until stopped.",
        discussion: """
            Prints the bootstrap address. The broker keeps its log in memory: it is for development and tests.

            The broker itself listens on an ephemeral port of 127.0.0.1 (librdkafka's mock cannot be given one). \
            With --port, a TCP forwarder on --host:<port> leads to it, and that fixed address is printed instead. \
            It is a stable bootstrap address, not a full proxy: the broker's metadata names its own 127.0.0.1 \
            address, which clients then connect to, so clients must run on this machine.
            """)

    @Option(help: "Partitions of the ClinicLedger topics it creates.") var partitions: Int32 = 4
    @Option(help: "Topic name prefix.") var topicPrefix = "clinicledger."
    @Option(help: "Fixed bootstrap port (a forwarder to the broker's ephemeral port; 0 picks a free one).") var port: Int?
    @Option(help: "Address the --port forwarder listens on.") var host = "127.0.0.1"

    func validate() throws {
        if let port, !(0...65535).contains(port) {
            throw ValidationError("--port must be between 0 and 65535.")
        }
    }

    func run() async throws {
        let broker = try EmbeddedBroker(defaultPartitions: partitions)
        let topics = Topics(prefix: topicPrefix)
        for name in [topics.events, topics.commands, topics.commandResults] {
            try broker.createTopic(name, partitions: partitions)
        }
        if let port {
            guard let target = BrokerPortForwarder.firstAddress(of: broker.bootstrapServers) else {
                throw CLIError("the broker reported no usable bootstrap address: \(broker.bootstrapServers)")
            }
            let forwarder = try await BrokerPortForwarder.start(
                listenHost: host, listenPort: port, targetHost: target.host, targetPort: target.port)
            Console.line("\(host):\(forwarder.localPort)")
        } else {
            Console.line(broker.bootstrapServers)
        }
        // Runs until the process is stopped (Ctrl-C / SIGTERM end it); the forwarder, if any, keeps
        // listening on NIO's event loops until then.
        while true { try await Task.sleep(for: .seconds(3600)) }
    }
}
