import Domain
import Foundation
@testable import HTTPAPI
import HTTPTypes
import Hummingbird
import PostgresNIO
import ReadModels
import Testing

/// Cliniko's list query language read into a `ListQuery`, and what it refuses, without a server.
@Suite("Cliniko list query")
struct ClinikoListQueryTests {
    /// One field of every kind, and an archivable resource.
    static let schema = ListSchema(table: "things", columns: [
        "id": ListColumn("cliniko_id(things.id)", .int64, sortable: true),
        "created_at": ListColumn("things.created_at", .dateTime, sortable: true),
        "archived_at": ListColumn("things.archived_at", .dateTime),
        "name": ListColumn("things.name", .string, sortable: true),
        "patient_ids": ListColumn("things.patient_numbers", .int64Array),
    ], defaultSort: ListSort("created_at"), archivedField: "archived_at")

    static func condition(_ text: String) throws(ClinikoError) -> ListCondition {
        try ClinikoListQuery.condition(text, schema: schema)
    }

    /// The 400 a filter gets, or nil when it is accepted.
    static func refusal(_ text: String) -> String? {
        do { _ = try condition(text); return nil } catch { return error.status == .badRequest ? error.message : "status \(error.status)" }
    }

    static func query(_ pairs: [(String, String)]) throws(ClinikoError) -> ClinikoListQuery {
        try ClinikoListQuery(Parameters(pairs.map { (key: Substring($0.0), value: Substring($0.1)) }), schema: schema)
    }

    @Test("date-time fields: = >= > <= < ? !? *, RFC 3339 with offsets or a bare date")
    func dateTimes() throws {
        let at = RFC3339.parse("2026-12-01T09:00:00Z")!
        for (symbol, op) in [("=", ListOperator.equal), (">=", .greaterOrEqual), (">", .greater), ("<=", .lessOrEqual), ("<", .less)] {
            #expect(try Self.condition("created_at:\(symbol)2026-12-01T09:00:00Z") == ListCondition(field: "created_at", op: op, value: .time(at)))
        }
        #expect(try Self.condition("created_at:>2026-12-01T11:00:00+02:00").value == .time(at))
        #expect(try Self.condition("created_at:<2026-12-01").value == .day(CalendarDate(iso: "2026-12-01")!))
        #expect(try Self.condition("created_at:?") == ListCondition(field: "created_at", op: .present, value: .none))
        #expect(try Self.condition("archived_at:!?") == ListCondition(field: "archived_at", op: .absent, value: .none))
        #expect(try Self.condition("archived_at:*") == ListCondition(field: "archived_at", op: .any, value: .none))
        #expect(Self.refusal("created_at:>=tomorrow") == "Invalid filter q[]=created_at:>=tomorrow: created_at takes a date-time (RFC 3339) or a date (YYYY-MM-DD)")
        #expect(Self.refusal("created_at:!=2026-12-01")?.contains("created_at does not take !=") == true)
        #expect(Self.refusal("created_at:~2026")?.contains("does not take ~") == true)
        #expect(Self.refusal("created_at:>")?.contains("no value after >") == true)
        #expect(Self.refusal("created_at:?2026-12-01")?.contains("? takes no value") == true)
        #expect(Self.refusal("created_at:2026-12-01")?.contains("no operator") == true)
    }

    @Test("numeric and id fields: the date-time operators, != and a comma list for =")
    func numbers() throws {
        #expect(try Self.condition("id:=1,2,3") == ListCondition(field: "id", op: .equal, value: .numbers([1, 2, 3])))
        #expect(try Self.condition("id:!=9223372036854775807").value == .numbers([Int64.max]))
        #expect(try Self.condition("id:>=5").op == .greaterOrEqual)
        #expect(try Self.condition("id:?").op == .present)
        for bad in ["id:=0", "id:=-1", "id:=+1", "id:= 1", "id:=1,,2", "id:=9223372036854775808", "id:=12345678901234567890", "id:=x"] {
            #expect(Self.refusal(bad)?.hasPrefix("Invalid filter q[]=\(bad): id takes an id") == true, "\(bad)")
        }
        #expect(Self.refusal("id:>1,2")?.contains("id takes an id") == true, "a list only with =")
        #expect(Self.refusal("id:~1")?.contains("id does not take ~") == true)
    }

