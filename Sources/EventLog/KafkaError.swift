import CRdKafka

/// Every librdkafka failure surfaces as one of these; the case says what the caller may do next.
public enum KafkaError: Error, CustomStringConvertible, Sendable {
    /// The producer must be recreated (e.g. fenced by a newer holder of the transactional.id).
    case fatal(code: Int32, message: String)
    /// The transaction must be aborted; it may then be retried from the start.
    case abortable(code: Int32, message: String)
    /// The same call may simply be retried.
    case retriable(code: Int32, message: String)
    /// Anything else (configuration errors, unknown topic, closed handle, ...).
    case failed(code: Int32, message: String)
    case timedOut(String)

    public var description: String {
        switch self {
        case let .fatal(code, message): "Kafka fatal error \(KafkaError.name(code)) (\(code)): \(message)"
        case let .abortable(code, message): "Kafka abortable error \(KafkaError.name(code)) (\(code)): \(message)"
        case let .retriable(code, message): "Kafka retriable error \(KafkaError.name(code)) (\(code)): \(message)"
        case let .failed(code, message): "Kafka error \(KafkaError.name(code)) (\(code)): \(message)"
        case let .timedOut(message): "Kafka timed out: \(message)"
        }
    }

    /// The numeric librdkafka error code, when there is one.
    public var code: Int32? {
        switch self {
        case let .fatal(code, _), let .abortable(code, _), let .retriable(code, _), let .failed(code, _): code
        case .timedOut: RD_KAFKA_RESP_ERR__TIMED_OUT.rawValue
        }
    }

    static func name(_ code: Int32) -> String {
        String(cString: rd_kafka_err2name(rd_kafka_resp_err_t(rawValue: code)))
    }

    /// Classifies and destroys an `rd_kafka_error_t` (transactional API and produceva).
    /// Fatal is checked first: a fatal error may also carry other flags.
    static func consume(_ error: OpaquePointer) -> KafkaError {
        defer { rd_kafka_error_destroy(error) }
        let code = rd_kafka_error_code(error).rawValue
        let message = String(cString: rd_kafka_error_string(error))
        if rd_kafka_error_is_fatal(error) != 0 { return .fatal(code: code, message: message) }
        if rd_kafka_error_txn_requires_abort(error) != 0 { return .abortable(code: code, message: message) }
        if rd_kafka_error_is_retriable(error) != 0 { return .retriable(code: code, message: message) }
        if code == RD_KAFKA_RESP_ERR__TIMED_OUT.rawValue { return .timedOut(message) }
        return .failed(code: code, message: message)
    }

    /// Classifies a plain response code (non-transactional calls).
    static func from(_ err: rd_kafka_resp_err_t, context: String) -> KafkaError {
        let message = "\(context): \(String(cString: rd_kafka_err2str(err)))"
        if err == RD_KAFKA_RESP_ERR__TIMED_OUT { return .timedOut(message) }
        return .failed(code: err.rawValue, message: message)
    }

    /// Used when a call arrives after `close()`.
    static func closed(_ what: String) -> KafkaError {
        .failed(code: RD_KAFKA_RESP_ERR__DESTROY.rawValue, message: "\(what) is closed")
    }
}
