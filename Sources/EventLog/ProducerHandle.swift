import CRdKafka
import Foundation

/// The librdkafka producer handle plus the bookkeeping of the current transaction.
/// Synchronous and blocking: every method is called on the producer's `KafkaThread`.
final class ProducerHandle: @unchecked Sendable {
    // @unchecked Sendable: after init, `rk`, `nextId`, `pending` and `inTransaction` are read and
    // written only on the owning producer's KafkaThread (jobs run one at a time, in order), so no
    // two threads ever touch them. `reports` is itself thread-safe.
    private var rk: OpaquePointer?
    private let reports: DeliveryReports
    private var nextId: UInt = 1
    /// Ids of the records produced since `begin()`, in produce order.
    private var pending: [UInt] = []
    private var inTransaction = false
    /// Topics whose metadata this handle has already asked for.
    private var knownTopics: Set<String> = []
    private let name: String

    init(rk: OpaquePointer, reports: DeliveryReports, name: String) {
        self.rk = rk
        self.reports = reports
        self.name = name
    }

    private func open() throws(KafkaError) -> OpaquePointer {
        guard let rk else { throw .closed("producer \(name)") }
        return rk
    }

    /// Serves delivery reports and error callbacks between calls.
    func pollIdle() {
        if let rk { rd_kafka_poll(rk, 0) }
    }

    func initTransactions(_ deadline: Deadline) throws(KafkaError) {
        let rk = try open()
        if let error = rd_kafka_init_transactions(rk, deadline.remainingMilliseconds) { throw .consume(error) }
    }

    func begin() throws(KafkaError) {
        let rk = try open()
        if let error = rd_kafka_begin_transaction(rk) { throw .consume(error) }
        reports.forget(pending)
        pending = []
        inTransaction = true
    }

    /// Enqueues one record; waits (serving delivery reports) while librdkafka's queue is full.
    func produce(_ record: ProducerRecord, _ deadline: Deadline) throws(KafkaError) {
        let rk = try open()
        if knownTopics.insert(record.topic).inserted { fetchMetadata(rk, topic: record.topic, deadline) }
        let id = nextId
        nextId += 1
        reports.expect(id)
        while true {
            let error: OpaquePointer?
            do { error = try enqueue(rk, record, id: id) } catch {
                reports.forget([id])
                throw error
            }
            guard let error else { break }
            if rd_kafka_error_code(error) == RD_KAFKA_RESP_ERR__QUEUE_FULL && !deadline.hasPassed {
                rd_kafka_error_destroy(error)
                rd_kafka_poll(rk, 10)
                continue
            }
            reports.forget([id])
            throw .consume(error)
        }
        pending.append(id)
    }

    /// Asks for a topic's metadata once, up front. Left alone, librdkafka 2.0.2 learns a new
    /// topic's leader only on its 1 s topic scan, which would delay the first commit by a second.
    /// Errors are ignored: produce and commit report real problems.
    private func fetchMetadata(_ rk: OpaquePointer, topic: String, _ deadline: Deadline) {
        guard let rkt = rd_kafka_topic_new(rk, topic, nil) else { return }
        defer { rd_kafka_topic_destroy(rkt) }
        var metadata: UnsafePointer<rd_kafka_metadata>?
        _ = rd_kafka_metadata(rk, 0, rkt, &metadata, min(5_000, max(1, deadline.remainingMilliseconds)))
        if let metadata { rd_kafka_metadata_destroy(metadata) }
    }

    /// One commit attempt. On success returns the positions of the records produced since `begin()`.
    func commit(_ deadline: Deadline) throws(KafkaError) -> [RecordPosition] {
        let rk = try open()
        if let error = rd_kafka_commit_transaction(rk, max(1, deadline.remainingMilliseconds)) { throw .consume(error) }
        inTransaction = false
        return try collectPositions(rk: rk, deadline)
    }

    /// Adds a consumer group's offsets to the open transaction (AddOffsetsToTxn + TxnOffsetCommit).
    /// The group metadata carries only the group id: the consumers assign partitions by hand, so
    /// there is no generation or member id to fence with (the writers' transactional ids fence instead).
    func sendOffsets(_ offsets: GroupOffsets, _ deadline: Deadline) throws(KafkaError) {
        let rk = try open()
        guard let list = rd_kafka_topic_partition_list_new(Int32(clamping: offsets.next.count)),
              let metadata = rd_kafka_consumer_group_metadata_new(offsets.group) else {
            throw .failed(code: RD_KAFKA_RESP_ERR__FAIL.rawValue, message: "offset list")
        }
        defer {
            rd_kafka_topic_partition_list_destroy(list)
            rd_kafka_consumer_group_metadata_destroy(metadata)
        }
        for (partition, next) in offsets.next {
            rd_kafka_topic_partition_list_add(list, offsets.topic, partition)?.pointee.offset = next
        }
        if let error = rd_kafka_send_offsets_to_transaction(rk, list, metadata, max(1, deadline.remainingMilliseconds)) {
            throw .consume(error)
        }
    }

    /// Delivers everything enqueued so far (without committing).
    func flush(_ deadline: Deadline) throws(KafkaError) {
        let rk = try open()
        let err = rd_kafka_flush(rk, deadline.remainingMilliseconds)
        if err != RD_KAFKA_RESP_ERR_NO_ERROR { throw .from(err, context: "flush") }
    }

    func abort(_ deadline: Deadline) throws(KafkaError) {
        let rk = try open()
        if let error = rd_kafka_abort_transaction(rk, max(1, deadline.remainingMilliseconds)) { throw .consume(error) }
        inTransaction = false
        reports.forget(pending)
        pending = []
    }

