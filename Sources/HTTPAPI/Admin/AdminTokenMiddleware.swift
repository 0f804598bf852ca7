import Crypto
import Foundation
import HTTPTypes
import Hummingbird

/// `Authorization: Bearer <CLINICLEDGER_ADMIN_TOKEN>` for the admin API; with no token
/// configured the admin API is closed.
struct AdminTokenMiddleware: RouterMiddleware {
    typealias Context = APIRequestContext
    let token: String?

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let token, !token.isEmpty else {
            throw APIError(.forbidden, type: "authentication_error", code: "admin_disabled",
                           message: "the admin API is disabled: set CLINICLEDGER_ADMIN_TOKEN on the server")
        }
        let sent = request.headers[.authorization] ?? ""
        // The scheme is case-insensitive (RFC 7235); compare digests so the comparison takes the
        // same time whatever the input.
        guard sent.prefix(7).lowercased() == "bearer ",
              SHA256.hash(data: Data(sent.dropFirst(7).utf8)) == SHA256.hash(data: Data(token.utf8)) else {
            throw APIError(.unauthorized, type: "authentication_error", code: "invalid_admin_token",
                           message: "send the admin token as Authorization: Bearer <token>")
        }
        return try await next(request, context)
    }
}
