import Foundation
@testable import HTTPAPI
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// Heim's paths sit inside Solum's `/v1`: each must answer in its own envelope and take only its
/// own credential.
@Suite("Heim dialect over HTTP")
struct HeimDialectTests {
    /// `{"error": {code, message, field}}` and nothing else, or nil when the body is not that shape.
    static func heimError(_ body: Data) -> [String: Any]? {
        guard let json = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any], json.count == 1,
              let error = json["error"] as? [String: Any], Set(error.keys) == ["code", "message", "field"] else { return nil }
        return error
    }

    static func solumCode(_ body: Data) -> String? {
        guard let json = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] else { return nil }
        return (json["detail"] as? [String: Any])?["code"] as? String
    }

    @Test("the served router: Heim's prefixes answer in Heim's envelope, Solum's paths in Solum's")
    func servedRouter() async throws {
        try await withStack { stack in
            let org = try await stack.organization()
            for (path, status, code) in [("/v1/appointments/apt_x", 404, "not_found"), ("/v1/availability", 400, "missing_parameter")] {
                let bare = try await stack.request(.GET, path)
                #expect(bare.status == 401, "\(path)")
                #expect(Self.heimError(bare.body)?["code"] as? String == "missing_api_key", "\(path)")
                let keyed = try await stack.request(.GET, path, headers: ["Authorization": "bearer \(org.apiKey)"])
                #expect(keyed.status == status, "\(path)")
                #expect(Self.heimError(keyed.body)?["code"] as? String == code, "\(path)")
            }
            let unknown = try await stack.request(.GET, "/v1/appointments/apt_x/nothing", headers: ["Authorization": org.apiKey])
            #expect(unknown.status == 404 && Self.heimError(unknown.body)?["code"] as? String == "not_found")
            // The request screen's 400 under Heim's prefix is Heim's.
            let screened = try await stack.request(.GET, "/v1/appointments?filter=a%01b")
            #expect(screened.status == 400)
            #expect(Self.heimError(screened.body)?["code"] as? String == "invalid_character")
            #expect(Self.heimError(screened.body)?["field"] as? String == "filter")

            // Prefixes are matched segment by segment: this is Solum's /v1.
            let lookalike = try await stack.request(.GET, "/v1/appointmentsx")
            #expect(lookalike.status == 404)
            #expect(Self.solumCode(lookalike.body) == "not_found")

            // Solum's routes still take X-API-Key, refuse in Solum's envelope, and ignore Heim's header.
            #expect(try await stack.request(.GET, "/v1/patients", apiKey: org.apiKey).status == 200)
            let noKey = try await stack.request(.GET, "/v1/patients")
            #expect(noKey.status == 401)
            #expect(noKey.errorCode == "missing_api_key")
            let heimKey = try await stack.request(.GET, "/v1/patients", headers: ["Authorization": org.apiKey])
            #expect(heimKey.status == 401)
            #expect(heimKey.errorCode == "missing_api_key")
            let missing = try await stack.request(.GET, "/v1/nothing-here")
            #expect(Self.solumCode(missing.body) == "not_found")
        }
    }

    /// A probe on Heim's real group (authenticator and context) beside the real routes, through the
    /// same error middleware: it echoes the caller and the id the context read.
    @Test("on a Heim route: Authorization with or without Bearer, 401s in Heim's envelope, X-API-Key not taken")
    func probeRoute() async throws {
        try await withStack { stack in
            let org = try await stack.organization()
            let services = stack.runtime.services
            let heim = HeimDialect(services: services)
            let dialects: [any Dialect] = [SolumDialect(services: services), heim]
            let routes = RegisteredRoutes()
            let router = RecordingRouter(Router(context: APIRequestContext.self), routes: routes)
            router.add(middleware: RouterErrorMiddleware(dialects: DialectTable(dialects, fallback: SolumError.self), routes: routes))
            for dialect in dialects { dialect.register(on: router) }
            heim.group(on: router).get("/appointments/{id}/probe") { _, context in
                "\(context.caller.organizationId.lowercased) \(try context.id("id", .appointment).lowercased)"
            }
            let appointment = UUID()
            let path = "/v1/appointments/\(HeimIds.string(appointment, .appointment))/probe"

            try await Application(router: router.router).test(.router) { client in
                for header in [org.apiKey, "Bearer \(org.apiKey)", "bearer \(org.apiKey)", "BEARER \(org.apiKey)"] {
                    try await client.execute(uri: path, method: .get, headers: [.authorization: header]) { response in
                        #expect(response.status == .ok, "\(header)")
                        #expect(String(buffer: response.body) == "\(org.id) \(appointment.lowercased)")
                    }
                }
                try await client.execute(uri: path, method: .get) { response in
                    #expect(response.status == .unauthorized)
                    let error = Self.heimError(Data(response.body.readableBytesView))
                    #expect(error?["code"] as? String == "missing_api_key")
                    #expect((error?["message"] as? String)?.contains("Authorization header") == true)
                }
                try await client.execute(uri: path, method: .get, headers: [.apiKey: org.apiKey]) { response in
                    #expect(response.status == .unauthorized, "Solum's header is not Heim's credential")
                    #expect(Self.heimError(Data(response.body.readableBytesView))?["code"] as? String == "missing_api_key")
                }
                try await client.execute(uri: path, method: .get, headers: [.authorization: "ck_not_a_key"]) { response in
                    #expect(response.status == .unauthorized)
                    #expect(Self.heimError(Data(response.body.readableBytesView))?["code"] as? String == "invalid_api_key")
                }
                try await client.execute(uri: "/v1/appointments/p_\(appointment.lowercased)/probe", method: .get,
                                         headers: [.authorization: org.apiKey]) { response in
                    #expect(response.status == .notFound, "another kind's id names no appointment")
                    #expect(Self.heimError(Data(response.body.readableBytesView))?["message"] as? String == "appointment not found")
                }
                try await client.execute(uri: path, method: .delete, headers: [.authorization: org.apiKey]) { response in
                    #expect(response.status == .methodNotAllowed)
                    #expect(response.headers[.allow] == "GET")
                    #expect(Self.heimError(Data(response.body.readableBytesView))?["code"] as? String == "method_not_allowed")
                }
                // Heim's authenticator does not wrap Solum's routes either.
                try await client.execute(uri: "/v1/patients", method: .get, headers: [.authorization: org.apiKey]) { response in
                    #expect(response.status == .unauthorized)
                    #expect(Self.solumCode(Data(response.body.readableBytesView)) == "missing_api_key")
                }
                try await client.execute(uri: "/v1/patients", method: .get, headers: [.apiKey: org.apiKey]) { response in
                    #expect(response.status == .ok)
                }
            }
        }
    }
}
