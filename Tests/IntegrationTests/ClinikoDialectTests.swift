import Foundation
@testable import HTTPAPI
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// Cliniko's reference routes through the served router: Basic auth, the envelope, filters, sort,
/// paging links, ids, tenant isolation and the rate-limit headers.
@Suite("Cliniko dialect over HTTP", .serialized)
struct ClinikoDialectTests {
    // Test URLs spell `q[]` as `q%5B%5D`: given raw brackets, the client's URL parser re-encodes
    // the whole query, `%` included. Clients that send raw brackets are read the same (the name is
    // decoded): the ids filter below sends them raw.
    static func basic(_ key: String, password: String = "") -> [String: String] {
        ["Authorization": "Basic " + Data("\(key):\(password)".utf8).base64EncodedString()]
    }

    /// `{"message": …}` and nothing else, or nil.
    static func message(_ reply: TestStack.Reply) -> String? {
        guard reply.json.count == 1 else { return nil }
        return reply.json["message"] as? String
    }

    static func hasRateHeaders(_ reply: TestStack.Reply) -> Bool {
        reply.header("X-RateLimit-Limit") == "200" && reply.header("X-RateLimit-Remaining").flatMap(Int.init) != nil
            && reply.header("X-RateLimit-Reset").flatMap(Int64.init) != nil
    }

    /// An organization with three businesses, two practitioners and three appointment types.
    static func clinic(_ stack: TestStack) async throws -> (org: TestStack.Organization, ids: [String: String]) {
        let org = try await stack.organization()
        let hours = ["monday": ["08:00-17:00"]]
        let applied = try await stack.request(.PUT, "/admin/v1/organizations/\(org.id)/reference-data", admin: true, json: [
            "locations": [["name": "Main", "timezone": "America/New_York"], ["name": "Annex"], ["name": "Riverside", "address": "1 River Rd"]],
            "practitioners": [["name": "Dr. Ada Park", "email": "ada@example.com", "locations": ["Main"], "working_hours": hours],
                              ["name": "Bo Chen", "email": "bo@example.com", "locations": ["Main"], "working_hours": hours]],
            "appointment_types": [["name": "Initial Evaluation", "duration_minutes": 60, "max_attendees": 1],
                                  ["name": "Group Pilates", "duration_minutes": 45, "max_attendees": 8, "category": "Classes"],
                                  ["name": "Re-evaluation", "duration_minutes": 30, "max_attendees": 1]],
        ])
        guard applied.status == 200 else { throw TestFailure("reference data: \(applied.status) \(String(decoding: applied.body, as: UTF8.self))") }
        var ids: [String: String] = [:]
        for list in ["locations", "practitioners", "appointment_types"] {
            for entry in applied.json[list] as? [[String: Any]] ?? [] {
                if let name = entry["name"] as? String, let id = (entry["id"] as? String).flatMap(UUID.init(uuidString:)) {
                    ids[name] = ClinikoIds.text(id)
                }
            }
        }
        return (org, ids)
    }

    @Test("401 without or with a wrong key, in Cliniko's envelope with WWW-Authenticate and the rate-limit headers")
    func unauthorized() async throws {
        try await withStack { stack in
            let org = try await stack.organization()
            for headers in [[:], Self.basic("ck_wrong"), ["Authorization": "Bearer \(org.apiKey)"], ["X-API-Key": org.apiKey],
                            ["Authorization": org.apiKey]] {
                let reply = try await stack.request(.GET, "/v1/businesses", headers: headers)
                #expect(reply.status == 401, "\(headers)")
                #expect(Self.message(reply) != nil, "\(headers): \(String(decoding: reply.body, as: UTF8.self))")
                #expect(reply.header("WWW-Authenticate") == "Basic realm=\"ClinicLedger\"")
                #expect(Self.hasRateHeaders(reply))
            }
            for headers in [Self.basic(org.apiKey), Self.basic(org.apiKey, password: "ignored"), Self.basic(org.apiKey + "-au1")] {
                let reply = try await stack.request(.GET, "/v1/businesses", headers: headers)
                #expect(reply.status == 200, "\(headers)")
                #expect(Self.hasRateHeaders(reply))
            }
            // Cliniko's prefixes do not take the other dialects' credentials, nor they Cliniko's.
            #expect(try await stack.request(.GET, "/v1/patients", headers: Self.basic(org.apiKey)).status == 401)
            let heim = try await stack.request(.GET, "/v1/appointments", headers: Self.basic(org.apiKey))
            #expect(heim.status == 401 && heim.header("X-RateLimit-Limit") == nil, "Heim's path, Heim's answer")
        }
    }

