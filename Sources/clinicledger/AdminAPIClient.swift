import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// The HTTP client of the admin API (`/admin/v1`) that `clinicledger org` uses, on a running server
/// (CLINICLEDGER_URL, CLINICLEDGER_ADMIN_TOKEN). Not EventLog's `AdminClient`, which is Kafka's admin.
struct AdminAPIClient {
    let baseURL: String
    let token: String

    static func fromEnvironment() throws -> AdminAPIClient {
        let env = ProcessInfo.processInfo.environment
        guard let token = env["CLINICLEDGER_ADMIN_TOKEN"], !token.isEmpty else { throw CLIError("CLINICLEDGER_ADMIN_TOKEN is not set") }
        let url = env["CLINICLEDGER_URL"].flatMap { $0.isEmpty ? nil : $0 } ?? "http://127.0.0.1:8080"
        return AdminAPIClient(baseURL: url.hasSuffix("/") ? String(url.dropLast()) : url, token: token)
    }

    /// Sends JSON, returns the response body; a non-2xx answer becomes an error carrying the server's envelope.
    func send(_ method: HTTPMethod, _ path: String, json: Data) async throws -> Data {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = method
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(bytes: json))
        let response: HTTPClientResponse
        do { response = try await HTTPClient.shared.execute(request, timeout: .seconds(60)) } catch {
            throw CLIError("cannot reach \(baseURL): \(error)")
        }
        let body = Data(buffer: try await response.body.collect(upTo: 16 << 20))
        guard (200..<300).contains(Int(response.status.code)) else {
            throw AdminAPIError(request: "\(method) \(path)", status: response.status.code, body: body)
        }
        return body
    }
}

/// A non-2xx answer of the admin API, with the server's body, so a command can read the refusal
/// (`org apply` points at the file's line); printed whole otherwise.
struct AdminAPIError: Error, CustomStringConvertible {
    let request: String
    let status: UInt
    let body: Data

    var description: String { "\(request) answered \(status): \(String(decoding: body, as: UTF8.self))" }

    /// The message and the field it names, when the body is the admin API's envelope
    /// (`{"detail": {"type", "code", "message", "param"}}`, see `AdminError`).
    var refusal: (message: String, field: String?)? {
        guard let envelope = try? JSONSerialization.jsonObject(with: body) as? [String: Any],
              let detail = envelope["detail"] as? [String: Any], let message = detail["message"] as? String else { return nil }
        return (message, detail["param"] as? String)
    }
}
