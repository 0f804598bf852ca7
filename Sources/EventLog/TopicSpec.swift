/// A topic `KafkaAdmin.ensureTopics` should create if missing.
public struct TopicSpec: Sendable {
    public var name: String
    /// -1 asks for the broker's default (Kafka >= 2.4; `EmbeddedBroker.defaultPartitions` on the mock).
    public var partitions: Int32
    /// -1 asks for the broker's default.
    public var replicationFactor: Int16
    /// Topic configs, e.g. `["retention.ms": "-1"]`.
    public var config: [String: String]

    public init(name: String, partitions: Int32, replicationFactor: Int16 = -1, config: [String: String] = [:]) {
        self.name = name
        self.partitions = partitions
        self.replicationFactor = replicationFactor
        self.config = config
    }
}