    @Test("string fields: = != ~ ~~; arrays: ~ only")
    func stringsAndArrays() throws {
        #expect(try Self.condition("name:=Ann Lee") == ListCondition(field: "name", op: .equal, value: .text("Ann Lee")))
        #expect(try Self.condition("name:!=x").op == .notEqual)
        #expect(try Self.condition("name:~nn").op == .contains)
        #expect(try Self.condition("name:~~A%_e") == ListCondition(field: "name", op: .like, value: .text("A%_e")))
        #expect(try Self.condition("name:=a:b").value == .text("a:b"), "only the first colon separates the field")
        #expect(Self.refusal("name:>a")?.contains("name does not take >; it takes = != ~ ~~") == true)
        #expect(Self.refusal("name:=")?.contains("no value after =") == true)
        #expect(try Self.condition("patient_ids:~42") == ListCondition(field: "patient_ids", op: .contains, value: .numbers([42])))
        #expect(Self.refusal("patient_ids:=42")?.contains("patient_ids does not take =") == true)
        #expect(Self.refusal("patient_ids:~p1")?.contains("patient_ids takes an id") == true)
    }

    @Test("unknown fields and malformed filters are 400s naming the filter")
    func unknown() {
        #expect(Self.refusal("colour:=red")?.hasPrefix("Invalid filter q[]=colour:=red: unknown field colour; filter by one of: archived_at, created_at, id, name, patient_ids") == true)
        #expect(Self.refusal("name")?.contains("field:OPERATORvalue") == true)
        #expect(Self.refusal(":=1")?.contains("unknown field") == true)
    }

    @Test("q[] repeated and ANDed; page, per_page, sort and order")
    func parameters() throws {
        let q = try Self.query([("q[]", "name:~a"), ("q%5B%5D", "id:=1"), ("page", "3"), ("per_page", "20"), ("sort", "name:desc,id")])
        #expect(q.list.conditions.map(\.field) == ["name", "id"])
        #expect((q.page, q.perPage, q.list.offset, q.list.limit) == (3, 20, 40, 20))
        #expect(q.list.sort == [ListSort("name", descending: true), ListSort("id")])
        let defaults = try Self.query([])
        #expect((defaults.page, defaults.perPage, defaults.list.offset) == (1, 50, 0))
        #expect(defaults.list.sort == [ListSort("created_at")])
        #expect(try Self.query([("order", "desc")]).list.sort == [ListSort("created_at", descending: true)])
        #expect(try Self.query([("sort", "name:asc")]).list.sort == [ListSort("name")])
        for (name, value, needle) in [("page", "0", "page"), ("page", "x", "page"), ("per_page", "101", "per_page"), ("per_page", "0", "per_page"),
                                      ("per_page", "-5", "per_page"), ("sort", "colour", "sort"), ("sort", "name:up", "sort"),
                                      ("sort", "archived_at", "sort"), ("sort", "", "sort"), ("order", "down", "order")] {
            do { _ = try Self.query([(name, value)]); Issue.record("\(name)=\(value) accepted") } catch {
                #expect(error.status == .badRequest && error.message.hasPrefix("Invalid parameter \(needle)"), "\(name)=\(value): \(error.message)")
            }
        }
        do { _ = try Self.query((0...InputLimits.queryValues).map { _ in ("q[]", "id:=1") }); Issue.record("too many filters accepted") } catch {
            #expect(error.message.hasPrefix("Invalid parameter q[]"))
        }
    }

