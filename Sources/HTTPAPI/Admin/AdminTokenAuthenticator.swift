import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdAuth

/// `Authorization: Bearer <CLINICLEDGER_ADMIN_TOKEN>` → the administrator. With no token
/// configured the admin API is closed (403); a missing or wrong token finds no one and
/// `AdminRequestContext` answers 401.
struct AdminTokenAuthenticator: AuthenticatorMiddleware {
    typealias Context = APIRequestContext
    let token: String?

    func authenticate(request: Request, context: Context) async throws -> CallerIdentity? {
        guard let token, !token.isEmpty else { throw AdminError.disabled }
        let sent = request.headers[.authorization] ?? ""
        // The scheme is case-insensitive (RFC 7235); compare digests so the comparison takes the
        // same time whatever the input.
        guard sent.prefix(7).lowercased() == "bearer ",
              SHA256.hash(data: Data(sent.dropFirst(7).utf8)) == SHA256.hash(data: Data(token.utf8)) else { return nil }
        return .administrator
    }
}
