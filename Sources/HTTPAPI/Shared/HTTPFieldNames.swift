import HTTPTypes

/// Every header name the API reads or writes beyond HTTPTypes' own (`.contentType`, `.allow`, …).
extension HTTPField.Name {
    static let idempotencyKey = Self("Idempotency-Key")!
    static let correlationId = Self("X-Correlation-Id")!
    static let idempotentReplayed = Self("Idempotent-Replayed")!
    static let readModelLag = Self("X-Read-Model-Lag")!
    static let apiKey = Self("X-API-Key")!
    static let rateLimitLimit = Self("X-RateLimit-Limit")!
    static let rateLimitRemaining = Self("X-RateLimit-Remaining")!
    static let rateLimitReset = Self("X-RateLimit-Reset")!
    static let forwardedProto = Self("X-Forwarded-Proto")!
}
