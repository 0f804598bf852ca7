import CommandHandling
import Domain
import Foundation
import HTTPTypes
import Hummingbird

/// Solum's error envelope: `{"detail": {"type", "code", "message", "param"}}`, where `param`
/// names the offending field the way the client sent it (`items[3].date_of_birth`).
public struct APIError: Error, Sendable {
    public var status: HTTPResponse.Status
    public var type: String
    public var code: String
    public var message: String
    public var param: String?

    public init(_ status: HTTPResponse.Status, type: String, code: String, message: String, param: String? = nil) {
        self.status = status; self.type = type; self.code = code; self.message = message; self.param = param
    }

    static func invalid(_ code: String, _ message: String, param: String?) -> APIError {
        APIError(.unprocessableContent, type: "invalid_request_error", code: code, message: message, param: param)
    }

    static func notFound(_ what: String) -> APIError {
        APIError(.notFound, type: "not_found_error", code: "not_found", message: "\(what) not found")
    }

    static let missingKey = APIError(.unauthorized, type: "authentication_error", code: "missing_api_key",
                                     message: "send your API key in the X-API-Key header")
    static let badKey = APIError(.unauthorized, type: "authentication_error", code: "invalid_api_key",
                                 message: "the API key is not valid")

    var body: JSONValue {
        .object([("detail", .object([
            ("type", .string(type)), ("code", .string(code)), ("message", .string(message)), ("param", .text(param)),
        ]))])
    }

    /// A fault in the query string, a path parameter or a header: the request itself is malformed.
    static func badRequest(_ code: String, _ message: String, param: String?) -> APIError {
        APIError(.badRequest, type: "invalid_request_error", code: code, message: message, param: param)
    }

    /// The API's reading of a domain refusal.
    static func from(_ e: DomainError) -> APIError {
        let status: HTTPResponse.Status
        switch e.code {
        case .externalIdConflict, .organizationExists, .ambiguousMatch: status = .conflict
        case .organizationNotFound, .patientNotFound: status = .notFound
        default: status = .unprocessableContent
        }
        let type = status == .unprocessableContent ? "invalid_request_error" : status == .notFound ? "not_found_error" : "conflict_error"
        return APIError(status, type: type, code: e.code.rawValue, message: e.message, param: e.field)
    }

    /// The same refusal found outside the body (query string, path, header): 400.
    static func badRequest(_ e: DomainError) -> APIError {
        badRequest(e.code.rawValue, e.message, param: e.field)
    }

    /// The API's reading of a refused command.
    static func from(_ error: CommandError) -> APIError {
        switch error {
        case .rejected(let e):
            return from(e)
        case .idempotencyKeyReused:
            return APIError(.conflict, type: "idempotency_error", code: "idempotency_key_reused",
                            message: "this Idempotency-Key was already used with a different request body", param: "Idempotency-Key")
        case .idempotencyReplyUnknown:
            return APIError(.conflict, type: "idempotency_error", code: "idempotency_reply_unknown",
                            message: "this Idempotency-Key was used by a request written before this version recorded answers; "
                                + "its first answer cannot be replayed: check the resource, or send a new key", param: "Idempotency-Key")
        case .unavailable(let why):
            return APIError(.serviceUnavailable, type: "api_error", code: "unavailable", message: why)
        case .tooLarge(let why):
            return APIError(.contentTooLarge, type: "invalid_request_error", code: "event_too_large", message: why)
        case .unstorable(let why):
            return .invalid("invalid_character", why, param: nil)
        }
    }
}
