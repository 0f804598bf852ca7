import HTTPTypes
import Hummingbird
import NIOConcurrencyHelpers

/// One route as it was registered: the method and the path template in OpenAPI's spelling
/// (`/v1/patients/{id}`).
public struct RegisteredRoute: Hashable, Sendable, CustomStringConvertible {
    public var method: String
    public var path: String
    public var description: String { "\(method) \(path)" }
}

/// Every route the router serves, recorded as it is registered (`RecordingRouter`): the OpenAPI
/// contract test compares `schemas/openapi.yaml` with it, and 405's `Allow` is read from it.
public final class RegisteredRoutes: Sendable {
    private let box = NIOLockedValueBox<[RegisteredRoute]>([])

    public var all: [RegisteredRoute] { box.withLockedValue { $0 } }

    func add(_ route: RegisteredRoute) { box.withLockedValue { $0.append(route) } }

    /// The methods served at a concrete path (`/v1/patients/0197…/history` → GET), for 405's
    /// `Allow`. Where templates overlap, a literal segment wins over a parameter, as in the
    /// router: `/v1/patients/batch` is the batch route, not a patient id.
    func methods(at path: String) -> [String] {
        let segments = path.split(separator: "/")
        let matching = all.compactMap { route -> (literals: [Bool], route: RegisteredRoute)? in
            let template = route.path.split(separator: "/")
            guard template.count == segments.count else { return nil }
            var literals: [Bool] = []
            for (t, s) in zip(template, segments) {
                let parameter = t.hasPrefix("{") && t.hasSuffix("}")
                guard parameter || t == s else { return nil }
                literals.append(!parameter)
            }
            return (literals, route)
        }
        guard let best = matching.map(\.literals).max(by: { a, b in a.lexicographicallyPrecedes(b) { !$0 && $1 } }) else { return [] }
        return matching.filter { $0.literals == best }.map(\.route.method)
    }
}

/// Hummingbird's `Router` with a record of what is registered on it. Every group made from it
/// (`group(_:)`, `group(_:context:)`) hands its routes down to the root with their full path,
/// so recording here sees every route of every dialect, exactly as the router gets it.
final class RecordingRouter<Context: RequestContext>: RouterMethods {
    let router: Router<Context>
    let routes: RegisteredRoutes

    init(_ router: Router<Context>, routes: RegisteredRoutes) {
        self.router = router
        self.routes = routes
    }

    @discardableResult func on<Responder: HTTPResponder>(_ path: RouterPath, method: HTTPRequest.Method,
                                                          responder: Responder) -> Self where Responder.Context == Context {
        routes.add(RegisteredRoute(method: method.rawValue, path: path.description))
        router.on(path, method: method, responder: responder)
        return self
    }

    @discardableResult func add(middleware: any MiddlewareProtocol<Request, Response, Context>) -> Self {
        router.add(middleware: middleware)
        return self
    }
}
