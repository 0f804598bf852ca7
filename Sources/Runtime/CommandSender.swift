import Domain
import EventLog
import EventStore
import Foundation
import HTTPAPI

/// `clinicledger send`: the smallest upstream client of the commands topic. Publishes commands
/// read from JSON lines as CloudEvents records (binary mode) and, when asked, waits for each one's
/// result on command-results. See docs/commands.md.
public enum CommandSender {
    /// One input line. `api_key`, `organization` and `source` may come from the command line
    /// instead; `id` defaults to a new UUIDv7.
    public struct Line: Sendable, Decodable {
        public var type: String
        public var id: String?
        public var source: String?
        public var subject: String?
        public var organization: String?
        public var apiKey: String?
        public var body: JSONValue

        enum CodingKeys: String, CodingKey { case type, id, source, subject, organization, apiKey = "api_key", body }
    }

    public struct Defaults: Sendable {
        public var apiKey: String?
        public var organization: String?
        public var source: String
        public init(apiKey: String?, organization: String?, source: String) {
            self.apiKey = apiKey; self.organization = organization; self.source = source
        }
    }

    public struct InputError: Error, CustomStringConvertible {
        public let description: String
    }

    /// Reads the lines (blank ones skipped) and builds their records; a bad line is an error naming
    /// its number, before anything is sent.
    public static func records(_ text: String, defaults: Defaults, topic: String, partitions: Int32) throws -> [(id: UUID, record: ProducerRecord)] {
        var out: [(UUID, ProducerRecord)] = []
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            guard !line.isEmpty else { continue }
            let number = index + 1
            let parsed: Line
            do { parsed = try JSONDecoder().decode(Line.self, from: Data(line.utf8)) } catch {
                throw InputError(description: "line \(number): not a command line ({\"type\", \"body\", …}): \(error)")
            }
            let id: UUID
            if let text = parsed.id {
                guard let given = UUID(uuidString: text) else { throw InputError(description: "line \(number): id must be a UUID") }
                id = given
            } else {
                id = UUIDv7.make()
            }
            guard let orgText = parsed.organization ?? defaults.organization, let org = UUID(uuidString: orgText) else {
                throw InputError(description: "line \(number): the organization id (the record key) is needed: \"organization\" or --organization")
            }
            guard let key = parsed.apiKey ?? defaults.apiKey else {
                throw InputError(description: "line \(number): an API key is needed: \"api_key\", --api-key or CLINICLEDGER_API_KEY")
            }
            var headers: [(String, String)] = [
                ("ce_specversion", "1.0"), ("ce_id", id.lowercased), ("ce_type", parsed.type),
                ("ce_source", parsed.source ?? defaults.source), ("content-type", "application/json"),
                (CommandRecordReader.apiKeyHeader, key),
            ]
            if let subject = parsed.subject { headers.append(("ce_subject", subject)) }
            let body = try JSONEncoder().encode(parsed.body)
            out.append((id, ProducerRecord(
                topic: topic, partition: EventRecordCodec.partition(for: org, partitionCount: partitions),
                key: Array(org.lowercased.utf8), value: Array(body),
                headers: headers.map { KafkaHeader(key: $0.0, value: Array($0.1.utf8)) })))
        }
        return out
    }

    /// Publishes the records in one transaction (all or none); with `wait`, returns each command's
    /// result record (its JSON) in input order once all are there, or throws after `timeout`.
    public static func send(_ text: String, defaults: Defaults, bootstrap: String, topics: Topics, wait: Bool,
                            timeout: Duration = .seconds(60)) async throws -> [(id: UUID, result: String?)] {
        guard let partitions = try await KafkaAdmin.partitionCount(bootstrapServers: bootstrap, topic: topics.commands) else {
            throw InputError(description: "the broker at \(bootstrap) has no \(topics.commands) topic: is clinicledger serve using it?")
        }
        let built = try records(text, defaults: defaults, topic: topics.commands, partitions: partitions)
        guard !built.isEmpty else { return [] }

        // Where command-results ends now: the answers come after it.
        let results = try Consumer(bootstrapServers: bootstrap)
        do {
            let answered = try await publish(built, bootstrap: bootstrap, topics: topics, results: wait ? results : nil, timeout: timeout)
            await results.close()
            return answered
        } catch {
            await results.close()
            throw error
        }
    }

    private static func publish(_ built: [(id: UUID, record: ProducerRecord)], bootstrap: String, topics: Topics, results: Consumer?,
                                timeout: Duration) async throws -> [(id: UUID, result: String?)] {
        var starts: [(topic: String, partition: Int32, start: Consumer.StartOffset)] = []
        if let results, let count = try await KafkaAdmin.partitionCount(bootstrapServers: bootstrap, topic: topics.commandResults) {
            for p in 0..<count {
                starts.append((topics.commandResults, p, .offset(try await results.watermarks(topic: topics.commandResults, partition: p).high)))
            }
        }

        let producer = try TransactionalProducer(bootstrapServers: bootstrap, transactionalId: "clinicledger-send-\(UUID().uuidString.lowercased())")
        do {
            try await producer.initTransactions()
            _ = try await producer.transaction(built.map(\.record))
        } catch {
            await producer.close()
            throw error
        }
        await producer.close()
        guard let results else { return built.map { ($0.id, nil) } }

        try await results.assign(starts)
        var found: [UUID: String] = [:]
        let wanted = Set(built.map(\.id))
        let deadline = ContinuousClock.now + timeout
        while found.count < wanted.count {
            guard ContinuousClock.now < deadline else {
                throw InputError(description: "\(wanted.count - found.count) of \(wanted.count) results did not arrive within \(timeout)")
            }
            for event in try await results.poll(max: 1000, timeout: .milliseconds(200)) {
                guard case .record(let r) = event, let key = r.key, let id = UUID(uuidString: String(decoding: key, as: UTF8.self)),
                      wanted.contains(id) else { continue }
                found[id] = String(decoding: r.value, as: UTF8.self)
            }
        }
        return built.map { ($0.id, found[$0.id]) }
    }
}
