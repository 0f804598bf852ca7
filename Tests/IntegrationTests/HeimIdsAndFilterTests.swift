import Domain
import Foundation
@testable import HTTPAPI
import Hummingbird
import Testing

@Suite("Heim ids")
struct HeimIdsTests {
    let id = UUID(uuidString: "0193A1B2-C3D4-7E5F-8A9B-0C1D2E3F4A5B")!

    @Test("each kind spells a UUID as its prefix and 32 lower-case hex digits, and reads it back", arguments: HeimIds.Kind.allCases)
    func roundTrip(kind: HeimIds.Kind) {
        let text = HeimIds.string(id, kind)
        #expect(text == kind.rawValue + "0193a1b2c3d47e5f8a9b0c1d2e3f4a5b")
        #expect(HeimIds.uuid(text, kind) == id)
        #expect(HeimIds.uuid(kind.rawValue + "0193A1B2C3D47E5F8A9B0C1D2E3F4A5B", kind) == id, "upper-case hex is read too")
        for _ in 0..<100 {
            let random = UUID()
            #expect(HeimIds.uuid(HeimIds.string(random, kind), kind) == random)
        }
    }

    @Test("the prefixes are Heim's")
    func prefixes() {
        #expect(HeimIds.Kind.allCases.map(\.rawValue) == ["p_", "tsk_", "apt_", "prc_", "loc_"])
        #expect(HeimIds.string(id, .patient).hasPrefix("p_0193a1b2"))
    }

    @Test("anything but the kind's prefix and 32 hex digits is refused", arguments: [
        "apt_0193a1b2c3d47e5f8a9b0c1d2e3f4a5b",       // another kind's prefix
        "P_0193a1b2c3d47e5f8a9b0c1d2e3f4a5b",         // the prefix is lower-case
        "0193a1b2c3d47e5f8a9b0c1d2e3f4a5b",           // no prefix
        "p_0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b",     // hyphenated
        "p_0193a1b2c3d47e5f8a9b0c1d2e3f4a5",          // 31 digits
        "p_0193a1b2c3d47e5f8a9b0c1d2e3f4a5b0",        // 33 digits
        "p_0193a1b2c3d47e5f8a9b0c1d2e3f4a5g",         // not hex
        "p_+193a1b2c3d47e5f8a9b0c1d2e3f4a5b",         // a sign
        "p_0193a1b2c3d47e5f8a9b0c1d2e3f4a5b ",        // trailing space
        "p_0193a1b2c3d47e5f8a9b0c1d2e3f4a5é",         // not ASCII
        "p_", "",
    ])
    func refusals(text: String) {
        #expect(HeimIds.uuid(text, .patient) == nil)
    }

    @Test("a window id is the practitioner and the start minute, the same every time, and reads back")
    func windowRoundTrip() throws {
        let start = try #require(ISO8601DateFormatter().date(from: "2025-03-04T09:30:00Z"))
        let text = HeimIds.window(practitioner: id, start: start)
        let minutes = Int(start.timeIntervalSince1970 / 60)
        #expect(text == "win_0193a1b2c3d47e5f8a9b0c1d2e3f4a5b" + String(format: "%010x", minutes))
        #expect(text.count == 4 + 32 + 10)
        #expect(HeimIds.window(practitioner: id, start: start) == text)
        let parsed = try #require(HeimIds.parseWindow(text))
        #expect(parsed.practitioner == id)
        #expect(parsed.start == start)
        #expect(HeimIds.parseWindow(text.uppercased().replacingOccurrences(of: "WIN_", with: "win_"))?.start == start)
        let epoch = try #require(HeimIds.parseWindow(HeimIds.window(practitioner: id, start: Date(timeIntervalSince1970: 0))))
        #expect(epoch.start == Date(timeIntervalSince1970: 0))
        #expect(HeimIds.window(practitioner: id, start: start) != HeimIds.window(practitioner: id, start: start + 60))
        #expect(HeimIds.window(practitioner: id, start: start) != HeimIds.window(practitioner: UUID(), start: start))
    }

    @Test("seconds of a window's start are dropped: windows start on whole minutes")
    func windowWholeMinutes() throws {
        let start = try #require(ISO8601DateFormatter().date(from: "2025-03-04T09:30:00Z"))
        #expect(HeimIds.window(practitioner: id, start: start + 59.9) == HeimIds.window(practitioner: id, start: start))
    }

    @Test("anything but win_, 32 hex digits and 10 hex digits is refused", arguments: [
        "win_0193a1b2c3d47e5f8a9b0c1d2e3f4a5b01b9a2c3d",    // 9 minute digits
        "win_0193a1b2c3d47e5f8a9b0c1d2e3f4a5b01b9a2c3d4e5", // 12
        "win_0193a1b2c3d47e5f8a9b0c1d2e3f4a5b01b9a2c3dz",   // not hex
        "win_0193a1b2c3d47e5f8a9b0c1d2e3f4a5b+1b9a2c3d4",   // a sign
        "prc_0193a1b2c3d47e5f8a9b0c1d2e3f4a5b01b9a2c3d4",   // another prefix
        "win_0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b01b9a2c3", // hyphenated
        "win_", "",
    ])
    func windowRefusals(text: String) {
        #expect(HeimIds.parseWindow(text) == nil)
    }
}

