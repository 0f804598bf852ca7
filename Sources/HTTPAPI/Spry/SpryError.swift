import CommandHandling
import Domain
import Foundation
import HTTPTypes
import Hummingbird

/// SPRY's envelope for every answer, errors included: `{"code": 4000, "message": "…", "data": null}`.
/// SPRY documents 2000 for success and codes above it for errors; ClinicLedger uses the HTTP status
/// times ten (4000 bad request, 4010 unauthorized, 4030 forbidden, 4040 not found, 4090 conflict,
/// and 4050, 4130, 4150, 4290, 5000, 5030 where the transport needs them). A refusal of a value
/// names the field at the start of `message`, as the seed's `date_range_end must be …` does.
/// docs/dialects/spry.md lists them.
public struct SpryError: DialectError {
    public var status: HTTPResponse.Status
    public var message: String
    public var headers: HTTPFields

    public init(_ status: HTTPResponse.Status, _ message: String, headers: HTTPFields = [:]) {
        self.status = status; self.message = message; self.headers = headers
    }

    /// SPRY's numeric code for an HTTP status.
    public var code: Int { status.code * 10 }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        JSONResponse.make(body, status: status, headers: headers)
    }

    public var body: JSONValue {
        .object([("code", .int(code)), ("message", .string(message)), ("data", .null)])
    }

    static let bearerChallenge: HTTPFields = [.wwwAuthenticate: "Bearer realm=\"ClinicLedger\""]

    /// 401: no token, or one that cannot be trusted (unsigned, wrongly signed, expired, another
    /// organization's, malformed). The message says which, never what the key is.
    static func unauthorized(_ message: String) -> SpryError { SpryError(.unauthorized, message, headers: bearerChallenge) }

    /// 403: a valid token whose role may not do this (a patient reaching another patient's request).
    static func forbidden(_ message: String) -> SpryError { SpryError(.forbidden, message) }

    /// 400 naming the field: the message starts with the field's wire name.
    static func badRequest(_ message: String) -> SpryError { SpryError(.badRequest, message) }

    static func notFound(_ what: String) -> SpryError { SpryError(.notFound, "\(what) not found") }

    static let unexpectedReply = SpryError(.internalServerError, "unexpected command reply")

    /// SPRY's reading of a domain refusal: a value (or a reference in the body or query naming
    /// nothing) is 400; a thing named by the path that is not there is 404; a patient acting on
    /// another's request 403; a final state or a taken slot 409.
    static func from(_ e: DomainError) -> SpryError {
        switch e.code {
        case .notPermitted:
            return forbidden(e.message)
        case .externalIdConflict, .organizationExists, .ambiguousMatch, .slotUnavailable, .invalidTransition, .patientMerged:
            return SpryError(.conflict, e.message)
        case .organizationNotFound, .patientNotFound, .appointmentNotFound, .groupAppointmentNotFound, .attendeeNotFound,
             .waitlistRequestNotFound:
            guard let field = e.field else { return SpryError(.notFound, e.message) }
            return badRequest(named(field, e.message))
        default:
            return badRequest(e.field.map { named($0, e.message) } ?? e.message)
        }
    }

    /// `field: message`, unless the message already names the field or is the seed's own wording.
    static func named(_ field: String, _ message: String) -> String {
        message.contains(field) || verbatim.contains(message) ? message : "\(field): \(message)"
    }

    /// Messages seed 004 spells out; integrators may match them exactly.
    static let verbatim: Set<String> = ["waitlist feature not configured for this organization"]

    public init(_ refusal: CommandError) {
        switch refusal {
        case .rejected(let e):
            self = .from(e)
        case .idempotencyKeyReused:
            self.init(.conflict, "Idempotency-Key: this key was already used with a different request body")
        case .idempotencyReplyUnknown:
            self.init(.conflict, "Idempotency-Key: this key was used by a request whose answer was not recorded; send a new key")
        case .unavailable(let why):
            self.init(.serviceUnavailable, why)
        case .tooLarge(let why):
            self.init(.contentTooLarge, why)
        case .unstorable(let why):
            self.init(.badRequest, why)
        }
    }

    public init(_ problem: RequestProblem) {
        switch problem {
        case .unsupportedMediaType(let message):
            self.init(.unsupportedMediaType, message)
        case .bodyTooLarge(let message):
            self.init(.contentTooLarge, message)
        case .unreadableBody(_, let message, let field):
            // SPRY answers a body it cannot use with 400, not 422.
            self = .badRequest(field.map { Self.named($0, message) } ?? message)
        case .refusedBody(let e), .refusedRequest(let e):
            self = .from(e)
        case .routeNotFound:
            self.init(.notFound, "no route at this path")
        case .methodNotAllowed(let method, let allowed):
            let list = allowed.joined(separator: ", ")
            self.init(.methodNotAllowed, "\(method) is not served at this path; it allows \(list)", headers: [.allow: list])
        case .framework(let error):
            self.init(error.status, error.body ?? error.status.reasonPhrase)
        case .internalError:
            self.init(.internalServerError, "the server failed to handle this request")
        }
    }
}
