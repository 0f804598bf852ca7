import CommandHandling
import Domain
import HTTPTypes
import Hummingbird

/// The admin API's errors. They are written in Solum's envelope (`{"detail":…}`), as they have
/// been since the admin API was built beside Solum's and `clinicledger org` prints them as
/// sent; they are the admin API's own type, so either API can change its envelope alone.
public struct AdminError: DialectError {
    private var envelope: SolumError
    public var status: HTTPResponse.Status { envelope.status }

    init(_ status: HTTPResponse.Status, type: String, code: String, message: String) {
        envelope = SolumError(status, type: type, code: code, message: message)
    }

    public init(_ problem: RequestProblem) { envelope = SolumError(problem) }
    public init(_ refusal: CommandError) { envelope = SolumError(refusal) }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        try envelope.response(from: request, context: context)
    }

    public var body: JSONValue { envelope.body }

    static let disabled = AdminError(.forbidden, type: "authentication_error", code: "admin_disabled",
                                     message: "the admin API is disabled: set CLINICLEDGER_ADMIN_TOKEN on the server")
    static let invalidToken = AdminError(.unauthorized, type: "authentication_error", code: "invalid_admin_token",
                                         message: "send the admin token as Authorization: Bearer <token>")

    static func notFound(_ what: String) -> AdminError { AdminError(.notFound, type: "not_found_error", code: "not_found", message: "\(what) not found") }

    static let unexpectedReply = AdminError(.internalServerError, type: "api_error", code: "internal_error", message: "no reference data in the reply")
}
