import AsyncHTTPClient
import EventLog
import Foundation
import HTTPAPI
import Hummingbird
import Logging
import NIOCore
import Runtime

/// The whole system as `clinicledger serve` runs it — real PostgreSQL, a Kafka-protocol broker,
/// the HTTP server on a loopback port — for one test. The broker is `KAFKA_BROKERS` when set
/// (scripts/test-tansu), else the embedded mock; a test may name its own. On an outside broker
/// each stack has topics of its own (a unique topic prefix), kept across `restart()`.
/// `restart()` stops every component and starts them again on the same database (and, when
/// outside, the same broker and topics).
final class TestStack: @unchecked Sendable {
    let database: TestDatabase
    let logger: Logger
    let adminToken = "test-admin-token"
    let kafkaBrokers: String?
    let topicPrefix: String
    /// Passed to the writers at every boot (`RuntimeConfiguration.beforeCommandCommit`); a test
    /// clears it before `restart()`.
    var beforeCommandCommit: (@Sendable () throws -> Void)?
    /// The commands-topic consumers and the waitlist's process manager and clock
    /// (`RuntimeConfiguration.commandsTopic`, `.waitlistProcess`): off unless a test asks, kept
    /// across `restart()`. Each is a set of idle readers, and a test run starts dozens of stacks at once.
    var background = false
    /// `RuntimeConfiguration.snapshotEvery` when set (else its default), kept across `restart()`.
    var snapshotEvery: Int?
    /// The accounting of disclosures' batching, kept across `restart()`. Off (nil) unless a test
    /// asks: with it on, every read writes an event a moment later, and the tests that count the
    /// log's records or compare it with the archive count writes.
    let disclosures: DisclosureRecorder.Settings?
    private(set) var runtime: ClinicLedgerRuntime
    private(set) var port: Int
    private var server: Task<Void, Error>

    /// `KAFKA_BROKERS` when set and not empty.
    static let outsideBroker: String? = ProcessInfo.processInfo.environment["KAFKA_BROKERS"].flatMap { $0.isEmpty ? nil : $0 }

    /// Topic prefix for one stack: unique on an outside broker that other tests share.
    static func uniqueTopicPrefix() -> String { "clinicledger-test-\(UUID().uuidString.prefix(8).lowercased())." }

    /// `kafkaBrokers: nil` is the embedded broker.
    static func start(kafkaBrokers: String? = outsideBroker, partitions: Int32 = 4,
                      beforeCommandCommit: (@Sendable () throws -> Void)? = nil, background: Bool = false,
                      disclosures: DisclosureRecorder.Settings? = nil, snapshotEvery: Int? = nil) async throws -> TestStack {
        var logger = Logger(label: "test")
        logger.logLevel = ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .critical
        let database = try await TestDatabase.create(logger: logger)
        let topicPrefix = kafkaBrokers == nil ? "clinicledger." : uniqueTopicPrefix()
        do {
            let (runtime, port, server) = try await boot(database: database, kafkaBrokers: kafkaBrokers, topicPrefix: topicPrefix,
                                                         partitions: partitions, beforeCommandCommit: beforeCommandCommit, background: background,
                                                         disclosures: disclosures, snapshotEvery: snapshotEvery, logger: logger)
            let stack = TestStack(database: database, logger: logger, kafkaBrokers: kafkaBrokers, topicPrefix: topicPrefix,
                                  disclosures: disclosures, runtime: runtime, port: port, server: server)
            stack.beforeCommandCommit = beforeCommandCommit
            stack.background = background
            stack.snapshotEvery = snapshotEvery
            return stack
        } catch {
            await database.drop(logger: logger)
            throw error
        }
    }

    /// A stack on a database a previous stack left behind (`stopKeepingDatabase`), with its topic prefix.
    static func start(database: TestDatabase, kafkaBrokers: String?, topicPrefix: String, partitions: Int32 = 4) async throws -> TestStack {
        var logger = Logger(label: "test")
        logger.logLevel = ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .critical
        let (runtime, port, server) = try await boot(database: database, kafkaBrokers: kafkaBrokers, topicPrefix: topicPrefix,
                                                     partitions: partitions, disclosures: nil, logger: logger)
        return TestStack(database: database, logger: logger, kafkaBrokers: kafkaBrokers, topicPrefix: topicPrefix,
                         disclosures: nil, runtime: runtime, port: port, server: server)
    }

