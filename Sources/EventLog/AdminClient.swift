import CRdKafka
import Foundation

/// A short-lived librdkafka handle for admin requests. Synchronous and blocking: it is created,
/// used and destroyed inside one job on its own `KafkaThread`.
struct AdminClient: ~Copyable {
    private let rk: OpaquePointer

    /// Runs `body` with a fresh client on a fresh thread, then destroys both.
    static func with<T: Sendable>(bootstrapServers: String,
                                  _ body: @escaping @Sendable (borrowing AdminClient) throws -> T) async throws -> T {
        let thread = KafkaThread(name: "kafka-admin")
        defer { thread.stop() }
        return try await thread.run {
            let client = try AdminClient(bootstrapServers: bootstrapServers)
            return try body(client)
        }
    }

    private init(bootstrapServers: String) throws(KafkaError) {
        // A metadata request for one named topic may auto-create it (only used as the fallback
        // for brokers without CreateTopics); listing all topics never creates anything.
        rk = try KafkaConfig.newHandle(RD_KAFKA_PRODUCER, [
            ("bootstrap.servers", bootstrapServers),
            ("allow.auto.create.topics", "true"),
        ])
    }

    deinit {
        rd_kafka_destroy(rk)
    }

    /// Partition count of every topic the cluster reports without error.
    func partitionCounts(_ deadline: Deadline) throws(KafkaError) -> [String: Int32] {
        try metadata(deadline).partitionCounts
    }

    struct Snapshot {
        var partitionCounts: [String: Int32] = [:]
        var brokerIds: Set<Int32> = []
    }

    /// Metadata of the whole cluster (asking for all topics never auto-creates one).
    func metadata(_ deadline: Deadline) throws(KafkaError) -> Snapshot {
        var metadata: UnsafePointer<rd_kafka_metadata>?
        let err = rd_kafka_metadata(rk, 1, nil, &metadata, max(1, deadline.remainingMilliseconds))
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR, let metadata else { throw .from(err, context: "metadata") }
        defer { rd_kafka_metadata_destroy(metadata) }
        var snapshot = Snapshot()
        let topics = UnsafeBufferPointer(start: metadata.pointee.topics, count: Int(metadata.pointee.topic_cnt))
        for topic in topics where topic.err == RD_KAFKA_RESP_ERR_NO_ERROR && topic.partition_cnt > 0 {
            if let name = topic.topic { snapshot.partitionCounts[String(cString: name)] = topic.partition_cnt }
        }
        let brokers = UnsafeBufferPointer(start: metadata.pointee.brokers, count: Int(metadata.pointee.broker_cnt))
        snapshot.brokerIds = Set(brokers.map(\.id))
        return snapshot
    }

    /// CreateTopics goes to the controller. librdkafka 2.0.2's mock names controller 0, which is
    /// none of its brokers (ids start at 1), so librdkafka would wait for it until the timeout.
    func controllerIsKnown(_ snapshot: Snapshot) -> Bool {
        snapshot.brokerIds.contains(rd_kafka_controllerid(rk, 0))
    }

    /// Creates the missing topics: CreateTopics when a controller is known, else auto-creation.
    func create(_ specs: [TopicSpec], given snapshot: Snapshot, _ deadline: Deadline) throws(KafkaError) {
        if controllerIsKnown(snapshot) {
            try createTopics(specs, deadline)
        } else {
            try autoCreate(specs.map(\.name), deadline)
        }
    }

    /// Waits until every name shows up in metadata (creation propagates to brokers asynchronously).
    func awaitTopics(_ names: [String], _ deadline: Deadline) throws(KafkaError) -> [String: Int32] {
        while true {
            let counts = try partitionCounts(deadline)
            let missing = names.filter { counts[$0] == nil }
            if missing.isEmpty { return counts.filter { names.contains($0.key) } }
            if deadline.hasPassed { throw .timedOut("topics not in metadata: \(missing.joined(separator: ", "))") }
            Thread.sleep(forTimeInterval: 0.05)
        }
    }

