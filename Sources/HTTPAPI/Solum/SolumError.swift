import CommandHandling
import Domain
import Foundation
import HTTPTypes
import Hummingbird

/// Solum's error envelope: `{"detail": {"type", "code", "message", "param"}}`, where `param`
/// names the offending field the way the client sent it (`items[3].date_of_birth`). It renders
/// itself (`HTTPResponseError`), wherever under `/v1` it is thrown.
public struct SolumError: DialectError {
    public var status: HTTPResponse.Status
    public var type: String
    public var code: String
    public var message: String
    public var param: String?
    public var headers: HTTPFields = [:]

    public init(_ status: HTTPResponse.Status, type: String, code: String, message: String, param: String? = nil, headers: HTTPFields = [:]) {
        self.status = status; self.type = type; self.code = code; self.message = message; self.param = param; self.headers = headers
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        JSONResponse.make(body, status: status, headers: headers)
    }

    public var body: JSONValue {
        .object([("detail", .object([
            ("type", .string(type)), ("code", .string(code)), ("message", .string(message)), ("param", .text(param)),
        ]))])
    }

    static func invalid(_ code: String, _ message: String, param: String?) -> SolumError {
        SolumError(.unprocessableContent, type: "invalid_request_error", code: code, message: message, param: param)
    }

    static func notFound(_ what: String) -> SolumError {
        SolumError(.notFound, type: "not_found_error", code: "not_found", message: "\(what) not found")
    }

    static let missingKey = SolumError(.unauthorized, type: "authentication_error", code: "missing_api_key",
                                       message: "send your API key in the X-API-Key header")
    static let badKey = SolumError(.unauthorized, type: "authentication_error", code: "invalid_api_key",
                                   message: "the API key is not valid")
    static let unexpectedReply = SolumError(.internalServerError, type: "api_error", code: "internal_error", message: "unexpected command reply")

    /// A fault in the query string, a path parameter or a header: the request itself is malformed.
    static func badRequest(_ code: String, _ message: String, param: String?) -> SolumError {
        SolumError(.badRequest, type: "invalid_request_error", code: code, message: message, param: param)
    }

    /// Solum's reading of a domain refusal.
    static func from(_ e: DomainError) -> SolumError {
        let status: HTTPResponse.Status
        switch e.code {
        case .externalIdConflict, .organizationExists, .ambiguousMatch, .slotUnavailable, .invalidTransition, .patientMerged: status = .conflict
        case .organizationNotFound, .patientNotFound, .appointmentNotFound, .groupAppointmentNotFound, .attendeeNotFound: status = .notFound
        default: status = .unprocessableContent
        }
        let type = status == .unprocessableContent ? "invalid_request_error" : status == .notFound ? "not_found_error" : "conflict_error"
        return SolumError(status, type: type, code: e.code.rawValue, message: e.message, param: e.field)
    }

    /// The same refusal found outside the body (query string, path, header): 400.
    static func badRequest(_ e: DomainError) -> SolumError {
        badRequest(e.code.rawValue, e.message, param: e.field)
    }

    /// Solum's reading of a refused command.
    public init(_ refusal: CommandError) {
        switch refusal {
        case .rejected(let e):
            self = .from(e)
        case .idempotencyKeyReused:
            self.init(.conflict, type: "idempotency_error", code: "idempotency_key_reused",
                      message: "this Idempotency-Key was already used with a different request body", param: "Idempotency-Key")
        case .idempotencyReplyUnknown:
            self.init(.conflict, type: "idempotency_error", code: "idempotency_reply_unknown",
                      message: "this Idempotency-Key was used by a request written before this version recorded answers; "
                          + "its first answer cannot be replayed: check the resource, or send a new key", param: "Idempotency-Key")
        case .unavailable(let why):
            self.init(.serviceUnavailable, type: "api_error", code: "unavailable", message: why)
        case .tooLarge(let why):
            self.init(.contentTooLarge, type: "invalid_request_error", code: "event_too_large", message: why)
        case .unstorable(let why):
            self = .invalid("invalid_character", why, param: nil)
        }
    }

    /// Solum's reading of what shared code and the router refuse.
    public init(_ problem: RequestProblem) {
        switch problem {
        case .unsupportedMediaType(let message):
            self.init(.unsupportedMediaType, type: "invalid_request_error", code: "unsupported_media_type", message: message, param: "Content-Type")
        case .bodyTooLarge(let message):
            self.init(.contentTooLarge, type: "invalid_request_error", code: "body_too_large", message: message)
        case .unreadableBody(let code, let message, let field):
            self = .invalid(code, message, param: field)
        case .refusedBody(let e):
            self = .from(e)
        case .refusedRequest(let e):
            self = .badRequest(e)
        case .routeNotFound:
            self.init(.notFound, type: "not_found_error", code: "not_found", message: HTTPResponse.Status.notFound.reasonPhrase)
        case .methodNotAllowed(let method, let allowed):
            let list = allowed.joined(separator: ", ")
            self.init(.methodNotAllowed, type: "invalid_request_error", code: "method_not_allowed",
                      message: "\(method) is not served at this path; it allows \(list)", headers: [.allow: list])
        case .framework(let error):
            self.init(error.status, type: "invalid_request_error", code: "http_\(error.status.code)", message: error.body ?? error.status.reasonPhrase)
        case .internalError:
            self.init(.internalServerError, type: "api_error", code: "internal_error", message: "the server failed to handle this request")
        }
    }
}