    /// Begin, produce all, commit (retrying retriable commit errors until the deadline).
    /// Any failure after `begin()` aborts the transaction, except a fatal one (abort would fail too).
    /// With `trailer`, the records are delivered first (flush) and the trailer's records, built from
    /// their positions, are produced after them in the same transaction: results that name their events' offsets.
    func transaction(_ records: [ProducerRecord], trailer: (([RecordPosition]) throws -> [ProducerRecord])? = nil,
                     offsets: GroupOffsets? = nil, _ deadline: Deadline,
                     beforeCommit: (() throws -> Void)? = nil) throws(KafkaError) -> [RecordPosition] {
        try begin()
        var delivered: [RecordPosition] = []
        do throws(KafkaError) {
            for record in records { try produce(record, deadline) }
            if let trailer {
                try flush(deadline)
                delivered = try collectPositions(rk: try open(), deadline)
                let trailing: [ProducerRecord]
                do { trailing = try trailer(delivered) } catch {
                    throw KafkaError.failed(code: RD_KAFKA_RESP_ERR__FAIL.rawValue, message: "trailer record: \(error)")
                }
                for record in trailing { try produce(record, deadline) }
            }
            if let offsets { try sendOffsets(offsets, deadline) }
        } catch {
            abortAfterFailure(error)
            throw error
        }
        do { try beforeCommit?() } catch {
            try? abort(Deadline(.seconds(10)))
            throw .failed(code: RD_KAFKA_RESP_ERR__FAIL.rawValue, message: "stopped before commit: \(error)")
        }
        while true {
            do {
                return delivered + (try commit(deadline))
            } catch {
                if case .retriable = error, !deadline.hasPassed {
                    // The commit resumes in the background; give the coordinator a moment.
                    Thread.sleep(forTimeInterval: 0.05)
                    continue
                }
                abortAfterFailure(error)
                if case let .retriable(_, message) = error { throw .timedOut("commit of transaction: \(message)") }
                throw error
            }
        }
    }

    /// Best-effort abort after a failed produce/commit; the original error is what the caller sees.
    private func abortAfterFailure(_ error: KafkaError) {
        if case .fatal = error { return }
        try? abort(Deadline(.seconds(10)))
    }

    /// After a successful commit every delivery report has been served (commit flushes, and
    /// flush serves callbacks on this thread); the poll loop only guards against surprises.
    private func collectPositions(rk: OpaquePointer, _ deadline: Deadline) throws(KafkaError) -> [RecordPosition] {
        var positions: [RecordPosition] = []
        positions.reserveCapacity(pending.count)
        for id in pending {
            while true {
                if let result = reports.take(id) {
                    switch result {
                    case let .success(position): positions.append(position)
                    case let .failure(error): throw error
                    }
                    break
                }
                if deadline.hasPassed { throw .timedOut("delivery report after commit") }
                rd_kafka_poll(rk, 10)
            }
        }
        pending = []
        return positions
    }

    /// Aborts an open transaction, delivers what is queued, destroys the handle. Idempotent.
    func close() {
        guard let rk else { return }
        if inTransaction { try? abort(Deadline(.seconds(5))) }
        rd_kafka_flush(rk, 5_000)
        rd_kafka_destroy(rk)
        self.rk = nil
        reports.forget(pending)
        pending = []
    }

    /// Returns librdkafka's error object, if any; throws only when copying the headers fails.
    private func enqueue(_ rk: OpaquePointer, _ record: ProducerRecord, id: UInt) throws(KafkaError) -> OpaquePointer? {
        // Header names and values are copied into C buffers that live for this call only;
        // librdkafka copies them again into the message.
        let names = record.headers.map { strdup($0.key) }
        let values: [UnsafeMutableRawPointer?] = record.headers.map { header in
            guard !header.value.isEmpty, let buffer = malloc(header.value.count) else { return nil }
            header.value.withUnsafeBytes { bytes in
                if let base = bytes.baseAddress { buffer.copyMemory(from: base, byteCount: bytes.count) }
            }
            return buffer
        }
        defer {
            names.forEach { free($0) }
            values.forEach { free($0) }
        }
        if names.contains(where: { $0 == nil })
            || zip(values, record.headers).contains(where: { $0 == nil && !$1.value.isEmpty }) {
            throw .failed(code: RD_KAFKA_RESP_ERR__FAIL.rawValue, message: "out of memory copying headers")
        }
        let constNames = names.map { UnsafePointer($0) }
        let constValues = values.map { UnsafeRawPointer($0) }
        let sizes = record.headers.map { $0.value.count }
        let opaque = UnsafeMutableRawPointer(bitPattern: id)

        return withOptionalBytes(record.key) { keyPointer, keyLength in
            record.value.withUnsafeBytes { value in
                constNames.withUnsafeBufferPointer { namesBuffer in
                    constValues.withUnsafeBufferPointer { valuesBuffer in
                        sizes.withUnsafeBufferPointer { sizesBuffer in
                            clinicledger_produce(
                                rk, record.topic, record.partition,
                                keyPointer, keyLength, value.baseAddress, value.count,
                                namesBuffer.baseAddress, valuesBuffer.baseAddress, sizesBuffer.baseAddress,
                                record.headers.count, opaque)
                        }
                    }
                }
            }
        }
    }
}

/// Calls `body` with a pointer to `bytes` (nil for a nil key). An empty but present key gets a
/// non-nil pointer so Kafka stores an empty key, not a null one.
private func withOptionalBytes<R>(_ bytes: [UInt8]?, _ body: (UnsafeRawPointer?, Int) -> R) -> R {
    guard let bytes else { return body(nil, 0) }
    if bytes.isEmpty {
        var placeholder: UInt8 = 0
        return withUnsafeBytes(of: &placeholder) { body($0.baseAddress, 0) }
    }
    return bytes.withUnsafeBytes { body($0.baseAddress, $0.count) }
}
