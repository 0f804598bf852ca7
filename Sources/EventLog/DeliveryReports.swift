import CRdKafka
import Foundation

/// Collects librdkafka delivery reports (offset or error per produced record), keyed by the
/// per-message opaque id the producer attached when enqueueing the record.
final class DeliveryReports: @unchecked Sendable {
    // @unchecked Sendable: all state is guarded by `lock`. The callback runs inside
    // rd_kafka_poll/flush/commit, which only the producer's thread calls, but the lock keeps this
    // correct even if librdkafka ever served it elsewhere.
    private let lock = NSLock()
    private var expected: Set<UInt> = []
    private var results: [UInt: Result<RecordPosition, KafkaError>] = [:]

    /// Registers an id before its record is enqueued, so late reports of forgotten ids are dropped.
    func expect(_ id: UInt) {
        lock.withLock { _ = expected.insert(id) }
    }

    /// Drops ids whose reports nobody will collect (aborted or failed-to-enqueue records).
    func forget<S: Sequence>(_ ids: S) where S.Element == UInt {
        lock.withLock {
            for id in ids {
                expected.remove(id)
                results.removeValue(forKey: id)
            }
        }
    }

    /// Removes and returns the outcome for `id`, if its report has arrived.
    func take(_ id: UInt) -> Result<RecordPosition, KafkaError>? {
        lock.withLock {
            guard let result = results.removeValue(forKey: id) else { return nil }
            expected.remove(id)
            return result
        }
    }

    func deliver(_ id: UInt, _ result: Result<RecordPosition, KafkaError>) {
        lock.withLock {
            if expected.contains(id) { results[id] = result }
        }
    }

    /// Installs the delivery-report callback on `conf`. The conf's opaque points at `self`
    /// unretained: the owner keeps this object alive until after `rd_kafka_destroy`.
    func install(on conf: OpaquePointer) {
        rd_kafka_conf_set_opaque(conf, Unmanaged.passUnretained(self).toOpaque())
        rd_kafka_conf_set_dr_msg_cb(conf) { _, message, opaque in
            guard let message, let opaque else { return }
            let reports = Unmanaged<DeliveryReports>.fromOpaque(opaque).takeUnretainedValue()
            let m = message.pointee
            let id = UInt(bitPattern: m._private)
            if m.err == RD_KAFKA_RESP_ERR_NO_ERROR {
                let topic = m.rkt.map { String(cString: rd_kafka_topic_name($0)) } ?? ""
                reports.deliver(id, .success(RecordPosition(topic: topic, partition: m.partition, offset: m.offset)))
            } else {
                let text = String(cString: rd_kafka_err2str(m.err))
                reports.deliver(id, .failure(.failed(code: m.err.rawValue, message: "delivery failed: \(text)")))
            }
        }
    }
}
