import CRdKafka

/// The librdkafka consumer handle. Synchronous and blocking: called only on the consumer's thread.
final class ConsumerHandle: @unchecked Sendable {
    // @unchecked Sendable: after init, `rk` and `pendingError` are read and written only on the
    // owning consumer's KafkaThread (one job at a time), so no two threads ever touch them.
    private var rk: OpaquePointer?
    /// An error met after some events were already taken from the queue: those are returned
    /// first, the error is thrown by the next poll (so no record is lost).
    private var pendingError: KafkaError?

    init(rk: OpaquePointer) {
        self.rk = rk
    }

    private func open() throws(KafkaError) -> OpaquePointer {
        guard let rk else { throw .closed("consumer") }
        return rk
    }

    func assign(_ partitions: [(topic: String, partition: Int32, start: Consumer.StartOffset)]) throws(KafkaError) {
        let rk = try open()
        guard let list = rd_kafka_topic_partition_list_new(Int32(clamping: partitions.count)) else {
            throw .failed(code: RD_KAFKA_RESP_ERR__FAIL.rawValue, message: "partition list")
        }
        defer { rd_kafka_topic_partition_list_destroy(list) }
        for entry in partitions {
            guard let element = rd_kafka_topic_partition_list_add(list, entry.topic, entry.partition) else { continue }
            switch entry.start {
            case .beginning: element.pointee.offset = Int64(RD_KAFKA_OFFSET_BEGINNING)
            case .end: element.pointee.offset = Int64(RD_KAFKA_OFFSET_END)
            case let .offset(offset): element.pointee.offset = offset
            case .committed: element.pointee.offset = Int64(RD_KAFKA_OFFSET_STORED)
            }
        }
        for topic in Set(partitions.map(\.topic)) { fetchMetadata(rk, topic: topic) }
        let err = rd_kafka_assign(rk, list)
        if err != RD_KAFKA_RESP_ERR_NO_ERROR { throw .from(err, context: "assign") }
    }

    /// Asks for a topic's metadata before assigning it. Assigned without a known leader, librdkafka
    /// 2.0.2 retries the start-offset query only on a timer, delaying the first fetch by 0.5-1 s.
    /// Errors are ignored: poll reports real problems.
    private func fetchMetadata(_ rk: OpaquePointer, topic: String) {
        guard let rkt = rd_kafka_topic_new(rk, topic, nil) else { return }
        defer { rd_kafka_topic_destroy(rkt) }
        var metadata: UnsafePointer<rd_kafka_metadata>?
        _ = rd_kafka_metadata(rk, 0, rkt, &metadata, 5_000)
        if let metadata { rd_kafka_metadata_destroy(metadata) }
    }

    /// Waits up to `timeoutMs` for the first event, then takes whatever else is ready, up to `max`.
    func poll(max: Int, timeoutMs: Int32) throws(KafkaError) -> [ConsumerEvent] {
        let rk = try open()
        if let error = pendingError {
            pendingError = nil
            throw error
        }
        var events: [ConsumerEvent] = []
        var wait = timeoutMs
        while events.count < max, let message = rd_kafka_consumer_poll(rk, wait) {
            wait = 0
            defer { rd_kafka_message_destroy(message) }
            do throws(KafkaError) {
                if let event = try Self.event(from: message) { events.append(event) }
            } catch {
                if events.isEmpty { throw error }
                pendingError = error
                break
            }
        }
        return events
    }

    func watermarks(topic: String, partition: Int32, timeoutMs: Int32) throws(KafkaError) -> (low: Int64, high: Int64) {
        let rk = try open()
        var low: Int64 = -1
        var high: Int64 = -1
        let err = rd_kafka_query_watermark_offsets(rk, topic, partition, &low, &high, timeoutMs)
        if err != RD_KAFKA_RESP_ERR_NO_ERROR { throw .from(err, context: "watermarks of \(topic)[\(partition)]") }
        return (low, high)
    }

    /// Leaves the (unused) group, destroys the handle. Idempotent.
    func close() {
        guard let rk else { return }
        rd_kafka_consumer_close(rk)
        rd_kafka_destroy(rk)
        self.rk = nil
    }

    /// Converts one polled message. Transient client errors (broker down, transport) return nil:
    /// librdkafka retries them itself. Partition/topic errors and fatal errors throw.
    /// Takes the pointer librdkafka returned, never a copy: header and timestamp accessors find
    /// librdkafka's private message envelope from the address.
    private static func event(from message: UnsafeMutablePointer<rd_kafka_message_t>) throws(KafkaError) -> ConsumerEvent? {
        let m = message.pointee
        let topic = m.rkt.map { String(cString: rd_kafka_topic_name($0)) } ?? ""
        if m.err == RD_KAFKA_RESP_ERR__PARTITION_EOF {
            return .endOfPartition(topic: topic, partition: m.partition, offset: m.offset)
        }
        if m.err == RD_KAFKA_RESP_ERR__AUTO_OFFSET_RESET {
            return .offsetOutOfRange(topic: topic, partition: m.partition)
        }
        if m.err != RD_KAFKA_RESP_ERR_NO_ERROR {
            let text = String(cString: rd_kafka_err2str(m.err))
            let message = topic.isEmpty ? text : "\(topic)[\(m.partition)]: \(text)"
            if m.err == RD_KAFKA_RESP_ERR__FATAL { throw .fatal(code: m.err.rawValue, message: message) }
            let permanent: Set<Int32> = [
                RD_KAFKA_RESP_ERR__UNKNOWN_TOPIC.rawValue, RD_KAFKA_RESP_ERR__UNKNOWN_PARTITION.rawValue,
            ]
            if m.err.rawValue > 0 || permanent.contains(m.err.rawValue) {
                throw .failed(code: m.err.rawValue, message: message)
            }
            return nil
        }
        var tsType = RD_KAFKA_TIMESTAMP_NOT_AVAILABLE
        let timestamp = rd_kafka_message_timestamp(message, &tsType)
        return .record(ConsumedRecord(
            topic: topic,
            partition: m.partition,
            offset: m.offset,
            key: m.key.map { Array(UnsafeRawBufferPointer(start: $0, count: m.key_len)) },
            value: m.payload.map { Array(UnsafeRawBufferPointer(start: $0, count: m.len)) } ?? [],
            headers: headers(of: message),
            timestampMillis: timestamp >= 0 ? timestamp : nil))
    }

    private static func headers(of message: UnsafeMutablePointer<rd_kafka_message_t>) -> [KafkaHeader] {
        var hdrs: OpaquePointer?
        guard rd_kafka_message_headers(message, &hdrs) == RD_KAFKA_RESP_ERR_NO_ERROR, let hdrs else { return [] }
        var result: [KafkaHeader] = []
        var index = 0
        var name: UnsafePointer<CChar>?
        var value: UnsafeRawPointer?
        var size = 0
        while rd_kafka_header_get_all(hdrs, index, &name, &value, &size) == RD_KAFKA_RESP_ERR_NO_ERROR {
            let bytes = value.map { Array(UnsafeRawBufferPointer(start: $0, count: size)) } ?? []
            result.append(KafkaHeader(key: name.map { String(cString: $0) } ?? "", value: bytes))
            index += 1
        }
        return result
    }
}