    private init(database: TestDatabase, logger: Logger, kafkaBrokers: String?, topicPrefix: String,
                 disclosures: DisclosureRecorder.Settings?, runtime: ClinicLedgerRuntime, port: Int, server: Task<Void, Error>) {
        self.database = database; self.logger = logger; self.kafkaBrokers = kafkaBrokers; self.topicPrefix = topicPrefix
        self.disclosures = disclosures
        self.runtime = runtime; self.port = port; self.server = server
    }

    private static func boot(database: TestDatabase, kafkaBrokers: String?, topicPrefix: String, partitions: Int32,
                             beforeCommandCommit: (@Sendable () throws -> Void)? = nil, background: Bool = false,
                             disclosures: DisclosureRecorder.Settings?, snapshotEvery: Int? = nil,
                             logger: Logger) async throws -> (ClinicLedgerRuntime, Int, Task<Void, Error>) {
        var config = RuntimeConfiguration(database: database.settings, kafkaBrokers: kafkaBrokers, topicPrefix: topicPrefix,
                                          partitions: partitions, adminToken: "test-admin-token")
        // Tests assert what a reply holds, not how fast: a loaded run (CI beside other builds)
        // can hold the projector past serve's 10 s, and the reply would rightly answer from the
        // read model as it was. A minute keeps them about content.
        config.readYourWritesTimeout = .seconds(60)
        config.beforeCommandCommit = beforeCommandCommit
        config.commandsTopic = background
        config.waitlistProcess = background
        config.disclosures = disclosures
        if let snapshotEvery { config.snapshotEvery = snapshotEvery }
        let runtime = try await ClinicLedgerRuntime.start(config, logger: logger)
        let (ports, sink) = AsyncStream.makeStream(of: Int.self)
        let app = runtime.httpApplication(host: "127.0.0.1", port: 0, logger: logger) { sink.yield($0) }
        let server = Task { try await app.run() }
        var it = ports.makeAsyncIterator()
        guard let port = await it.next() else { throw TestFailure("HTTP server did not start") }
        return (runtime, port, server)
    }

    func restart() async throws {
        await stopComponents()
        (runtime, port, server) = try await Self.boot(database: database, kafkaBrokers: kafkaBrokers, topicPrefix: topicPrefix,
                                                      partitions: runtime.partitions, beforeCommandCommit: beforeCommandCommit, background: background,
                                                      disclosures: disclosures, snapshotEvery: snapshotEvery, logger: logger)
    }

    private func stopComponents() async {
        server.cancel()
        _ = try? await server.value
        await runtime.shutdown()
    }

    func stop() async {
        await stopComponents()
        await database.drop(logger: logger)
    }

    /// Stops every component but leaves the database, for tests that start something else on it.
    func stopKeepingDatabase() async {
        await stopComponents()
    }

    // MARK: HTTP

