import CRdKafka

/// Topic administration. Each call uses a short-lived client on its own thread.
public enum KafkaAdmin {
    /// Creates the topics that are missing and returns the partition count each topic actually has.
    /// Existing topics are left as they are (their partition count may differ from the spec).
    ///
    /// - Real Kafka: CreateTopics with the spec's partitions, replication factor and config;
    ///   TOPIC_ALREADY_EXISTS (a concurrent creator) is fine.
    /// - In-process `EmbeddedBroker` (matched by bootstrap string): librdkafka 2.0.2's mock has no
    ///   CreateTopics, so the topic is created through the mock API with the spec's partitions
    ///   (config and replication factor are ignored; the mock keeps no topic config).
    /// - Any other broker without CreateTopics (e.g. a mock in another process, recognised by a
    ///   controller id that is none of its brokers): the topic is auto-created by a metadata
    ///   request for it, with that broker's default partition count (always 4 on the mock).
    public static func ensureTopics(bootstrapServers: String, _ topics: [TopicSpec],
                                    timeout: Duration = .seconds(30)) async throws -> [String: Int32] {
        try await ensureTopics(bootstrapServers: bootstrapServers, topics, timeout: timeout, useEmbeddedBroker: true)
    }

    /// `useEmbeddedBroker: false` forces the wire-protocol path even for an in-process mock (tests).
    static func ensureTopics(bootstrapServers: String, _ topics: [TopicSpec], timeout: Duration,
                             useEmbeddedBroker: Bool) async throws -> [String: Int32] {
        let embedded = useEmbeddedBroker ? EmbeddedBroker.registry.broker(for: bootstrapServers) : nil
        return try await AdminClient.with(bootstrapServers: bootstrapServers) { client in
            let deadline = Deadline(timeout)
            let snapshot = try client.metadata(deadline)
            let missing = topics.filter { snapshot.partitionCounts[$0.name] == nil }
            if !missing.isEmpty {
                if let embedded {
                    for spec in missing {
                        do {
                            try embedded.createTopic(spec.name, partitions: spec.partitions > 0 ? spec.partitions : embedded.defaultPartitions)
                        } catch let error as KafkaError where error.code == RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS.rawValue {
                            continue
                        }
                    }
                } else {
                    try client.create(missing, given: snapshot, deadline)
                }
            }
            return try client.awaitTopics(topics.map(\.name), deadline)
        }
    }

    /// The partition count of `topic`, or nil when it does not exist. Never creates it.
    public static func partitionCount(bootstrapServers: String, topic: String,
                                      timeout: Duration = .seconds(10)) async throws -> Int32? {
        try await AdminClient.with(bootstrapServers: bootstrapServers) { client in
            try client.partitionCounts(Deadline(timeout))[topic]
        }
    }
}
