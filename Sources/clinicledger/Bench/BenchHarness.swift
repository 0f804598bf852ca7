import AsyncHTTPClient
import Domain
import Foundation
import HTTPAPI
import Hummingbird
import Logging
import NIOCore
import NIOHTTP1
import ReadModels
import Runtime

/// The whole system in-process for a benchmark: the embedded broker (or KAFKA_BROKERS), a throwaway database on
/// DATABASE_URL's server, the HTTP server on a loopback port, and organizations to write for.
struct BenchHarness {
    let runtime: ClinicLedgerRuntime
    let port: Int
    let apiKeys: [String]
    /// The organizations the keys belong to, in the same order.
    let organizationIds: [UUID]
    /// This run's admin token: the admin API (`Authorization: Bearer <token>`) is open to the bench only.
    let adminToken: String
    let logger: Logger
    private let database: ScratchDatabase
    private let server: Task<Void, Error>

    /// `disclosures: nil` records no reads (`bench reads` measures what recording them costs).
    static func start(label: String, partitions: Int32, organizations: Int,
                      disclosures: DisclosureRecorder.Settings? = DisclosureRecorder.Settings()) async throws -> BenchHarness {
        var logger = CLILogging.logger("clinicledger.bench")
        logger.logLevel = ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .error
        guard let url = ProcessInfo.processInfo.environment["DATABASE_URL"] else { throw CLIError("DATABASE_URL is not set") }
        let database = try await ScratchDatabase.create(on: try PostgresSettings(url: url), prefix: "clinicledger_bench_\(label)", logger: logger)
        // KAFKA_BROKERS when set (topics of this run's own), else the embedded broker.
        let brokers = ProcessInfo.processInfo.environment["KAFKA_BROKERS"].flatMap { $0.isEmpty ? nil : $0 }
        let prefix = brokers == nil ? "clinicledger." : "clinicledger-bench-\(UUID().uuidString.prefix(8).lowercased())."
        let adminToken = APIKeys.generate().key
        var configuration = RuntimeConfiguration(database: database.settings, kafkaBrokers: brokers, topicPrefix: prefix,
                                                 partitions: partitions, adminToken: adminToken)
        configuration.disclosures = disclosures
        // CLINICLEDGER_WRITER_GROUP_LIMIT=1 measures the same binary without group commit.
        if let limit = ProcessInfo.processInfo.environment["CLINICLEDGER_WRITER_GROUP_LIMIT"].flatMap(Int.init) {
            configuration.writerGroupLimit = limit
        }
        let runtime = try await ClinicLedgerRuntime.start(configuration, logger: logger)
        var keys: [String] = [], ids: [UUID] = []
        for i in 0..<max(1, organizations) {
            let org = try await BenchOrganizations.create(runtime, name: "Bench clinic \(i)")
            keys.append(org.key)
            ids.append(org.id)
        }
        let (port, server) = try await serve(runtime, logger: logger)
        return BenchHarness(runtime: runtime, port: port, apiKeys: keys, organizationIds: ids, adminToken: adminToken, logger: logger,
                            database: database, server: server)
    }