    struct Reply: Sendable {
        let status: Int
        let headers: [(String, String)]
        let body: Data
        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:] }
        func header(_ name: String) -> String? { headers.first { $0.0.lowercased() == name.lowercased() }?.1 }
        /// `detail.param` of an error envelope.
        var errorParam: String? { (json["detail"] as? [String: Any])?["param"] as? String }
        var errorCode: String? { (json["detail"] as? [String: Any])?["code"] as? String }
    }

    /// The tests' HTTP client: enough connections per server for the concurrency tests' 50 requests
    /// at once, and a wait for one as long as a request's own timeout. `HTTPClient.shared` waits 10 s
    /// for a pooled connection, which a loaded test run (dozens of stacks at once) can exceed while
    /// nothing is wrong. Lives as long as the test process.
    static let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: {
        var c = HTTPClient.Configuration()
        c.timeout = .init(connect: .seconds(120), read: .seconds(120))
        c.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 64)
        return c
    }())

    /// A body goes with `Content-Type: application/json` unless `headers` name another (or
    /// `contentType` is nil, which sends none).
    func request(_ method: HTTPMethodName, _ path: String, apiKey: String? = nil, admin: Bool = false,
                 json: Any? = nil, rawBody: Data? = nil, headers: [String: String] = [:],
                 contentType: String? = "application/json") async throws -> Reply {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
        request.method = .init(rawValue: method.rawValue)
        if let apiKey { request.headers.add(name: "X-API-Key", value: apiKey) }
        if admin { request.headers.add(name: "Authorization", value: "Bearer \(adminToken)") }
        for (k, v) in headers { request.headers.add(name: k, value: v) }
        if let body = try rawBody ?? json.map({ try JSONSerialization.data(withJSONObject: $0) }) {
            if let contentType, !headers.keys.contains(where: { $0.lowercased() == "content-type" }) {
                request.headers.add(name: "Content-Type", value: contentType)
            }
            request.body = .bytes(ByteBuffer(data: body))
        }
        let response = try await Self.client.execute(request, timeout: .seconds(120))
        let body = try await response.body.collect(upTo: 64 << 20)
        return Reply(status: Int(response.status.code), headers: response.headers.map { ($0.name, $0.value) }, body: Data(buffer: body))
    }

    enum HTTPMethodName: String { case GET, POST, PUT, PATCH, DELETE, TRACE }

    // MARK: Fixtures

    struct Organization: Sendable {
        let id: String
        let apiKey: String
        var locations: [String: String] = [:]
        var stages: [String: String] = [:]
        var users: [String: String] = [:]
        var externalIdTypes: [String: String] = [:]
    }

    /// Creates an organization through the admin API and declares reference data for it.
    func organization(_ name: String = "Clinic \(UInt16.random(in: 0...UInt16.max))") async throws -> Organization {
        let created = try await request(.POST, "/admin/v1/organizations", admin: true, json: ["name": name])
        guard created.status == 201, let id = created.json["organization_id"] as? String, let key = created.json["api_key"] as? String else {
            throw TestFailure("organization not created: \(created.status) \(String(decoding: created.body, as: UTF8.self))")
        }
        let applied = try await request(.PUT, "/admin/v1/organizations/\(id)/reference-data", admin: true, json: [
            "locations": [["name": "Main", "timezone": "America/New_York"], ["name": "Annex"]],
            "workflow_stages": [["title": "Intake"], ["title": "Scheduled"]],
            "users": [["name": "Dana Front", "email": "dana@clinic.example"]],
            "external_id_types": [["name": "mrn"]],
        ])
        guard applied.status == 200 else { throw TestFailure("reference data not applied: \(applied.status)") }
        func ids(_ key: String, _ label: String) -> [String: String] {
            Dictionary(uniqueKeysWithValues: (applied.json[key] as? [[String: Any]] ?? []).map { ($0[label] as! String, $0["id"] as! String) })
        }
        return Organization(id: id, apiKey: key, locations: ids("locations", "name"), stages: ids("workflow_stages", "title"),
                            users: ids("users", "email"), externalIdTypes: ids("external_id_types", "name"))
    }

    /// A fresh read_committed consumer's view of the events topic: every record, from the beginning.
    func readEventsTopic() async throws -> [ConsumedRecord] {
        try await readTopic(runtime.topics.events)
    }

    /// Every record of a topic, to its end at the time of the call.
    func readTopic(_ topic: String) async throws -> [ConsumedRecord] {
        let consumer = try Consumer(bootstrapServers: runtime.bootstrapServers)
        var ends: [Int32: Int64] = [:]
        for p in 0..<runtime.partitions { ends[p] = try await consumer.watermarks(topic: topic, partition: p).high }
        try await consumer.assign((0..<runtime.partitions).map { (topic: topic, partition: $0, start: .beginning) })
        var records: [ConsumedRecord] = []
        var reached = Set(ends.filter { $0.value == 0 }.keys)
        let deadline = ContinuousClock.now + .seconds(30)
        while reached.count < ends.count, ContinuousClock.now < deadline {
            for event in try await consumer.poll(max: 10_000, timeout: .milliseconds(200)) {
                switch event {
                case .record(let r):
                    records.append(r)
                    if r.offset + 1 >= ends[r.partition]! { reached.insert(r.partition) }
                case .endOfPartition(_, let p, let offset):
                    if offset >= ends[p]! { reached.insert(p) }
                case .offsetOutOfRange(_, let p):
                    throw TestFailure("partition \(p) no longer holds the start of the log")
                }
            }
        }
        await consumer.close()
        guard reached.count == ends.count else { throw TestFailure("did not reach the end of \(topic)") }
        return records
    }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}