    @Test("SQL: organization first, values bound, archived rows hidden unless archived_at is named, ties broken by id")
    func sql() throws {
        let org = UUID()
        func sql(_ conditions: [ListCondition], sort: [ListSort] = []) -> (String, Int) {
            let built = ListSQL.build(ListQuery(conditions: conditions, sort: sort, offset: 10, limit: 5), schema: Self.schema, select: "id", org: org)
            return (built.rows.sql, built.rows.binds.count)
        }
        let (plain, plainBinds) = sql([])
        #expect(plain == "SELECT id FROM things WHERE things.organization_id = $1 AND things.archived_at IS NULL ORDER BY things.created_at ASC, things.id ASC LIMIT $2 OFFSET $3")
        #expect(plainBinds == 3)
        let (named, _) = sql([ListCondition(field: "name", op: .like, value: .text("O'Brien%"))], sort: [ListSort("name", descending: true)])
        #expect(named.contains("things.name ILIKE $2 ESCAPE '\\'") && !named.contains("O'Brien"), "the value is a bind, never spliced")
        #expect(named.contains("ORDER BY things.name DESC, things.id DESC"))
        #expect(!sql([ListCondition(field: "archived_at", op: .any, value: .none)]).0.contains("archived_at"), "* lifts the restriction")
        #expect(sql([ListCondition(field: "archived_at", op: .present, value: .none)]).0.contains("things.archived_at IS NOT NULL"))
        #expect(!sql([ListCondition(field: "archived_at", op: .present, value: .none)]).0.contains("archived_at IS NULL"))
        #expect(sql([ListCondition(field: "id", op: .equal, value: .numbers([1, 2]))]).0.contains("cliniko_id(things.id) = ANY($2)"))
        #expect(sql([ListCondition(field: "patient_ids", op: .contains, value: .numbers([7]))]).0.contains("$2 = ANY(things.patient_numbers)"))
        let day = sql([ListCondition(field: "created_at", op: .equal, value: .day(CalendarDate(iso: "2026-12-01")!))])
        #expect(day.0.contains("(things.created_at >= $2 AND things.created_at < $3)") && day.1 == 5)
        #expect(ListSQL.likePattern(#"50%_off\"#) == #"50%\_off\\"#)
    }

    @Test("links: absolute from Host and X-Forwarded-Proto, other parameters kept, next and previous only when they apply")
    func links() {
        let base = ClinikoLinks(base: "https://api.example")
        func links(total: Int, page: Int) -> [String: String] {
            guard case .object(let fields) = ClinikoListRenderer.links(total: total, page: page, perPage: 2, path: "/v1/businesses",
                                                                     rawQuery: "q%5B%5D=id:%3D1&page=\(page)&per_page=2", base: base) else { return [:] }
            var out: [String: String] = [:]
            for (key, value) in fields { if case .string(let s) = value { out[key] = s } }
            return out
        }
        #expect(links(total: 5, page: 1) == [
            "self": "https://api.example/v1/businesses?q%5B%5D=id:%3D1&per_page=2&page=1",
            "next": "https://api.example/v1/businesses?q%5B%5D=id:%3D1&per_page=2&page=2",
        ])
        #expect(Set(links(total: 5, page: 2).keys) == ["self", "next", "previous"])
        #expect(links(total: 5, page: 3)["next"] == nil && links(total: 5, page: 3)["previous"]?.hasSuffix("page=2") == true)
        #expect(links(total: 4, page: 2)["next"] == nil, "no next when this page ends the list")
        #expect(links(total: 0, page: 1).keys.sorted() == ["self"])
    }
}