    @Test("businesses, practitioners, appointment types: list with filters, sort and paging links; get by id")
    func referenceRoutes() async throws {
        try await withStack { stack in
            let (org, ids) = try await Self.clinic(stack)
            let key = Self.basic(org.apiKey)

            let all = try await stack.request(.GET, "/v1/businesses", headers: key)
            #expect(all.status == 200)
            #expect(all.json["total_entries"] as? Int == 3)
            let businesses = all.json["businesses"] as? [[String: Any]] ?? []
            // Main and Annex share a created_at (one event): their order is their ids'; Riverside came later.
            #expect(Set(businesses.prefix(2).map { $0["business_name"] as? String }) == ["Main", "Annex"])
            #expect(businesses.last?["business_name"] as? String == "Riverside", "created_at, then id")
            let riverside = businesses.last ?? [:]
            #expect(riverside["id"] as? String == ids["Riverside"])
            #expect(riverside["address_1"] as? String == "1 River Rd")
            #expect(riverside.keys.contains("archived_at") && riverside["archived_at"] is NSNull)
            #expect((riverside["links"] as? [String: Any])?["self"] as? String == "http://127.0.0.1:\(stack.port)/v1/businesses/\(ids["Riverside"]!)")
            #expect((all.json["links"] as? [String: Any])?.keys.sorted() == ["self"])

            let sorted = try await stack.request(.GET, "/v1/businesses?sort=business_name:desc&per_page=2", headers: key)
            #expect((sorted.json["businesses"] as? [[String: Any]])?.map { $0["business_name"] as? String } == ["Riverside", "Main"])
            let links = sorted.json["links"] as? [String: String] ?? [:]
            #expect(links["self"] == "http://127.0.0.1:\(stack.port)/v1/businesses?sort=business_name:desc&per_page=2&page=1")
            #expect(links["next"] == "http://127.0.0.1:\(stack.port)/v1/businesses?sort=business_name:desc&per_page=2&page=2")
            #expect(links["previous"] == nil)
            let second = try await stack.request(.GET, "/v1/businesses?sort=business_name:desc&per_page=2&page=2",
                                                 headers: key.merging(["X-Forwarded-Proto": "https"]) { $1 })
            #expect((second.json["businesses"] as? [[String: Any]])?.map { $0["business_name"] as? String } == ["Annex"])
            let secondLinks = second.json["links"] as? [String: String] ?? [:]
            #expect(secondLinks["next"] == nil && secondLinks["previous"]?.hasPrefix("https://127.0.0.1:\(stack.port)/v1/businesses?") == true)

            let named = try await stack.request(.GET, "/v1/businesses?q%5B%5D=business_name:~river&q%5B%5D=created_at:%3E2000-01-01", headers: key)
            #expect((named.json["businesses"] as? [[String: Any]])?.map { $0["id"] as? String } == [ids["Riverside"]])
            let byIds = try await stack.request(.GET, "/v1/businesses?q[]=id:=\(ids["Main"]!),\(ids["Annex"]!)&q[]=archived_at:*", headers: key)
            #expect(byIds.json["total_entries"] as? Int == 2)
            let archived = try await stack.request(.GET, "/v1/businesses?q%5B%5D=archived_at:?", headers: key)
            #expect(archived.json["total_entries"] as? Int == 0, "nothing is archived")

            let one = try await stack.request(.GET, "/v1/businesses/\(ids["Main"]!)", headers: key)
            #expect(one.status == 200 && one.json["business_name"] as? String == "Main" && one.json["time_zone_identifier"] as? String == "America/New_York")

            let practitioners = try await stack.request(.GET, "/v1/practitioners?q%5B%5D=display_name:~~%25park", headers: key)
            let ada = (practitioners.json["practitioners"] as? [[String: Any]])?.first ?? [:]
            #expect(practitioners.json["total_entries"] as? Int == 1)
            #expect(ada["title"] as? String == "Dr." && ada["first_name"] as? String == "Ada" && ada["last_name"] as? String == "Park")
            #expect(ada["display_name"] as? String == "Dr. Ada Park" && ada["active"] as? Bool == true)
            let bo = try await stack.request(.GET, "/v1/practitioners/\(ids["Bo Chen"]!)", headers: key)
            #expect(bo.status == 200 && bo.json["first_name"] as? String == "Bo" && bo.json["title"] is NSNull)

            let types = try await stack.request(.GET, "/v1/appointment_types?q%5B%5D=name:~EVAL&sort=name", headers: key)
            #expect((types.json["appointment_types"] as? [[String: Any]])?.map { $0["name"] as? String } == ["Initial Evaluation", "Re-evaluation"])
            let pilates = try await stack.request(.GET, "/v1/appointment_types/\(ids["Group Pilates"]!)", headers: key)
            #expect(pilates.json["duration_in_minutes"] as? Int == 45 && pilates.json["max_attendees"] as? Int == 8)
            #expect(pilates.json["category"] as? String == "Classes")
            let ascending = try await stack.request(.GET, "/v1/appointment_types", headers: key)
            let recent = try await stack.request(.GET, "/v1/appointment_types?q%5B%5D=updated_at:%3E%3D2000-01-01T00:00:00%2B02:00&order=desc", headers: key)
            let names = { (reply: TestStack.Reply) in (reply.json["appointment_types"] as? [[String: Any]])?.compactMap { $0["name"] as? String } ?? [] }
            #expect(names(recent).count == 3 && names(recent) == names(ascending).reversed(), "order=desc turns the default sort, ties too")
        }
    }

