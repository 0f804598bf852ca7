import CRdKafka

/// Builds an `rd_kafka_conf_t` from ordered key/value pairs (later pairs win).
/// On error the half-built conf is destroyed and the error names the offending property.
enum KafkaConfig {
    static func make(_ settings: [(String, String)]) throws(KafkaError) -> OpaquePointer {
        guard let conf = rd_kafka_conf_new() else {
            throw .failed(code: RD_KAFKA_RESP_ERR__FAIL.rawValue, message: "rd_kafka_conf_new failed")
        }
        var errstr = [CChar](repeating: 0, count: 512)
        for (key, value) in settings {
            let result = rd_kafka_conf_set(conf, key, value, &errstr, errstr.count)
            if result != RD_KAFKA_CONF_OK {
                rd_kafka_conf_destroy(conf)
                throw .failed(code: RD_KAFKA_RESP_ERR__INVALID_ARG.rawValue,
                              message: "config \(key): \(decodeCString(errstr))")
            }
        }
        return conf
    }

    /// Merges caller config between our defaults and our invariants:
    /// defaults < caller's `config` < `forced` (the settings this type's contract depends on).
    static func merge(defaults: [(String, String)], config: [String: String], forced: [(String, String)]) -> [(String, String)] {
        defaults + config.sorted { $0.key < $1.key }.map { ($0.key, $0.value) } + forced
    }

    /// Creates a client handle. `rd_kafka_new` takes ownership of `conf` only on success.
    static func newHandle(_ type: rd_kafka_type_t, _ settings: [(String, String)]) throws(KafkaError) -> OpaquePointer {
        let conf = try make(settings)
        return try newHandle(type, conf: conf)
    }

    static func newHandle(_ type: rd_kafka_type_t, conf: OpaquePointer) throws(KafkaError) -> OpaquePointer {
        var errstr = [CChar](repeating: 0, count: 512)
        guard let rk = rd_kafka_new(type, conf, &errstr, errstr.count) else {
            rd_kafka_conf_destroy(conf)
            throw .failed(code: RD_KAFKA_RESP_ERR__INVALID_ARG.rawValue, message: "rd_kafka_new: \(decodeCString(errstr))")
        }
        return rk
    }
}

/// Decodes a NUL-terminated C buffer without the deprecated `String(cString: [CChar])`.
func decodeCString(_ buffer: [CChar]) -> String {
    String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

/// Milliseconds for librdkafka timeouts, clamped to what an `int` can hold.
func milliseconds(_ duration: Duration) -> Int32 {
    let (seconds, attoseconds) = duration.components
    let ms = seconds * 1000 + attoseconds / 1_000_000_000_000_000
    return Int32(clamping: max(0, ms))
}

/// A point in time for loops that call librdkafka repeatedly within one overall timeout.
struct Deadline {
    let end: ContinuousClock.Instant

    init(_ timeout: Duration) { end = .now + timeout }

    var remaining: Duration { max(.zero, end - .now) }
    var remainingMilliseconds: Int32 { milliseconds(remaining) }
    var hasPassed: Bool { ContinuousClock.now >= end }
}