@Suite("Cliniko ids, credentials and rate limit")
struct ClinikoPartsTests {
    @Test("ids: the XOR fold of the UUID's halves, top bit cleared; parse takes 1–19 digits from 1 to Int64.max")
    func ids() {
        #expect(ClinikoIds.number(UUID(uuidString: "00000000-0000-0000-0000-000000000000")!) == 0)
        #expect(ClinikoIds.number(UUID(uuidString: "FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF")!) == 0)
        #expect(ClinikoIds.number(UUID(uuidString: "00000000-0000-0000-0000-000000000001")!) == 1)
        #expect(ClinikoIds.number(UUID(uuidString: "80000000-0000-0000-0000-000000000000")!) == 0, "the top bit is cleared")
        #expect(ClinikoIds.number(UUID(uuidString: "7FFFFFFF-FFFF-FFFF-0000-000000000000")!) == Int64.max)
        #expect(ClinikoIds.number(UUID(uuidString: "01020304-0506-0708-1112-131415161718")!) == 0x1010_1010_1010_1010)
        for _ in 0..<1000 {
            let id = UUIDv7.make()
            #expect(ClinikoIds.number(id) >= 0 && ClinikoIds.parse(ClinikoIds.text(id)) == (ClinikoIds.number(id) == 0 ? nil : ClinikoIds.number(id)))
        }
        #expect(ClinikoIds.parse("1") == 1)
        #expect(ClinikoIds.parse("0001") == 1)
        #expect(ClinikoIds.parse("9223372036854775807") == Int64.max)
        for bad in ["", "0", "-1", "+1", " 1", "1 ", "1.0", "9223372036854775808", "00000000000000000001", "１", "0x1"] {
            #expect(ClinikoIds.parse(bad) == nil, "\(bad)")
        }
    }

    @Test("Basic credentials: the user name is the key, any password, a shard suffix dropped")
    func basic() {
        func header(_ text: String) -> String { "Basic " + Data(text.utf8).base64EncodedString() }
        #expect(ClinikoAuthenticator.key(in: header("ck_abc:")) == "ck_abc")
        #expect(ClinikoAuthenticator.key(in: header("ck_abc:anything")) == "ck_abc")
        #expect(ClinikoAuthenticator.key(in: header("ck_abc")) == "ck_abc")
        #expect(ClinikoAuthenticator.key(in: "basic " + Data("ck_abc:".utf8).base64EncodedString()) == "ck_abc")
        #expect(ClinikoAuthenticator.key(in: header("ck_abc-au1:")) == "ck_abc")
        #expect(ClinikoAuthenticator.key(in: header("ck_abc-uk2:x")) == "ck_abc")
        #expect(ClinikoAuthenticator.key(in: header("ck_abc-x:")) == "ck_abc-x", "not a shard: kept, and refused as a key")
        for bad in [nil, "", "Basic", "Basic !!!", "Bearer ck_abc", "ck_abc", header(":pw"), header("")] {
            #expect(ClinikoAuthenticator.key(in: bad) == nil, "\(bad ?? "nil")")
        }
    }

    /// A clock tests move by hand.
    final class TestClock: @unchecked Sendable {
        private let lock = NSLock()
        private var seconds: Double
        init(_ seconds: Double) { self.seconds = seconds }
        var now: Date { lock.lock(); defer { lock.unlock() }; return Date(timeIntervalSince1970: seconds) }
        func advance(_ by: Double) { lock.lock(); defer { lock.unlock() }; seconds += by }
    }

    @Test("rate limit: the 201st request of a minute is refused, the next minute starts again, keys are counted apart")
    func rateLimit() async {
        let clock = TestClock(1_800_000_010)  // 10 s into a minute
        let limiter = ClinikoRateLimiter(now: { clock.now })
        for n in 1...200 {
            let state = await limiter.take("a")
            #expect(state.allowed && state.remaining == 200 - n && state.limit == 200)
        }
        let refused = await limiter.take("a")
        #expect(!refused.allowed && refused.remaining == 0 && refused.reset == 1_800_000_060 && refused.retryAfter == 50)
        #expect(refused.headers[.retryAfter] == "50" && refused.headers[.rateLimitReset] == "1800000060")
        let other = await limiter.take("b")
        #expect(other.remaining == 199, "another key has its own count")
        clock.advance(49.5)
        let sameMinute = await limiter.take("a")
        #expect(!sameMinute.allowed, "still the same minute")
        clock.advance(0.5)
        let next = await limiter.take("a")
        #expect(next.allowed && next.remaining == 199 && next.reset == 1_800_000_120 && next.headers[.retryAfter] == nil)
    }

