import Testing
@testable import EventLog

@Suite struct ProducerConsumerTests {
    @Test func transactionRoundTripsRecordsWithHeaders() async throws {
        let broker = try TestBroker()
        defer { broker.stop() }
        let topic = uniqueName("events")
        try await broker.createTopic(topic, partitions: 3)

        let producer = try TransactionalProducer(bootstrapServers: broker.bootstrapServers, transactionalId: uniqueName("writer"))
        try await producer.initTransactions()
        let sent = (0..<50).map { record(topic, 1, $0) }
        let positions = try await producer.transaction(sent)
        await producer.close()

        #expect(positions.count == sent.count)
        #expect(positions.map(\.offset) == Array(0..<50).map(Int64.init))
        #expect(positions.allSatisfy { $0.topic == topic && $0.partition == 1 })

        // On a real broker the commit marker follows the 50 records.
        let end: Int64 = broker.writesMarkers ? 51 : 50
        let (received, eof) = try await readAll(broker.bootstrapServers, topic: topic, partition: 1)
        #expect(eof == end)
        #expect(received.count == sent.count)
        for (r, s) in zip(received, sent) {
            #expect(r.key == s.key)
            #expect(r.value == s.value)
            #expect(r.headers == s.headers)
            #expect(r.timestampMillis != nil)
        }
        #expect(received.map(\.offset) == positions.map(\.offset))
        #expect(received.first?.header("ce_id") == bytes("id-0"))
        #expect(received.first?.header("missing") == nil)

        let consumer = try Consumer(bootstrapServers: broker.bootstrapServers)
        let marks = try await consumer.watermarks(topic: topic, partition: 1)
        #expect(marks.low == 0 && marks.high == end)
        let empty = try await consumer.watermarks(topic: topic, partition: 0)
        #expect(empty.high == 0)
        await consumer.close()
        await consumer.close()  // idempotent
    }

    @Test func offsetsContinueAcrossTransactionsAndPartitions() async throws {
        let broker = try TestBroker()
        defer { broker.stop() }
        let topic = uniqueName("events")
        try await broker.createTopic(topic, partitions: 2)
        let producer = try TransactionalProducer(bootstrapServers: broker.bootstrapServers, transactionalId: uniqueName("writer"))
        try await producer.initTransactions()

        let first = try await producer.transaction([record(topic, 0, 0), record(topic, 1, 1), record(topic, 0, 2)])
        #expect(first.map(\.partition) == [0, 1, 0])
        #expect(first.map(\.offset) == [0, 0, 1])
        // A real broker writes a commit marker after each transaction; the mock does not, so its
        // offsets are dense.
        let second = try await producer.transaction([record(topic, 0, 3)])
        #expect(second.count == 1 && second[0].offset == (broker.writesMarkers ? 3 : 2))

        // Low-level steps.
        try await producer.begin()
        try await producer.produce(record(topic, 1, 4))
        try await producer.produce(ProducerRecord(topic: topic, partition: 1, key: nil, value: bytes("no key"), headers: []))
        let third = try await producer.commit()
        #expect(third.map(\.partition) == [1, 1])
        #expect(third[1].offset == third[0].offset + 1)
        await producer.close()

        let (records, _) = try await readAll(broker.bootstrapServers, topic: topic, partition: 1)
        #expect(records.last?.key == nil)
        #expect(records.last?.value == bytes("no key"))
    }

    @Test("The embedded broker drops a partition's oldest records past ~5 MiB; a reader asking for them is told so, not moved")
    func droppedOffsetsAreReportedOnMock() async throws {
        let broker = try EmbeddedBroker()
        defer { broker.stop() }
        let topic = uniqueName("events")
        try broker.createTopic(topic, partitions: 1)
        let producer = try TransactionalProducer(bootstrapServers: broker.bootstrapServers, transactionalId: uniqueName("writer"))
        try await producer.initTransactions()
        let big = [UInt8](repeating: 0x61, count: 200_000)
        for _ in 0..<40 {  // 8 MB in all
            _ = try await producer.transaction([ProducerRecord(topic: topic, partition: 0, key: nil, value: big)])
        }
        await producer.close()

        let consumer = try Consumer(bootstrapServers: broker.bootstrapServers, config: ["auto.offset.reset": "error"])
        let marks = try await consumer.watermarks(topic: topic, partition: 0)
        #expect(marks.low > 0 && marks.high == 40, "the log starts later than offset 0: \(marks)")
        try await consumer.assign([(topic: topic, partition: 0, start: .offset(0))])
        var reported = false
        let deadline = ContinuousClock.now + .seconds(20)
        while !reported, ContinuousClock.now < deadline {
            for event in try await consumer.poll(max: 100, timeout: .milliseconds(200)) {
                switch event {
                case .offsetOutOfRange(let t, let p): reported = t == topic && p == 0
                case .record(let r): Issue.record("read offset \(r.offset) instead of being told offset 0 is gone")
                case .endOfPartition: break
                }
            }
        }
        await consumer.close()
        #expect(reported)
    }

