import AsyncHTTPClient
import Foundation
import Hummingbird
import Logging
import NIOCore
import ReadModels
import Runtime

/// The whole system in-process for a benchmark: the embedded broker (or KAFKA_BROKERS), a throwaway database on
/// DATABASE_URL's server, the HTTP server on a loopback port, and organizations to write for.
struct BenchHarness {
    let runtime: ClinicLedgerRuntime
    let port: Int
    let apiKeys: [String]
    let logger: Logger
    private let database: ScratchDatabase
    private let server: Task<Void, Error>

    static func start(label: String, partitions: Int32, organizations: Int) async throws -> BenchHarness {
        var logger = CLILogging.logger("clinicledger.bench")
        logger.logLevel = ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .error
        guard let url = ProcessInfo.processInfo.environment["DATABASE_URL"] else { throw CLIError("DATABASE_URL is not set") }
        let database = try await ScratchDatabase.create(on: try PostgresSettings(url: url), prefix: "clinicledger_bench_\(label)", logger: logger)
        // KAFKA_BROKERS when set (topics of this run's own), else the embedded broker.
        let brokers = ProcessInfo.processInfo.environment["KAFKA_BROKERS"].flatMap { $0.isEmpty ? nil : $0 }
        let prefix = brokers == nil ? "clinicledger." : "clinicledger-bench-\(UUID().uuidString.prefix(8).lowercased())."
        let runtime = try await ClinicLedgerRuntime.start(RuntimeConfiguration(database: database.settings, kafkaBrokers: brokers,
                                                                               topicPrefix: prefix, partitions: partitions), logger: logger)
        var keys: [String] = []
        for i in 0..<max(1, organizations) { keys.append(try await BenchOrganizations.create(runtime, name: "Bench clinic \(i)")) }
        let (port, server) = try await serve(runtime, logger: logger)
        return BenchHarness(runtime: runtime, port: port, apiKeys: keys, logger: logger, database: database, server: server)
    }

    private static func serve(_ runtime: ClinicLedgerRuntime, logger: Logger) async throws -> (Int, Task<Void, Error>) {
        let (ports, sink) = AsyncStream.makeStream(of: Int.self)
        let app = runtime.httpApplication(host: "127.0.0.1", port: 0, logger: logger) { sink.yield($0) }
        let server = Task { try await app.run() }
        var it = ports.makeAsyncIterator()
        guard let port = await it.next() else { throw CLIError("server did not start") }
        return (port, server)
    }

    /// Stops everything but the database and starts the system again on it, as a restart of
    /// `serve` would; returns the new harness and how long stopping and starting took.
    func restarted() async throws -> (harness: BenchHarness, stopSeconds: Double, startSeconds: Double) {
        let t0 = ContinuousClock.now
        server.cancel()
        _ = try? await server.value
        await runtime.shutdown()
        let t1 = ContinuousClock.now
        let again = try await ClinicLedgerRuntime.start(runtime.configuration, logger: logger)
        let t2 = ContinuousClock.now
        let (port, server) = try await Self.serve(again, logger: logger)
        return (BenchHarness(runtime: again, port: port, apiKeys: apiKeys, logger: logger, database: database, server: server),
                (t1 - t0).seconds, (t2 - t1).seconds)
    }

    /// Peak resident memory of this process so far (VmHWM), in MiB.
    static func peakRSSMiB() -> Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kb = Double(line.split(separator: " ").dropFirst().first ?? "") else { return 0 }
        return kb / 1024
    }

    /// POSTs each body to `path` (request i with API key i mod keys) from `concurrency` clients;
    /// returns the wall time and every request's latency. Any non-200 answer fails the run.
    func post(_ path: String, bodies: [Data], concurrency: Int) async throws -> (seconds: Double, latencies: LatencyStats) {
        let url = "http://127.0.0.1:\(port)\(path)", keys = apiKeys
        let started = ContinuousClock.now
        let latencies = try await withThrowingTaskGroup(of: LatencyStats.self) { group in
            for worker in 0..<concurrency {
                group.addTask {
                    var stats = LatencyStats()
                    for index in stride(from: worker, to: bodies.count, by: concurrency) {
                        var request = HTTPClientRequest(url: url)
                        request.method = .POST
                        request.headers.add(name: "X-API-Key", value: keys[index % keys.count])
                        request.headers.add(name: "Content-Type", value: "application/json")
                        request.body = .bytes(ByteBuffer(data: bodies[index]))
                        let t0 = ContinuousClock.now
                        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(120))
                        let body = try await response.body.collect(upTo: 4 << 20)
                        guard response.status == .ok else {
                            throw CLIError("request \(index) answered \(response.status.code): \(String(buffer: body).prefix(300))")
                        }
                        stats.record((ContinuousClock.now - t0).seconds)
                    }
                    return stats
                }
            }
            return try await group.reduce(into: LatencyStats()) { $0.merge($1) }
        }
        return ((ContinuousClock.now - started).seconds, latencies)
    }

    /// The first column of the first row of a query on the benchmark's database.
    func count(_ sql: String) async throws -> String {
        try await ScratchDatabase.execute(database.settings, sql, logger: logger).first ?? "?"
    }

    func stop() async {
        server.cancel()
        await runtime.shutdown()
        await database.drop(logger: logger)
    }
}
