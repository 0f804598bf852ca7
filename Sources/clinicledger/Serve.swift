import ArgumentParser
import Foundation
import Hummingbird
import Runtime
import ServiceLifecycle

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the HTTP API, the partition writers and the projector in one process.",
        discussion: "Reads DATABASE_URL, KAFKA_BROKERS (unset = embedded broker), CLINICLEDGER_ADMIN_TOKEN, CLINICLEDGER_PARTITIONS.")

    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on.") var port = 8080
    @Flag(help: "Prepare the demo organization and print a fresh API key for it.") var demo = false

    func run() async throws {
        let logger = CLILogging.logger("clinicledger")
        let runtime = try await ClinicLedgerRuntime.start(try RuntimeConfiguration.fromEnvironment(), logger: logger)
        if demo {
            let org = try await DemoOrganization.prepare(runtime)
            Console.line("""
                Demo organization: \(org.organizationId.lowercased)
                API key (shown once): \(org.apiKey)
                Try: curl -s -H 'X-API-Key: \(org.apiKey)' http://\(host):\(port)/v1/locations
                """)
        }
        let app = runtime.httpApplication(host: host, port: port, logger: logger) { bound in
            Console.line("Listening on http://\(host):\(bound)")
        }
        // SIGTERM/SIGINT: HTTP stops taking requests and gets a moment for those in flight, then
        // the runtime stops writers, projections and PostgreSQL — all within 10 s (docs/runbook.md).
        // Services stop in reverse order: the projections are cancelled first, then HTTP drains.
        var group = ServiceGroupConfiguration(services: [app, ProjectionsStopper(runtime: runtime)],
                                              gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        group.maximumGracefulShutdownDuration = .milliseconds(1500)
        group.maximumCancellationDuration = .milliseconds(500)
        do { try await ServiceGroup(configuration: group).run() } catch {
            await runtime.shutdown(deadline: .seconds(6))
            throw error
        }
        await runtime.shutdown(deadline: .seconds(6))
        logger.notice("stopped")
        // Everything committed is safe now. A shutdown step that overran its deadline is still
        // running on other threads (librdkafka's among them); returning would run the process's
        // teardown under it, where one CI run crashed in the Swift runtime. End here instead.
        fflush(nil)  // every output stream: the log and the console lines
        _exit(0)
    }
}

/// Waits for the shutdown signal, then cancels the projections at once (see
/// `ClinicLedgerRuntime.cancelProjections`).
private struct ProjectionsStopper: Service {
    let runtime: ClinicLedgerRuntime

    func run() async throws {
        try? await gracefulShutdown()
        runtime.cancelProjections()
    }
}
