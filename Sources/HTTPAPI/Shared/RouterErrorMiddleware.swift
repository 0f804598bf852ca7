import HTTPTypes
import Hummingbird
import Logging

/// What the router itself produces, in the envelope of the dialect that owns the path: no route
/// at the path (404), a served path asked with a method it does not serve (405 with `Allow`, RFC
/// 9110 §15.5.6, not Hummingbird's 404), another error of Hummingbird's own, and anything
/// unexpected (500, without internals). A dialect's own errors render themselves
/// (`HTTPResponseError`) and pass through.
struct RouterErrorMiddleware: RouterMiddleware {
    typealias Context = APIRequestContext
    let dialects: DialectTable
    let routes: RegisteredRoutes

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError {
            let failure = dialects.failure(at: request.uri.path)
            guard error.status == .notFound else { throw failure.init(.framework(error)) }
            let allowed = routes.methods(at: request.uri.path)
            guard !allowed.isEmpty, !allowed.contains(request.method.rawValue) else { throw failure.init(.routeNotFound) }
            throw failure.init(.methodNotAllowed(method: request.method.rawValue, allowed: allowed))
        } catch let error as any HTTPResponseError {
            throw error
        } catch {
            context.logger.error("unhandled error", metadata: ["error": "\(type(of: error))"])
            throw dialects.failure(at: request.uri.path).init(.internalError)
        }
    }
}
