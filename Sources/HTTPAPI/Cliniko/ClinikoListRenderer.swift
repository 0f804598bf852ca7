import Domain
import Foundation
import HTTPTypes
import Hummingbird
import ReadModels

/// Absolute URLs to Cliniko resources, from the request's `Host` and `X-Forwarded-Proto` (http
/// when absent or not http/https): Cliniko's `links` are absolute, and behind a proxy the Host
/// the client used is the one it can follow.
struct ClinikoLinks: Sendable {
    /// `http://host:port`, no trailing slash.
    let base: String

    init(_ request: Request) {
        let forwarded = request.headers[.forwardedProto]?.split(separator: ",").first?.trimmingCharacters(in: .whitespaces).lowercased()
        let scheme = forwarded == "https" ? "https" : "http"
        let host = request.head.authority ?? "localhost"
        base = "\(scheme)://\(host)"
    }

    init(base: String) { self.base = base }

    /// `base` + a path such as `/v1/businesses/123`.
    func url(_ path: String) -> String { base + path }
}

/// A Cliniko list answer: `{"<resource>": […], "total_entries": N, "links": {self, next, previous}}`,
/// `next` only when a later page has rows and `previous` only after the first page. Each link is
/// the request's own URL with `page` set and every other parameter kept as the client sent it.
enum ClinikoListRenderer {
    static func render(_ key: String, items: [JSONValue], total: Int, query: ClinikoListQuery, request: Request) -> Response {
        JSONResponse.make(.object([
            (key, .array(items)),
            ("total_entries", .int(total)),
            ("links", links(total: total, page: query.page, perPage: query.perPage, path: request.uri.path, rawQuery: request.uri.query,
                            base: ClinikoLinks(request))),
        ]))
    }

    static func links(total: Int, page: Int, perPage: Int, path: String, rawQuery: String?, base: ClinikoLinks) -> JSONValue {
        // Other parameters stay as sent (still percent-encoded); only `page` is replaced.
        let kept = (rawQuery ?? "").split(separator: "&").filter { item in
            let name = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)[0]
            return (String(name).removingPercentEncoding ?? String(name)) != "page"
        }
        func link(_ n: Int) -> JSONValue { .string(base.url(path + "?" + (kept + ["page=\(n)"]).joined(separator: "&"))) }
        var fields: [(String, JSONValue)] = [("self", link(page))]
        if page * perPage < total { fields.append(("next", link(page + 1))) }
        if page > 1 { fields.append(("previous", link(page - 1))) }
        return .object(fields)
    }
}
