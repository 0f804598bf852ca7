import HTTPTypes
import Hummingbird
import Logging

/// Every failure leaves in the error envelope: APIErrors as they are, Hummingbird's own
/// (unknown route) translated, anything else a 500 without internals. A known path asked with a
/// method it does not serve is 405 with `Allow` (RFC 9110 §15.5.6), not Hummingbird's 404.
struct ErrorEnvelopeMiddleware: RouterMiddleware {
    typealias Context = APIRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            return JSONResponse.error(error)
        } catch let error as HTTPError where error.status == .notFound {
            let allowed = APIRoutes.methods(at: request.uri.path)
            guard !allowed.isEmpty, !allowed.contains(request.method.rawValue) else {
                return JSONResponse.error(APIError(.notFound, type: "not_found_error", code: "not_found",
                                                   message: error.body ?? error.status.reasonPhrase))
            }
            let list = allowed.joined(separator: ", ")
            return JSONResponse.error(APIError(.methodNotAllowed, type: "invalid_request_error", code: "method_not_allowed",
                                               message: "\(request.method.rawValue) is not served at this path; it allows \(list)"),
                                      headers: [.allow: list])
        } catch let error as HTTPError {
            return JSONResponse.error(APIError(error.status, type: "invalid_request_error", code: "http_\(error.status.code)",
                                               message: error.body ?? error.status.reasonPhrase))
        } catch {
            context.logger.error("unhandled error", metadata: ["error": "\(type(of: error))"])
            return JSONResponse.error(APIError(.internalServerError, type: "api_error", code: "internal_error",
                                               message: "the server failed to handle this request"))
        }
    }
}