    @Test("400 naming the filter or parameter, 404 for another organization's id or a malformed one, router errors in the envelope")
    func refusals() async throws {
        try await withStack { stack in
            let (org, _) = try await Self.clinic(stack)
            let (other, otherIds) = try await Self.clinic(stack)
            let key = Self.basic(org.apiKey)
            let bad = try await stack.request(.GET, "/v1/businesses?q%5B%5D=created_at:%3E%3Dtomorrow", headers: key)
            #expect(bad.status == 400)
            #expect(Self.message(bad) == "Invalid filter q[]=created_at:>=tomorrow: created_at takes a date-time (RFC 3339) or a date (YYYY-MM-DD)")
            #expect(Self.hasRateHeaders(bad))
            for (query, needle) in [("q%5B%5D=colour:=red", "q[]=colour:=red"), ("per_page=500", "per_page"), ("sort=email", "sort"), ("page=0", "page")] {
                let reply = try await stack.request(.GET, "/v1/practitioners?\(query)", headers: key)
                #expect(reply.status == 400 && Self.message(reply)?.contains(needle) == true, "\(query)")
            }

            // Another organization's practitioner is not found with this key, and is with its own.
            let foreign = try await stack.request(.GET, "/v1/practitioners/\(otherIds["Bo Chen"]!)", headers: key)
            #expect(foreign.status == 404 && Self.message(foreign) == "Practitioner not found")
            #expect(try await stack.request(.GET, "/v1/practitioners/\(otherIds["Bo Chen"]!)", headers: Self.basic(other.apiKey)).status == 200)
            let foreignList = try await stack.request(.GET, "/v1/businesses?q%5B%5D=id:=\(otherIds["Main"]!)", headers: key)
            #expect(foreignList.json["total_entries"] as? Int == 0)
            for id in ["abc", "0", "-1", "9223372036854775808", "1.5"] {
                let reply = try await stack.request(.GET, "/v1/appointment_types/\(id)", headers: key)
                #expect(reply.status == 404 && Self.message(reply) == "Appointment type not found", "\(id)")
            }

            let noRoute = try await stack.request(.GET, "/v1/businesses/1/nothing", headers: key)
            #expect(noRoute.status == 404 && Self.message(noRoute) == "Not found" && Self.hasRateHeaders(noRoute))
            let method = try await stack.request(.DELETE, "/v1/businesses", headers: key)
            #expect(method.status == 405 && method.header("Allow") == "GET" && Self.message(method) != nil && Self.hasRateHeaders(method))
            let screened = try await stack.request(.GET, "/v1/businesses?sort=a%01b", headers: key)
            #expect(screened.status == 400 && Self.message(screened)?.contains("sort") == true)
        }
    }

    @Test("the 201st request of a minute is 429 with Retry-After, in the envelope; the limit is configurable")
    func rateLimited() async throws {
        try await withStack { stack in
            let org = try await stack.organization()
            var services = stack.runtime.services
            services.clinikoRequestsPerMinute = 3
            let router = makeRouter(services)
            let basic = "Basic " + Data("\(org.apiKey):".utf8).base64EncodedString()
            // The served limiter reads the real clock (the limiter's own test moves a fake one):
            // start well inside a minute, so the four requests share one window.
            let second = Date().timeIntervalSince1970.truncatingRemainder(dividingBy: 60)
            if second > 55 { try await Task.sleep(for: .seconds(61 - second)) }
            try await Application(router: router.router).test(.router) { client in
                var remaining: [String] = []
                for _ in 0..<3 {
                    try await client.execute(uri: "/v1/businesses", method: .get, headers: [.authorization: basic]) { response in
                        #expect(response.status == .ok)
                        remaining.append(response.headers[.rateLimitRemaining] ?? "")
                    }
                }
                #expect(remaining == ["2", "1", "0"])
                try await client.execute(uri: "/v1/businesses", method: .get, headers: [.authorization: basic]) { response in
                    #expect(response.status == .tooManyRequests)
                    #expect(response.headers[.rateLimitLimit] == "3" && response.headers[.rateLimitRemaining] == "0")
                    #expect(response.headers[.retryAfter].flatMap(Int.init).map { (1...60).contains($0) } == true)
                    let json = try? JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any]
                    #expect((json?["message"] as? String)?.hasPrefix("Too many requests") == true)
                }
                // Another dialect's paths are not counted.
                try await client.execute(uri: "/v1/patients", method: .get, headers: [.apiKey: org.apiKey]) { response in
                    #expect(response.status == .ok && response.headers[.rateLimitLimit] == nil)
                }
            }
        }
    }
}