    /// CreateTopics; falls back to metadata-driven auto-creation when the broker lacks the API.
    private func createTopics(_ specs: [TopicSpec], _ deadline: Deadline) throws(KafkaError) {
        var errstr = [CChar](repeating: 0, count: 512)
        var newTopics: [OpaquePointer?] = []
        defer { newTopics.forEach { rd_kafka_NewTopic_destroy($0) } }
        for spec in specs {
            guard let topic = rd_kafka_NewTopic_new(spec.name, spec.partitions, Int32(spec.replicationFactor), &errstr, errstr.count) else {
                throw .failed(code: RD_KAFKA_RESP_ERR__INVALID_ARG.rawValue, message: "topic \(spec.name): \(decodeCString(errstr))")
            }
            newTopics.append(topic)
            for (key, value) in spec.config.sorted(by: { $0.key < $1.key }) {
                let err = rd_kafka_NewTopic_set_config(topic, key, value)
                if err != RD_KAFKA_RESP_ERR_NO_ERROR { throw .from(err, context: "topic \(spec.name) config \(key)") }
            }
        }

        guard let options = rd_kafka_AdminOptions_new(rk, RD_KAFKA_ADMIN_OP_CREATETOPICS) else {
            throw .failed(code: RD_KAFKA_RESP_ERR__FAIL.rawValue, message: "admin options")
        }
        defer { rd_kafka_AdminOptions_destroy(options) }
        let timeoutMs = max(1, deadline.remainingMilliseconds)
        // Operation timeout: how long the controller may take to create the topics.
        _ = rd_kafka_AdminOptions_set_operation_timeout(options, timeoutMs, &errstr, errstr.count)
        _ = rd_kafka_AdminOptions_set_request_timeout(options, timeoutMs, &errstr, errstr.count)

        guard let queue = rd_kafka_queue_new(rk) else {
            throw .failed(code: RD_KAFKA_RESP_ERR__FAIL.rawValue, message: "admin result queue")
        }
        defer { rd_kafka_queue_destroy(queue) }
        newTopics.withUnsafeMutableBufferPointer { buffer in
            rd_kafka_CreateTopics(rk, buffer.baseAddress, buffer.count, options, queue)
        }
        // The request timeout bounds the wait; the margin covers librdkafka's own bookkeeping.
        guard let event = rd_kafka_queue_poll(queue, timeoutMs + 5_000) else {
            throw .timedOut("CreateTopics \(specs.map(\.name).joined(separator: ", "))")
        }
        defer { rd_kafka_event_destroy(event) }

        let requestError = rd_kafka_event_error(event)
        if requestError == RD_KAFKA_RESP_ERR__UNSUPPORTED_FEATURE {
            try autoCreate(specs.map(\.name), deadline)
            return
        }
        if requestError != RD_KAFKA_RESP_ERR_NO_ERROR {
            let text = rd_kafka_event_error_string(event).map { String(cString: $0) } ?? ""
            throw .failed(code: requestError.rawValue, message: "CreateTopics: \(text)")
        }
        guard let result = rd_kafka_event_CreateTopics_result(event) else {
            throw .failed(code: RD_KAFKA_RESP_ERR__FAIL.rawValue, message: "CreateTopics: unexpected result event")
        }
        var count = 0
        guard let results = rd_kafka_CreateTopics_result_topics(result, &count) else { return }
        for topicResult in UnsafeBufferPointer(start: results, count: count) {
            let err = rd_kafka_topic_result_error(topicResult)
            if err == RD_KAFKA_RESP_ERR_NO_ERROR || err == RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS { continue }
            let name = rd_kafka_topic_result_name(topicResult).map { String(cString: $0) } ?? "?"
            let text = rd_kafka_topic_result_error_string(topicResult).map { String(cString: $0) } ?? ""
            throw .failed(code: err.rawValue, message: "CreateTopics \(name): \(text)")
        }
    }

    /// Asks metadata for each named topic; brokers with auto-creation (the mock) create it.
    private func autoCreate(_ names: [String], _ deadline: Deadline) throws(KafkaError) {
        for name in names {
            guard let rkt = rd_kafka_topic_new(rk, name, nil) else {
                throw .failed(code: RD_KAFKA_RESP_ERR__INVALID_ARG.rawValue, message: "topic handle \(name)")
            }
            defer { rd_kafka_topic_destroy(rkt) }
            var metadata: UnsafePointer<rd_kafka_metadata>?
            let err = rd_kafka_metadata(rk, 0, rkt, &metadata, max(1, deadline.remainingMilliseconds))
            if let metadata { rd_kafka_metadata_destroy(metadata) }
            if err != RD_KAFKA_RESP_ERR_NO_ERROR { throw .from(err, context: "metadata for \(name)") }
        }
    }
}
