import CommandHandling
import Domain
import Foundation
import HTTPTypes
import Hummingbird

/// Heim's error envelope, one shape for every error of the dialect:
/// `{"error": {"code": "slot_unavailable", "message": "…", "field": "windowId"}}`, where `field`
/// names the offending input the way the client sent it, or is null. Heim publishes no error
/// format, so this is the plainest one an integrator can switch on: a stable snake_case `code`, a
/// sentence for people, the field. It renders itself (`HTTPResponseError`) wherever under Heim's
/// prefixes it is thrown.
public struct HeimError: DialectError {
    public var status: HTTPResponse.Status
    public var code: String
    public var message: String
    public var field: String?
    public var headers: HTTPFields = [:]

    public init(_ status: HTTPResponse.Status, code: String, message: String, field: String? = nil, headers: HTTPFields = [:]) {
        self.status = status; self.code = code; self.message = message; self.field = field; self.headers = headers
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        JSONResponse.make(body, status: status, headers: headers)
    }

    public var body: JSONValue {
        .object([("error", .object([("code", .string(code)), ("message", .string(message)), ("field", .text(field))]))])
    }

    static let missingKey = HeimError(.unauthorized, code: "missing_api_key",
                                      message: "send your API key in the Authorization header: Authorization: <api key>",
                                      field: "Authorization")
    static let badKey = HeimError(.unauthorized, code: "invalid_api_key", message: "the API key is not valid", field: "Authorization")
    static let unexpectedReply = HeimError(.internalServerError, code: "internal_error", message: "unexpected command reply")

    /// A body value refused (422), naming the field.
    static func invalid(_ code: String, _ message: String, field: String?) -> HeimError {
        HeimError(.unprocessableContent, code: code, message: message, field: field)
    }

    /// A fault in the query string, a path parameter or a header: the request itself is malformed (400).
    static func badRequest(_ code: String, _ message: String, field: String?) -> HeimError {
        HeimError(.badRequest, code: code, message: message, field: field)
    }

    /// An id that names nothing of the caller's organization: unknown, another organization's, or
    /// not an id of this kind at all — the caller cannot tell them apart, so nothing leaks.
    static func notFound(_ what: String) -> HeimError {
        HeimError(.notFound, code: "not_found", message: "\(what) not found")
    }

    /// Heim's reading of a domain refusal. Codes not listed are refused values (422), so a code
    /// added to `DomainError.Code` later has a status before anyone maps it.
    static func from(_ e: DomainError) -> HeimError {
        let status: HTTPResponse.Status
        switch e.code {
        case .externalIdConflict, .organizationExists, .ambiguousMatch, .slotUnavailable, .invalidTransition, .patientMerged: status = .conflict
        case .organizationNotFound, .patientNotFound, .appointmentNotFound, .groupAppointmentNotFound, .attendeeNotFound: status = .notFound
        default: status = .unprocessableContent
        }
        // Every 404 of this dialect says `not_found`, whether the router, a GET or a command found nothing.
        return HeimError(status, code: status == .notFound ? "not_found" : e.code.rawValue, message: e.message, field: e.field)
    }

    /// The same refusal found outside the body (query string, path, header): 400.
    static func badRequest(_ e: DomainError) -> HeimError {
        badRequest(e.code.rawValue, e.message, field: e.field)
    }

    /// Heim's reading of a refused command.
    public init(_ refusal: CommandError) {
        switch refusal {
        case .rejected(let e):
            self = .from(e)
        case .idempotencyKeyReused:
            self.init(.conflict, code: "idempotency_key_reused",
                      message: "this Idempotency-Key was already used with a different request body", field: "Idempotency-Key")
        case .idempotencyReplyUnknown:
            self.init(.conflict, code: "idempotency_reply_unknown",
                      message: "this Idempotency-Key was used by a request written before this version recorded answers; "
                          + "its first answer cannot be replayed: check the resource, or send a new key", field: "Idempotency-Key")
        case .unavailable(let why):
            self.init(.serviceUnavailable, code: "unavailable", message: why)
        case .tooLarge(let why):
            self.init(.contentTooLarge, code: "event_too_large", message: why)
        case .unstorable(let why):
            self = .invalid("invalid_character", why, field: nil)
        }
    }

    /// Heim's reading of what shared code and the router refuse.
    public init(_ problem: RequestProblem) {
        switch problem {
        case .unsupportedMediaType(let message):
            self.init(.unsupportedMediaType, code: "unsupported_media_type", message: message, field: "Content-Type")
        case .bodyTooLarge(let message):
            self.init(.contentTooLarge, code: "body_too_large", message: message)
        case .unreadableBody(let code, let message, let field):
            self = .invalid(code, message, field: field)
        case .refusedBody(let e):
            self = .from(e)
        case .refusedRequest(let e):
            self = .badRequest(e)
        case .routeNotFound:
            self.init(.notFound, code: "not_found", message: "no route at this path")
        case .methodNotAllowed(let method, let allowed):
            let list = allowed.joined(separator: ", ")
            self.init(.methodNotAllowed, code: "method_not_allowed",
                      message: "\(method) is not served at this path; it allows \(list)", headers: [.allow: list])
        case .framework(let error):
            self.init(error.status, code: Self.code(for: error.status), message: error.body ?? error.status.reasonPhrase)
        case .internalError:
            self.init(.internalServerError, code: "internal_error", message: "the server failed to handle this request")
        }
    }

    /// A snake_case code for a status Hummingbird itself answered with, so clients switch on words, not numbers.
    static func code(for status: HTTPResponse.Status) -> String {
        switch status {
        case .badRequest: "bad_request"
        case .contentTooLarge: "body_too_large"
        case .unsupportedMediaType: "unsupported_media_type"
        case .tooManyRequests: "rate_limited"
        case .internalServerError: "internal_error"
        default: "http_\(status.code)"
        }
    }
}
