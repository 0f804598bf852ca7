import Testing
@testable import EventLog

@Suite struct AdminTests {
    @Test(.enabled(if: TestBroker.mockOnly, "about the embedded mock")) func ensureTopicsCreatesOnceAndIsIdempotentOnMock() async throws {
        let broker = try EmbeddedBroker(defaultPartitions: 5)
        defer { broker.stop() }
        let events = uniqueName("events")
        let commands = uniqueName("commands")
        let results = uniqueName("results")
        let specs = [
            TopicSpec(name: events, partitions: 8, config: ["retention.ms": "-1"]),
            TopicSpec(name: commands, partitions: 8),
            TopicSpec(name: results, partitions: -1),
        ]
        #expect(try await KafkaAdmin.partitionCount(bootstrapServers: broker.bootstrapServers, topic: events) == nil)

        let first = try await KafkaAdmin.ensureTopics(bootstrapServers: broker.bootstrapServers, specs)
        #expect(first == [events: 8, commands: 8, results: 5])
        let second = try await KafkaAdmin.ensureTopics(bootstrapServers: broker.bootstrapServers, specs)
        #expect(second == first)
        #expect(try await KafkaAdmin.partitionCount(bootstrapServers: broker.bootstrapServers, topic: events) == 8)

        // An existing topic keeps its partition count; the actual count is reported.
        let changed = try await KafkaAdmin.ensureTopics(
            bootstrapServers: broker.bootstrapServers, [TopicSpec(name: events, partitions: 2)])
        #expect(changed == [events: 8])
    }

    /// The path a mock in another process takes: no CreateTopics, auto-creation by metadata
    /// with the mock's fixed default of 4 partitions.
    @Test(.enabled(if: TestBroker.mockOnly, "about the embedded mock")) func withoutCreateTopicsFallsBackToAutoCreationOnMock() async throws {
        let broker = try EmbeddedBroker()
        defer { broker.stop() }
        let topic = uniqueName("events")
        let counts = try await KafkaAdmin.ensureTopics(
            bootstrapServers: broker.bootstrapServers, [TopicSpec(name: topic, partitions: 8)],
            timeout: .seconds(20), useEmbeddedBroker: false)
        #expect(counts == [topic: 4])
    }

    @Test(.enabled(if: TestBroker.mockOnly, "about the embedded mock")) func createTopicTwiceFailsOnMock() throws {
        let broker = try EmbeddedBroker(brokers: 3)
        defer { broker.stop() }
        #expect(broker.bootstrapServers.split(separator: ",").count == 3)
        #expect(broker.bootstrapServers.hasPrefix("127.0.0.1:"))
        try broker.createTopic("t", partitions: 2)
        #expect(throws: KafkaError.self) { try broker.createTopic("t", partitions: 2) }
        broker.stop()
        broker.stop()
        #expect(throws: KafkaError.self) { try broker.createTopic("u", partitions: 2) }
    }

    /// The CreateTopics path, which the in-process mock never takes: topics are created with their
    /// partitions and config, a second call creates nothing, an existing topic keeps its count.
    @Test(.enabled(if: TestBroker.outside != nil, "needs KAFKA_BROKERS")) func ensureTopicsOnOutsideBroker() async throws {
        let broker = try TestBroker()
        let events = uniqueName("events")
        let commands = uniqueName("commands")
        let results = uniqueName("results")
        let specs = [
            TopicSpec(name: events, partitions: 8, config: ["retention.ms": "-1", "cleanup.policy": "delete"]),
            TopicSpec(name: commands, partitions: 6),
            TopicSpec(name: results, partitions: -1),
        ]
        #expect(try await KafkaAdmin.partitionCount(bootstrapServers: broker.bootstrapServers, topic: events) == nil)
        let first = try await KafkaAdmin.ensureTopics(bootstrapServers: broker.bootstrapServers, specs)
        #expect(first[events] == 8 && first[commands] == 6)
        #expect((first[results] ?? 0) > 0, "the broker's default partition count")
        #expect(try await KafkaAdmin.ensureTopics(bootstrapServers: broker.bootstrapServers, specs) == first)
        let changed = try await KafkaAdmin.ensureTopics(bootstrapServers: broker.bootstrapServers, [TopicSpec(name: events, partitions: 2)])
        #expect(changed == [events: 8])
    }
}