    @Test func consumerStartsAtOffsetAndEnd() async throws {
        let broker = try TestBroker()
        defer { broker.stop() }
        let topic = uniqueName("events")
        try await broker.createTopic(topic, partitions: 1)
        let producer = try TransactionalProducer(bootstrapServers: broker.bootstrapServers, transactionalId: uniqueName("writer"))
        try await producer.initTransactions()
        _ = try await producer.transaction((0..<10).map { record(topic, 0, $0) })

        let consumer = try Consumer(bootstrapServers: broker.bootstrapServers)
        try await consumer.assign([(topic: topic, partition: 0, start: .offset(7))])
        var offsets: [Int64] = []
        var sawEnd = false
        while !sawEnd {
            for event in try await consumer.poll(max: 100, timeout: .seconds(5)) {
                switch event {
                case let .record(r): offsets.append(r.offset)
                case .endOfPartition: sawEnd = true
                case .offsetOutOfRange: Issue.record("offset 7 is in the log")
                }
            }
        }
        #expect(offsets == [7, 8, 9])

        try await consumer.assign([(topic: topic, partition: 0, start: .end)])
        // `.end` is resolved by the consumer after assign; wait until it has (it reports the end)
        // before producing, or the new record could land before the resolved end and be skipped.
        var atEnd = false
        for _ in 0..<50 where !atEnd {
            for case .endOfPartition in try await consumer.poll(max: 100, timeout: .milliseconds(200)) { atEnd = true }
        }
        #expect(atEnd)
        let tenth = try await producer.transaction([record(topic, 0, 10)])
        // The mock: offset 10. A real broker: 11, after the first transaction's commit marker.
        #expect(tenth.map(\.offset) == [broker.writesMarkers ? 11 : 10])
        var later: [Int64] = []
        for _ in 0..<50 where later.isEmpty {
            for case let .record(r) in try await consumer.poll(max: 100, timeout: .milliseconds(200)) { later.append(r.offset) }
        }
        #expect(later == tenth.map(\.offset))
        await consumer.close()
        await producer.close()
    }

    @Test func pollReturnsEmptyAfterTimeout() async throws {
        let broker = try TestBroker()
        defer { broker.stop() }
        let consumer = try Consumer(bootstrapServers: broker.bootstrapServers)
        let events = try await consumer.poll(max: 10, timeout: .milliseconds(100))
        #expect(events.isEmpty)
        await consumer.close()
        await #expect(throws: KafkaError.self) { try await consumer.poll(max: 1, timeout: .zero) }
    }
}

@Suite struct LifecycleTests {
    /// Clients dropped without `close()` tear down on their own threads.
    @Test func clientsDroppedWithoutCloseAreReleased() async throws {
        let broker = try TestBroker()
        defer { broker.stop() }
        let topic = uniqueName("events")
        try await broker.createTopic(topic, partitions: 1)
        do {
            let producer = try TransactionalProducer(bootstrapServers: broker.bootstrapServers, transactionalId: uniqueName("writer"))
            try await producer.initTransactions()
            try await producer.begin()
            try await producer.produce(record(topic, 0, 0))
            let consumer = try Consumer(bootstrapServers: broker.bootstrapServers)
            try await consumer.assign([(topic: topic, partition: 0, start: .beginning)])
            _ = try await consumer.poll(max: 1, timeout: .milliseconds(50))
        }
        let fresh = try TransactionalProducer(bootstrapServers: broker.bootstrapServers, transactionalId: uniqueName("writer"))
        try await fresh.initTransactions()
        #expect(try await fresh.transaction([record(topic, 0, 1)]).count == 1)
        await fresh.close()
    }

    @Test func invalidConfigurationIsAnError() {
        #expect(throws: KafkaError.self) {
            _ = try TransactionalProducer(bootstrapServers: "127.0.0.1:1", transactionalId: "x", config: ["no.such.property": "1"])
        }
        #expect(throws: KafkaError.self) {
            _ = try Consumer(bootstrapServers: "127.0.0.1:1", config: ["fetch.wait.max.ms": "not a number"])
        }
        #expect(throws: KafkaError.self) { _ = try EmbeddedBroker(brokers: 0) }
    }
}