    @Test("rate limit: memory holds only the current minute's keys, and the limit is configurable")
    func rateLimitMemory() async {
        let clock = TestClock(1_800_000_000)
        let limiter = ClinikoRateLimiter(limit: 2, now: { clock.now })
        for key in 0..<10_000 { _ = await limiter.take("key \(key)") }
        let before = await limiter.trackedKeys
        #expect(before == 10_000)
        clock.advance(60)
        let first = await limiter.take("x")
        #expect(first.remaining == 1)
        let after = await limiter.trackedKeys
        #expect(after == 1, "the old minute's windows are gone")
        _ = await limiter.take("x")
        let third = await limiter.take("x")
        #expect(!third.allowed)
    }

    @Test("envelope: 422 under the field or base, {message} otherwise; domain refusals by code")
    func envelope() {
        func text(_ e: ClinikoError) -> String { String(decoding: e.body.orderedText, as: UTF8.self) }
        #expect(text(.invalid("is not a valid id", field: "practitioner_id"))
                == #"{"message":"Validation Failed","errors":{"practitioner_id":"is not a valid id"}}"#)
        #expect(text(.from(DomainError(.invalidValue, "no such thing"))) == #"{"message":"Validation Failed","errors":{"base":"no such thing"}}"#)
        // Cliniko refuses a taken slot, a closed booking or a clash as a validation failure, under the field.
        for code in [DomainError.Code.slotUnavailable, .invalidTransition, .externalIdConflict, .ambiguousMatch] {
            let e = ClinikoError.from(DomainError(code, "taken", field: "starts_at"))
            #expect(e.status == .unprocessableContent && e.errors.map(\.field) == ["starts_at"], "\(code)")
        }
        for code in [DomainError.Code.appointmentNotFound, .groupAppointmentNotFound, .attendeeNotFound, .patientNotFound] {
            #expect(ClinikoError.from(DomainError(code, "gone")).status == .notFound, "\(code)")
        }
        #expect(text(.badRequest("Invalid parameter page: x")) == #"{"message":"Invalid parameter page: x"}"#)
        #expect(ClinikoError(RequestProblem.unreadableBody(code: "invalid_type", message: "starts_at must be a string", field: "starts_at")).errors
                .map(\.field) == ["starts_at"])
        #expect(ClinikoError(RequestProblem.methodNotAllowed(method: "DELETE", allowed: ["GET"])).headers[.allow] == "GET")
        #expect(ClinikoError.missingCredentials.headers[.wwwAuthenticate] == "Basic realm=\"ClinicLedger\"")
    }

    @Test("lookup by Cliniko id: one row, 404 for none, 409 when the id folds from two; a body id is 422 naming the field")
    func lookup() async throws {
        let schema = ClinikoListQueryTests.schema
        func rows(_ n: Int) -> (ListQuery) async throws -> ListPage<Int> {
            { query in
                #expect(query.conditions.contains(ListCondition(field: "archived_at", op: .any, value: .none)), "archived rows too")
                #expect(query.limit == 2)
                return ListPage(items: Array(0..<n), total: n)
            }
        }
        #expect(try await ClinikoLookup.one(7, what: "Thing", schema: schema, fetch: rows(1)) == 0)
        for (n, status) in [(0, HTTPResponse.Status.notFound), (2, .conflict)] {
            do { _ = try await ClinikoLookup.one(7, what: "Thing", schema: schema, fetch: rows(n)); Issue.record("\(n) rows accepted") } catch let e as ClinikoError {
                #expect(e.status == status)
                if n == 2 { #expect(e.message.contains("id 7 names more than one")) }
            }
        }
        for (text, n) in [("x7", 1), ("7", 0)] {
            do { _ = try await ClinikoLookup.body(text, field: "business_id", what: "Business", schema: schema, fetch: rows(n)); Issue.record("\(text) accepted") }
            catch let e as ClinikoError { #expect(e.status == .unprocessableContent && e.errors.map(\.field) == ["business_id"], "\(text)") }
        }
    }
}
