import Domain
import Foundation
import HTTPTypes
import Hummingbird

/// What a request carries outside its body — path parameters, query parameters, the
/// `Idempotency-Key` header — obeys the rules body text obeys (`InputScreen`): a character no
/// field may hold is 400 `invalid_character` naming the parameter, before any route reads it
/// (PostgreSQL would refuse a U+0000 bound in a query with a 500), in the envelope of the dialect
/// that owns the path. Bodies are screened where they are read (`RequestDecoding.json`).
struct RequestScreenMiddleware: RouterMiddleware {
    typealias Context = APIRequestContext
    let dialects: DialectTable

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do { try Self.check(request, parameters: context.parameters) } catch {
            throw dialects.failure(at: request.uri.path).init(.refusedRequest(error))
        }
        return try await next(request, context)
    }

    static func check(_ request: Request, parameters: Parameters) throws(DomainError) {
        for (name, value) in parameters {
            try InputScreen.text(String(value).removingPercentEncoding ?? String(value), field: String(name))
        }
        for (rawName, value) in request.uri.queryParameters {
            let name = String(rawName).removingPercentEncoding ?? String(rawName)
            try InputScreen.text(name, field: name)
            try InputScreen.text(String(value), field: name)
        }
        if let key = request.headers[.idempotencyKey] {
            try InputScreen.text(key, field: "Idempotency-Key")
            guard InputLimits.length(key) <= InputLimits.idempotencyKey else {
                throw DomainError(.valueTooLong, "Idempotency-Key is longer than \(InputLimits.idempotencyKey) characters", field: "Idempotency-Key")
            }
        }
    }
}
