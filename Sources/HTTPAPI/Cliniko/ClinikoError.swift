import CommandHandling
import Domain
import Foundation
import HTTPTypes
import Hummingbird

/// Cliniko's error envelopes (docs.api.cliniko.com). A refused value is 422
/// `{"message":"Validation Failed","errors":{"<field>":"<message>"}}`, a refusal that belongs to
/// no field under `base`; every other error is `{"message":"…"}` (Cliniko documents no other
/// shape for 400, 401, 404 or 429, and its clients read `message`). A 400 names the offending
/// filter or parameter in its message. It renders itself (`HTTPResponseError`) wherever under
/// Cliniko's prefixes it is thrown, and carries headers (rate limit, `WWW-Authenticate`, `Allow`).
public struct ClinikoError: DialectError {
    public var status: HTTPResponse.Status
    public var message: String
    /// Field → message, only for 422.
    public var errors: [(field: String, message: String)]
    public var headers: HTTPFields

    public init(_ status: HTTPResponse.Status, _ message: String, errors: [(field: String, message: String)] = [], headers: HTTPFields = [:]) {
        self.status = status; self.message = message; self.errors = errors; self.headers = headers
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        JSONResponse.make(body, status: status, headers: headers)
    }

    public var body: JSONValue {
        guard status == .unprocessableContent else { return .object([("message", .string(message))]) }
        return .object([("message", .string(message)), ("errors", .object(errors.map { ($0.field, .string($0.message)) }))])
    }

    /// The field a refusal belongs to in Cliniko's `errors`: its own, else `base`.
    static let baseField = "base"

    /// A body value refused (422), under its field or `base`.
    static func invalid(_ message: String, field: String?) -> ClinikoError {
        ClinikoError(.unprocessableContent, "Validation Failed", errors: [(field ?? baseField, message)])
    }

    /// A fault in the query string, path or a header (400); `message` names the parameter.
    static func badRequest(_ message: String) -> ClinikoError {
        ClinikoError(.badRequest, message)
    }

    /// An id that names nothing of the caller's organization: unknown, another organization's, or
    /// not an id at all — the caller cannot tell them apart, so nothing leaks.
    static func notFound(_ what: String) -> ClinikoError {
        ClinikoError(.notFound, "\(what) not found")
    }

    /// Two rows of the organization fold to the Cliniko id asked for (docs/ids.md): say so rather
    /// than guess which one was meant.
    static func ambiguous(_ what: String, id: Int64) -> ClinikoError {
        ClinikoError(.conflict, "\(what) id \(id) names more than one record; use another dialect's id for it")
    }

    static let unauthorizedHeaders: HTTPFields = [.wwwAuthenticate: "Basic realm=\"ClinicLedger\""]
    static let missingCredentials = ClinikoError(
        .unauthorized, "Send your API key as the Basic auth user name: Authorization: Basic base64(<api key>:)",
        headers: unauthorizedHeaders)
    static let badKey = ClinikoError(.unauthorized, "The API key is not valid", headers: unauthorizedHeaders)
    static let unexpectedReply = ClinikoError(.internalServerError, "Unexpected command reply")

    /// Cliniko's reading of a domain refusal. Cliniko answers every refusal of a write with 422
    /// `Validation Failed` under the field (a place already taken, a full class, an archived
    /// booking alike: its clients read `errors`, not the status); only a thing the path names and
    /// the organization does not hold is 404. So every code but the not-found ones is 422 under
    /// its field or `base` — a code added later included.
    static func from(_ e: DomainError) -> ClinikoError {
        switch e.code {
        case .organizationNotFound, .patientNotFound, .appointmentNotFound, .groupAppointmentNotFound, .attendeeNotFound:
            ClinikoError(.notFound, e.message)
        default:
            invalid(e.message, field: e.field)
        }
    }

    public init(_ refusal: CommandError) {
        switch refusal {
        case .rejected(let e):
            self = .from(e)
        case .idempotencyKeyReused:
            self.init(.conflict, "This Idempotency-Key was already used with a different request body")
        case .idempotencyReplyUnknown:
            self.init(.conflict, "This Idempotency-Key was used by a request written before this version recorded answers; "
                          + "its first answer cannot be replayed: check the resource, or send a new key")
        case .unavailable(let why):
            self.init(.serviceUnavailable, why)
        case .tooLarge(let why):
            self.init(.contentTooLarge, why)
        case .unstorable(let why):
            self = .invalid(why, field: nil)
        }
    }

    public init(_ problem: RequestProblem) {
        switch problem {
        case .unsupportedMediaType(let message):
            self.init(.unsupportedMediaType, message)
        case .bodyTooLarge(let message):
            self.init(.contentTooLarge, message)
        case .unreadableBody(_, let message, let field):
            self = .invalid(message, field: field)
        case .refusedBody(let e):
            self = .from(e)
        case .refusedRequest(let e):
            self = .badRequest(e.field.map { "Invalid parameter \($0): \(e.message)" } ?? e.message)
        case .routeNotFound:
            self.init(.notFound, "Not found")
        case .methodNotAllowed(let method, let allowed):
            let list = allowed.joined(separator: ", ")
            self.init(.methodNotAllowed, "\(method) is not served at this path; it allows \(list)", headers: [.allow: list])
        case .framework(let error):
            self.init(error.status, error.body ?? error.status.reasonPhrase)
        case .internalError:
            self.init(.internalServerError, "The server failed to handle this request")
        }
    }
}
