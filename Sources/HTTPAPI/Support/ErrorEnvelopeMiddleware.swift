import HTTPTypes
import Hummingbird
import Logging

/// Every failure leaves in the error envelope: APIErrors as they are, Hummingbird's own
/// (unknown route, bad method) translated, anything else a 500 without internals.
struct ErrorEnvelopeMiddleware: RouterMiddleware {
    typealias Context = APIRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            return JSONResponse.error(error)
        } catch let error as HTTPError {
            let type = error.status == .notFound ? "not_found_error" : "invalid_request_error"
            return JSONResponse.error(APIError(error.status, type: type, code: error.status.code == 404 ? "not_found" : "http_\(error.status.code)",
                                               message: error.body ?? error.status.reasonPhrase))
        } catch {
            context.logger.error("unhandled error", metadata: ["error": "\(type(of: error))"])
            return JSONResponse.error(APIError(.internalServerError, type: "api_error", code: "internal_error",
                                               message: "the server failed to handle this request"))
        }
    }
}
