import HTTPTypes

extension HTTPField.Name {
    static let idempotencyKey = Self("Idempotency-Key")!
    static let correlationId = Self("X-Correlation-Id")!
    static let idempotentReplayed = Self("Idempotent-Replayed")!
    static let readModelLag = Self("X-Read-Model-Lag")!
    static let apiKey = Self("X-API-Key")!
}
