import Foundation
import HTTPAPI
import Testing

/// schemas/openapi.yaml must describe exactly the routes the server registers: the routes are
/// read from the router `makeRouter` builds over a running system's services (every dialect's
/// `register`, recorded as Hummingbird receives them), the OpenAPI paths with a line scanner.
@Suite("OpenAPI document lists exactly the served routes")
struct OpenAPIRoutesContractTests {
    struct Route: Hashable, CustomStringConvertible {
        var method: String
        var path: String
        var description: String { "\(method) \(path)" }
    }

    static let openAPI = URL(fileURLWithPath: #filePath).deletingLastPathComponent().resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("schemas/openapi.yaml")

    /// The routes of the router `serve` runs, built over a running stack's services.
    static func servedRoutes() async throws -> [Route] {
        try await withStack { stack in
            makeRouter(stack.runtime.services).routes.all.map { Route(method: $0.method, path: $0.path) }
        }
    }

    /// Path items directly under `paths:` (two-space indent) and their operations (four-space indent).
    static func documentedRoutes() throws -> [Route] {
        let methods: Set<String> = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]
        var routes: [Route] = []
        var inPaths = false
        var current: String?
        for line in try String(contentsOf: openAPI, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false) {
            if !line.hasPrefix(" ") && !line.isEmpty { inPaths = line.hasPrefix("paths:"); current = nil; continue }
            guard inPaths else { continue }
            if line.hasPrefix("  /"), line.hasSuffix(":"), !line.hasPrefix("   ") {
                current = String(line.dropFirst(2).dropLast())
            } else if let path = current, line.hasPrefix("    "), !line.hasPrefix("     "), line.hasSuffix(":") {
                let key = line.trimmingCharacters(in: .whitespaces).dropLast()
                if methods.contains(String(key)) { routes.append(Route(method: key.uppercased(), path: path)) }
            }
        }
        return routes
    }

    @Test("the router registers the routes, each once")
    func routeTableReadable() async throws {
        let served = try await Self.servedRoutes()
        #expect(served.count == Set(served).count, "a route is registered twice")
        #expect(served.count >= 10)
        #expect(served.contains(Route(method: "POST", path: "/v1/patients/batch")))
    }

    @Test("same methods and paths, no more, no fewer")
    func sameRoutes() async throws {
        let served = Set(try await Self.servedRoutes())
        let documented = try Self.documentedRoutes()
        #expect(documented.count == Set(documented).count, "a route is documented twice")
        let doc = Set(documented)
        #expect(served.subtracting(doc).isEmpty, "served but not documented: \(served.subtracting(doc).map(\.description).sorted())")
        #expect(doc.subtracting(served).isEmpty, "documented but not served: \(doc.subtracting(served).map(\.description).sorted())")
    }

    /// The text of one operation (`post:` under `/v1/patients/batch:`), up to the next operation or path.
    static func operationBlock(_ route: Route, in text: String) -> Substring? {
        guard let start = text.range(of: "\n  \(route.path):\n") else { return nil }
        let rest = text[start.upperBound...]
        let pathBlock = rest[..<(rest.range(of: "\n  /")?.lowerBound ?? rest.endIndex)]
        guard let op = pathBlock.range(of: "    \(route.method.lowercased()):\n") else { return nil }
        return pathBlock[op.upperBound...]
    }

    @Test("every route documents the input-limit answers it can give: 400 everywhere, 413 and 415 with a body")
    func limitStatuses() async throws {
        let text = try String(contentsOf: Self.openAPI, encoding: .utf8)
        for route in try await Self.servedRoutes() {
            guard let block = Self.operationBlock(route, in: text) else { Issue.record("\(route) not found"); continue }
            #expect(block.contains("'400':"), "\(route) lacks 400")
            if block.contains("requestBody:") {
                // SPRY answers an unusable body with 400, as SPRY does; the other dialects with 422.
                let unusableBody = route.path.hasPrefix("/apis/") ? "'400':" : "'422':"
                #expect(block.contains("'413':") && block.contains("'415':") && block.contains(unusableBody), "\(route) lacks 413/415/\(unusableBody)")
            }
        }
    }

    @Test("every POST documents Idempotency-Key or says why it does not")
    func idempotencyKeyOnPosts() async throws {
        let text = try String(contentsOf: Self.openAPI, encoding: .utf8)
        for route in try await Self.servedRoutes() where route.method == "POST" {
            guard let start = text.range(of: "\n  \(route.path):\n") else { Issue.record("\(route) not found"); continue }
            let rest = text[start.upperBound...]
            let block = rest[..<(rest.range(of: "\n  /")?.lowerBound ?? rest.endIndex)]
            #expect(block.contains("IdempotencyKey") || block.contains("Idempotency-Key` is not honoured"), "\(route)")
        }
    }
}
