import CommandHandling
import Domain
import HTTPTypes
import Hummingbird

/// A refusal found by code every dialect shares — reading a body, screening a request's address,
/// the router itself — outside a dialect's own code. Each dialect's error type says it in the
/// dialect's envelope (`DialectError.init(_:)`).
public enum RequestProblem: Error, Sendable {
    /// The body is not JSON by its Content-Type (415); the message names what was sent.
    case unsupportedMediaType(message: String)
    /// The body is larger than `InputLimits.requestBodyBytes` (413).
    case bodyTooLarge(message: String)
    /// The body cannot be read as the route's request: not JSON, a value of the wrong type, a
    /// missing field (422), naming the field when there is one.
    case unreadableBody(code: String, message: String, field: String?)
    /// A rule of the domain refused a value of the body (a character no field may hold).
    case refusedBody(DomainError)
    /// A rule of the domain refused something outside the body: a query parameter, a path
    /// parameter, a header (400: the request's address is malformed).
    case refusedRequest(DomainError)
    /// No route at this path (404).
    case routeNotFound
    /// The path is served, but not with this method (405 with `Allow`, RFC 9110 §15.5.6).
    case methodNotAllowed(method: String, allowed: [String])
    /// An error Hummingbird itself raised, with its status.
    case framework(HTTPError)
    /// Anything unexpected: 500, without internals.
    case internalError
}

/// A dialect's error type: it renders its own envelope (`HTTPResponseError`, so Hummingbird's
/// router answers with it wherever it is thrown) and says the shared refusals and a refused
/// command in that envelope.
public protocol DialectError: HTTPResponseError, Sendable {
    init(_ problem: RequestProblem)
    init(_ refusal: CommandError)
    /// The envelope as JSON: the response body, and a rejected command's error on command-results.
    var body: JSONValue { get }
}

/// A dialect's request context: built from the router's context once the dialect's credential
/// is checked (`init(context:)` throws the dialect's 401), and naming the dialect's error type,
/// so code every dialect shares (`RequestDecoding`, `APIServices.send`) answers in its envelope.
public protocol DialectRequestContext: ChildRequestContext where ParentContext == APIRequestContext {
    associatedtype Failure: DialectError
}

/// A vendor's API: the path prefixes whose errors it answers, and its routes.
protocol Dialect {
    associatedtype Failure: DialectError
    /// Requests under these prefixes that no route of the dialect takes (404, 405, 500, the request
    /// screen's 400) answer in this dialect's envelope; the longest prefix wins, so a dialect may
    /// own paths inside another's (Heim's `/v1/appointments` inside Solum's `/v1`).
    var prefixes: [String] { get }
    func register(on router: some RouterMethods<APIRequestContext>)
}

extension Dialect {
    var failure: any DialectError.Type { Failure.self }
}

/// Which dialect owns which path prefix. Paths no dialect owns (`/health`, unknown roots) answer
/// in the fallback's envelope.
struct DialectTable: Sendable {
    private let owners: [(prefix: String, failure: any DialectError.Type)]
    private let fallback: any DialectError.Type

    init(_ dialects: [any Dialect], fallback: any DialectError.Type) {
        owners = dialects.flatMap { dialect in dialect.prefixes.map { (prefix: $0, failure: dialect.failure) } }
            .sorted { $0.prefix.count > $1.prefix.count }
        self.fallback = fallback
    }

    /// The error type of the dialect whose prefix is the longest one `path` starts with, segment by
    /// segment (`/v1/appointmentsX` is not under `/v1/appointments`).
    func failure(at path: String) -> any DialectError.Type {
        owners.first { path == $0.prefix || path.hasPrefix($0.prefix + "/") }?.failure ?? fallback
    }
}
