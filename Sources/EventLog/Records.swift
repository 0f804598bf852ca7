/// One Kafka record header. Kafka allows repeated keys; order is preserved.
public struct KafkaHeader: Sendable, Equatable {
    public var key: String
    public var value: [UInt8]

    public init(key: String, value: [UInt8]) {
        self.key = key
        self.value = value
    }
}

/// A record to write to an explicit partition (compute it with `kafkaPartition(forKey:partitionCount:)`).
public struct ProducerRecord: Sendable {
    public var topic: String
    public var partition: Int32
    /// nil writes a record with a null key.
    public var key: [UInt8]?
    public var value: [UInt8]
    public var headers: [KafkaHeader]

    public init(topic: String, partition: Int32, key: [UInt8]?, value: [UInt8], headers: [KafkaHeader] = []) {
        self.topic = topic
        self.partition = partition
        self.key = key
        self.value = value
        self.headers = headers
    }
}

extension ProducerRecord {
    /// Key, value and headers: what the record weighs against a broker's size limits.
    public var byteCount: Int {
        (key?.count ?? 0) + value.count + headers.reduce(0) { $0 + $1.key.utf8.count + $1.value.count }
    }
}

/// A consumer group's next offsets, committed inside a producer's transaction
/// (`rd_kafka_send_offsets_to_transaction`): the records before `next` count as consumed exactly
/// when the transaction's own records commit.
public struct GroupOffsets: Sendable, Equatable {
    public var group: String
    public var topic: String
    /// Per partition, the offset of the next record to read.
    public var next: [Int32: Int64]

    public init(group: String, topic: String, next: [Int32: Int64]) {
        self.group = group
        self.topic = topic
        self.next = next
    }
}

/// Where a record landed in the log.
public struct RecordPosition: Sendable, Hashable {
    public var topic: String
    public var partition: Int32
    public var offset: Int64

    public init(topic: String, partition: Int32, offset: Int64) {
        self.topic = topic
        self.partition = partition
        self.offset = offset
    }
}

/// A record read back from the log.
public struct ConsumedRecord: Sendable {
    public var topic: String
    public var partition: Int32
    public var offset: Int64
    public var key: [UInt8]?
    /// A null value (tombstone) reads as empty.
    public var value: [UInt8]
    public var headers: [KafkaHeader]
    /// Create or log-append time in milliseconds since the epoch, when the broker gave one.
    public var timestampMillis: Int64?

    public init(topic: String, partition: Int32, offset: Int64, key: [UInt8]?, value: [UInt8],
                headers: [KafkaHeader], timestampMillis: Int64?) {
        self.topic = topic
        self.partition = partition
        self.offset = offset
        self.key = key
        self.value = value
        self.headers = headers
        self.timestampMillis = timestampMillis
    }

    /// The value of the last header named `key` (Kafka's "last value wins" lookup), if any.
    public func header(_ key: String) -> [UInt8]? {
        headers.last { $0.key == key }?.value
    }

    public var position: RecordPosition { RecordPosition(topic: topic, partition: partition, offset: offset) }
}

/// What a consumer poll yields.
public enum ConsumerEvent: Sendable {
    case record(ConsumedRecord)
    /// The consumer has read everything up to `offset` (the next offset to be written) for now.
    case endOfPartition(topic: String, partition: Int32, offset: Int64)
    /// The broker no longer holds (or never held) the offset the consumer was to read next, and
    /// `auto.offset.reset=error` told librdkafka not to jump elsewhere. The partition stops
    /// fetching until it is assigned again.
    case offsetOutOfRange(topic: String, partition: Int32)
}
