import ArgumentParser
import EventStore
import Foundation
import Runtime

/// `clinicledger send FILE|-`: publishes commands to the commands topic from JSON lines.
struct Send: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Publish commands to clinicledger.commands from JSON lines; with --wait, print each one's result.",
        discussion: """
            Each line: {"type": "clinicledger.command.patients.upsert.v1", "body": {…}, "id"?, "subject"?, \
            "organization"?, "api_key"?, "source"?}. The lines go in one transaction, keyed by organization id. \
            With --wait, each command's result from clinicledger.command-results is printed as one JSON line, \
            in input order, and the exit status is 1 when any was rejected. See docs/commands.md.
            """)

    @Argument(help: "A file of JSON lines, or - for stdin.") var file: String
    @Option(help: "Kafka bootstrap servers (default: KAFKA_BROKERS).") var brokers: String?
    @Option(name: .customLong("api-key"), help: "The organization's API key (default: CLINICLEDGER_API_KEY).") var apiKey: String?
    @Option(help: "The organization's id, the record key (default: CLINICLEDGER_ORGANIZATION).") var organization: String?
    @Option(help: "ce_source: the sending system.") var source = "clinicledger-send"
    @Option(help: "Topic name prefix (default: CLINICLEDGER_TOPIC_PREFIX or clinicledger.).") var topicPrefix: String?
    @Flag(help: "Wait for each command's result and print it.") var wait = false
    @Option(help: "Seconds --wait waits for all results.") var timeout = 60

    func run() async throws {
        let env = ProcessInfo.processInfo.environment
        guard let bootstrap = brokers ?? env["KAFKA_BROKERS"].flatMap({ $0.isEmpty ? nil : $0 }) else {
            throw CLIError("set --brokers or KAFKA_BROKERS (see docs/commands.md for the embedded broker)")
        }
        let text: String
        if file == "-" {
            text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        } else {
            guard let data = FileManager.default.contents(atPath: file) else { throw CLIError("cannot read \(file)") }
            text = String(decoding: data, as: UTF8.self)
        }
        let defaults = CommandSender.Defaults(apiKey: apiKey ?? env["CLINICLEDGER_API_KEY"],
                                              organization: organization ?? env["CLINICLEDGER_ORGANIZATION"], source: source)
        let topics = Topics(prefix: topicPrefix ?? env["CLINICLEDGER_TOPIC_PREFIX"] ?? "clinicledger.")
        let sent: [(id: UUID, result: String?)]
        do {
            sent = try await CommandSender.send(text, defaults: defaults, bootstrap: bootstrap, topics: topics, wait: wait,
                                                timeout: .seconds(timeout))
        } catch let error as CommandSender.InputError {
            throw CLIError(error.description)
        }
        var rejected = 0
        for (id, result) in sent {
            if let result {
                Console.line(result)
                if (try? CommandResult.decode(Array(result.utf8)))?.status == .rejected { rejected += 1 }
            } else {
                Console.line(#"{"command_id":"\#(id.lowercased)","sent":true}"#)
            }
        }
        if rejected > 0 { throw ExitCode(1) }
    }
}