@Suite("Heim list filter")
struct HeimListFilterTests {
    typealias Op = HeimListFilter.Op

    func conditions(_ parameters: String...) throws -> [HeimFilterCondition] {
        try HeimListFilter(parameters).conditions
    }

    @Test("each operator", arguments: [
        ("status:scheduled", Op.equals, "scheduled"),
        ("start>2025-03-01", .greaterThan, "2025-03-01"),
        ("start<2025-03-01", .lessThan, "2025-03-01"),
        ("start>=2025-03-01", .atLeast, "2025-03-01"),
        ("start<=2025-03-01", .atMost, "2025-03-01"),
        ("externalRef~ABC", .contains, "ABC"),
        ("start>2025-03-01T09:00:00Z", .greaterThan, "2025-03-01T09:00:00Z"),
    ])
    func operators(text: String, op: Op, value: String) throws {
        let found = try conditions(text)
        #expect(found.count == 1)
        #expect(found.first?.op == op)
        #expect(found.first?.value == value)
    }

    @Test("a quoted value may hold separators, operators and escaped quotes and backslashes")
    func quoting() throws {
        #expect(try conditions(#"externalRef:"A, B:C>=D~""#) == [HeimFilterCondition(field: "externalRef", op: .equals, value: "A, B:C>=D~")])
        #expect(try conditions(#"note~"say \"hi\" \\ bye""#).first?.value == #"say "hi" \ bye"#)
        #expect(try conditions(#"start>"2025-03-01T09:00:00Z""#).first?.value == "2025-03-01T09:00:00Z")
        #expect(try conditions(#"externalRef:"""#).first?.value == "", "an empty quoted value is a value")
        #expect(try conditions(#"patientId:"p_0193a1b2c3d47e5f8a9b0c1d2e3f4a5b""#).first?.value == "p_0193a1b2c3d47e5f8a9b0c1d2e3f4a5b")
    }

    @Test("conditions in repeated parameters and separated by spaces or commas are all kept, in order")
    func severalConditions() throws {
        let expected = [
            HeimFilterCondition(field: "status", op: .equals, value: "scheduled"),
            HeimFilterCondition(field: "start", op: .atLeast, value: "2025-03-01"),
            HeimFilterCondition(field: "externalRef", op: .contains, value: "a b"),
        ]
        #expect(try conditions(#"status:scheduled,start>=2025-03-01 externalRef~"a b""#) == expected)
        #expect(try conditions(#"status:scheduled, start>=2025-03-01  externalRef~"a b""#) == expected)
        #expect(try conditions("status:scheduled", "start>=2025-03-01", #"externalRef~"a b""#) == expected)
        #expect(try conditions(" status:scheduled ").count == 1)
        #expect(try HeimListFilter([]).conditions.isEmpty, "no filter parameter is no condition")
    }