    /// Starts a harness, runs `body` on it and stops it (its database dropped) whether `body` succeeds or throws.
    static func with(label: String, partitions: Int32, organizations: Int, _ body: (BenchHarness) async throws -> Void) async throws {
        let harness = try await start(label: label, partitions: partitions, organizations: organizations)
        do {
            try await body(harness)
        } catch {
            await harness.stop()
            throw error
        }
        await harness.stop()
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
    /// `change` alters the configuration of the new start (`bench restart` turns snapshots off).
    func restarted(_ change: (inout RuntimeConfiguration) -> Void = { _ in }) async throws
        -> (harness: BenchHarness, stopSeconds: Double, startSeconds: Double) {
        let t0 = ContinuousClock.now
        server.cancel()
        _ = try? await server.value
        // A restart of serve, not a crash: the writers take their snapshots at this stop, however long.
        await runtime.shutdown(deadline: .seconds(600))
        let t1 = ContinuousClock.now
        var configuration = runtime.configuration
        change(&configuration)
        let again = try await ClinicLedgerRuntime.start(configuration, logger: logger)
        let t2 = ContinuousClock.now
        let (port, server) = try await Self.serve(again, logger: logger)
        return (BenchHarness(runtime: again, port: port, apiKeys: apiKeys, organizationIds: organizationIds, adminToken: adminToken,
                             logger: logger, database: database, server: server),
                (t1 - t0).seconds, (t2 - t1).seconds)
    }

    /// Starts a new peak for `peakRSSMiB` (Linux: writing 5 to clear_refs resets VmHWM to the
    /// current resident size), so one run of several can report each step's own peak.
    static func resetPeakRSS() {
        try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
    }

    /// The writers' group commit since this harness started (loading included): how many commands
    /// shared how many transactions, and where the writers' time went.
    func printWriterStatistics() async {
        let w = await runtime.services.commands.writerStatistics()
        print(String(format: "writers: %d commands in %d transactions (%.1f a transaction, largest %d); deciding %.1f s, "
                     + "waiting for the archive %.1f s, in transactions %.1f s",
                     w.commands, w.transactions, Double(w.commands) / Double(max(1, w.transactions)), w.largestGroup,
                     w.deciding.seconds, w.waitingForArchive.seconds, w.appending.seconds))
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
        try await post(path, count: bodies.count, concurrency: concurrency) { bodies[$0] }
    }

    /// As `post(_:bodies:concurrency:)`, body i made by `body(i)` just before request i is sent
    /// (outside its latency, inside the wall time): a million patients are never in memory at once.
    func post(_ path: String, count: Int, concurrency: Int, body: @escaping @Sendable (Int) throws -> Data)
        async throws -> (seconds: Double, latencies: LatencyStats) {
        let run = try await send(count: count, request: { BenchRequest(.POST, path, body: try body($0)) }, concurrency: concurrency) { index, status, body in
            guard status == .ok else { throw CLIError("request \(index) answered \(status.code): \(String(buffer: body).prefix(300))") }
        }
        return (run.seconds, run.latencies)
    }

    /// Where a request carries the organization's API key: Solum's `X-API-Key`, Heim's bare
    /// `Authorization: <key>`, or none (public routes such as /health).
    enum KeyHeader: Sendable { case xAPIKey, authorization, noKey }

    /// One request of a run: a path on the harness's server, and a JSON body for POST and PUT.
    struct BenchRequest: Sendable {
        var method: HTTPMethod
        var path: String
        var body: Data?
        init(_ method: HTTPMethod, _ path: String, body: Data? = nil) { self.method = method; self.path = path; self.body = body }
    }

    /// Sends every request (request i with API key i mod keys, in `keyHeader`) from `concurrency`
    /// clients, each client taking every concurrency-th request; returns the wall time, every
    /// request's latency (until its whole body arrived) and what `answer` made of each answer, by
    /// request index. `answer` runs outside the latency but inside the wall time; what it throws
    /// fails the run.
    func send<Answer: Sendable>(_ requests: [BenchRequest], keyHeader: KeyHeader = .xAPIKey, concurrency: Int,
                                answer: @escaping @Sendable (_ index: Int, _ status: HTTPResponseStatus, _ body: ByteBuffer) throws -> Answer)
        async throws -> (seconds: Double, latencies: LatencyStats, answers: [Answer]) {
        try await send(count: requests.count, request: { requests[$0] }, keyHeader: keyHeader, concurrency: concurrency, answer: answer)
    }

    /// As `send(_:keyHeader:concurrency:answer:)`, request i made by `request(i)` when its client
    /// gets to it (outside its latency).
    func send<Answer: Sendable>(count: Int, request makeRequest: @escaping @Sendable (Int) throws -> BenchRequest,
                                keyHeader: KeyHeader = .xAPIKey, concurrency: Int,
                                answer: @escaping @Sendable (_ index: Int, _ status: HTTPResponseStatus, _ body: ByteBuffer) throws -> Answer)
        async throws -> (seconds: Double, latencies: LatencyStats, answers: [Answer]) {
        let base = "http://127.0.0.1:\(port)", keys = apiKeys
        let started = ContinuousClock.now
        let (latencies, answers) = try await withThrowingTaskGroup(of: (LatencyStats, [(Int, Answer)]).self) { group in
            for worker in 0..<max(1, concurrency) {
                group.addTask {
                    var stats = LatencyStats()
                    var answers: [(Int, Answer)] = []
                    for index in stride(from: worker, to: count, by: max(1, concurrency)) {
                        let r = try makeRequest(index)
                        var request = HTTPClientRequest(url: base + r.path)
                        request.method = r.method
                        switch keyHeader {
                        case .xAPIKey: request.headers.add(name: "X-API-Key", value: keys[index % keys.count])
                        case .authorization: request.headers.add(name: "Authorization", value: keys[index % keys.count])
                        case .noKey: break
                        }
                        if let body = r.body {
                            request.headers.add(name: "Content-Type", value: "application/json")
                            request.body = .bytes(ByteBuffer(data: body))
                        }
                        let t0 = ContinuousClock.now
                        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(120))
                        let body = try await response.body.collect(upTo: 64 << 20)
                        stats.record((ContinuousClock.now - t0).seconds)
                        answers.append((index, try answer(index, response.status, body)))
                    }
                    return (stats, answers)
                }
            }
            var all = LatencyStats(), byIndex: [(Int, Answer)] = []
            for try await (stats, answers) in group { all.merge(stats); byIndex += answers }
            return (all, byIndex.sorted { $0.0 < $1.0 }.map(\.1))
        }
        return ((ContinuousClock.now - started).seconds, latencies, answers)
    }

    /// Creates `count` patients for the first organization through the Solum batch API (500 a
    /// request, 4 clients); returns their ids in creation order.
    func createPatients(_ count: Int) async throws -> [UUID] {
        let generator = SyntheticPatients(runId: UUIDv7.make().lowercased)
        let bodies = try stride(from: 0, to: count, by: 500).map {
            BenchRequest(.POST, "/v1/patients/batch", body: try generator.body(from: $0, count: min(500, count - $0)))
        }
        let created = try await send(bodies, concurrency: 4) { index, status, body in
            guard status == .ok else { throw CLIError("patient batch \(index) answered \(status.code): \(String(buffer: body).prefix(300))") }
            let json = try JSONSerialization.jsonObject(with: Data(buffer: body)) as? [String: Any]
            return (json?["patient_ids"] as? [String] ?? []).compactMap(UUID.init(uuidString:))
        }
        let ids = created.answers.flatMap { $0 }
        guard ids.count == count else { throw CLIError("the batch API created \(ids.count) patients, not \(count)") }
        return ids
    }

    /// PUTs an organization's reference data through the admin API; returns the reply's JSON.
    func applyReferenceData(organization: UUID, _ declaration: [String: Any]) async throws -> [String: Any] {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/admin/v1/organizations/\(organization.lowercased)/reference-data")
        request.method = .PUT
        request.headers.add(name: "Authorization", value: "Bearer \(adminToken)")
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(data: try JSONSerialization.data(withJSONObject: declaration)))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(120))
        let body = try await response.body.collect(upTo: 16 << 20)
        guard response.status == .ok else { throw CLIError("reference data answered \(response.status.code): \(String(buffer: body).prefix(300))") }
        return try JSONSerialization.jsonObject(with: Data(buffer: body)) as? [String: Any] ?? [:]
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
