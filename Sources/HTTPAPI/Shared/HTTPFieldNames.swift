import HTTPTypes

/// Every header name the API reads or writes beyond HTTPTypes' own (`.contentType`, `.allow`, …).
extension HTTPField.Name {
    static let idempotencyKey = Self("Idempotency-Key")!
    static let correlationId = Self("X-Correlation-Id")!
    static let idempotentReplayed = Self("Idempotent-Replayed")!
    static let readModelLag = Self("X-Read-Model-Lag")!
    static let apiKey = Self("X-API-Key")!
}