    @Test("malformed text is 400 invalid_filter naming the problem and the condition", arguments: [
        ("", "empty"),
        (" , ", "empty"),
        (":scheduled", #"no field before the operator in filter condition ":scheduled""#),
        ("status", #"no operator after the field (use : > < >= <= or ~) in filter condition "status""#),
        ("status scheduled", #"no operator after the field"#),
        ("status=scheduled", #"unknown operator "=" (use : > < >= <= or ~) in filter condition "status=scheduled""#),
        ("status!=x,a:b", #"unknown operator "!=" (use : > < >= <= or ~) in filter condition "status!=x""#),
        ("status:", #"no value after the operator in filter condition "status:""#),
        (#"a:1,externalRef:"abc"#, #"unterminated quote in filter condition "externalRef:"abc""#),
        (#"externalRef:"a"b"#, "text after the closing quote"),
        (#"externalRef:"a\b""#, "a backslash in quotes escapes only"),
        ("start>2025-03-01T09:00:00Z>x", #"must be in double quotes in filter condition "start>2025-03-01T09:00:00Z>x""#),
        ("status::x", "must be in double quotes"),
        ("stätus:x", "a field name is letters, digits, _ and . only"),
    ])
    func malformed(text: String, message: String) {
        do {
            _ = try HeimListFilter([text])
            Issue.record("\(text) was accepted")
        } catch {
            #expect(error.status == .badRequest)
            #expect(error.code == "invalid_filter")
            #expect(error.field == "filter")
            #expect(error.message.contains(message), "\(error.message)")
        }
    }

    @Test("one malformed parameter among good ones refuses the filter")
    func oneBadParameter() {
        #expect(throws: HeimError.self) { try HeimListFilter(["status:scheduled", "start=1"]) }
    }

    @Test("more conditions than InputLimits.queryValues are refused")
    func tooMany() {
        #expect(throws: HeimError.self) { try HeimListFilter(Array(repeating: "a:1", count: 101)) }
        #expect(throws: Never.self) { try HeimListFilter(Array(repeating: "a:1", count: 100)) }
    }

    @Test("validate refuses an unknown field listing the allowed ones, and an operator the field does not take")
    func validate() throws {
        let allowed: [String: Set<Op>] = ["status": [.equals], "start": [.greaterThan, .lessThan, .atLeast, .atMost]]
        try HeimListFilter(["status:scheduled", "start>=2025-03-01"]).validate(allowed: allowed)
        do {
            try HeimListFilter(["colour:red"]).validate(allowed: allowed)
            Issue.record("unknown field accepted")
        } catch {
            #expect(error.status == .badRequest && error.code == "invalid_filter" && error.field == "filter")
            #expect(error.message == #"unknown filter field "colour"; filter by one of: start, status"#)
        }
        do {
            try HeimListFilter(["status~sched"]).validate(allowed: allowed)
            Issue.record("operator accepted")
        } catch {
            #expect(error.message == #"filter field "status" does not take the operator ~; use :"#)
        }
        do {
            try HeimListFilter(["start:2025-03-01"]).validate(allowed: allowed)
            Issue.record("operator accepted")
        } catch {
            #expect(error.message == #"filter field "start" does not take the operator :; use > < >= <="#)
        }
    }
}

@Suite("Heim error envelope")
struct HeimErrorTests {
    @Test("one shape: error.code, error.message, error.field (null when none)")
    func shape() throws {
        let text = String(decoding: HeimError.notFound("appointment").body.orderedText, as: UTF8.self)
        #expect(text == #"{"error":{"code":"not_found","message":"appointment not found","field":null}}"#)
    }

    @Test("domain refusals: conflicts 409, missing things 404, the rest 422, naming the field", arguments: [
        (DomainError.Code.slotUnavailable, 409), (.invalidTransition, 409), (.externalIdConflict, 409),
        (.appointmentNotFound, 404), (.patientNotFound, 404), (.invalidValue, 422), (.missingField, 422),
    ])
    func domainCodes(code: DomainError.Code, status: Int) {
        let error = HeimError.from(DomainError(code, "no", field: "windowId"))
        #expect(Int(error.status.code) == status)
        #expect(error.code == (status == 404 ? "not_found" : code.rawValue), "every 404 of the dialect says not_found")
        #expect(error.field == "windowId")
        #expect(Int(SolumError.from(DomainError(code, "no")).status.code) == status, "Solum reads it the same way")
    }

    @Test("what the router and shared code refuse", arguments: [
        (RequestProblem.routeNotFound, 404, "not_found"),
        (.methodNotAllowed(method: "DELETE", allowed: ["GET", "POST"]), 405, "method_not_allowed"),
        (.unsupportedMediaType(message: "json please"), 415, "unsupported_media_type"),
        (.bodyTooLarge(message: "too big"), 413, "body_too_large"),
        (.unreadableBody(code: "missing_field", message: "phone is required", field: "phone"), 422, "missing_field"),
        (.refusedRequest(DomainError(.invalidCharacter, "no", field: "filter")), 400, "invalid_character"),
        (.framework(HTTPError(.tooManyRequests)), 429, "rate_limited"),
        (.internalError, 500, "internal_error"),
    ])
    func problems(problem: RequestProblem, status: Int, code: String) {
        let error = HeimError(problem)
        #expect(Int(error.status.code) == status)
        #expect(error.code == code)
    }

    @Test("405 carries Allow")
    func allow() {
        #expect(HeimError(.methodNotAllowed(method: "DELETE", allowed: ["GET", "POST"])).headers[.allow] == "GET, POST")
    }

    @Test("a 500 says nothing of internals")
    func internalError() {
        #expect(HeimError(.internalError).message == "the server failed to handle this request")
    }
}

@Suite("Heim's Authorization header")
struct HeimAuthorizationHeaderTests {
    @Test("the key alone, or after a Bearer scheme of any case", arguments: [
        ("ck_abc", "ck_abc"), ("Bearer ck_abc", "ck_abc"), ("bearer ck_abc", "ck_abc"), ("BEARER ck_abc", "ck_abc"),
        ("  ck_abc ", "ck_abc"),
    ])
    func key(header: String, key: String) {
        #expect(HeimAPIKeyAuthenticator.key(in: header) == key)
    }

    @Test("no header, an empty one, or a scheme with no key is no key")
    func none() {
        #expect(HeimAPIKeyAuthenticator.key(in: nil) == nil)
        #expect(HeimAPIKeyAuthenticator.key(in: "") == nil)
        #expect(HeimAPIKeyAuthenticator.key(in: "Bearer ") == nil)
    }
}
