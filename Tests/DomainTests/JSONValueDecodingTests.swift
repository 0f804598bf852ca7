import Foundation
import Testing
import Domain

@Suite("JSONValue decoding")
struct JSONValueDecodingTests {
    @Test("A number no Double can hold is refused saying so, at its path", arguments: ["1e400", "-1e400"])
    func outOfRange(_ number: String) throws {
        let text = #"{"custom_fields": {"n": \#(number)}}"#
        do {
            _ = try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
            Issue.record("decoded \(text)")
        } catch DecodingError.dataCorrupted(let context) {
            #expect(context.codingPath.map(\.stringValue) == ["custom_fields", "n"])
            #expect(context.debugDescription.contains("out of range"))
        }
    }

    @Test("A lone UTF-16 surrogate is not JSON a String can hold: the parser refuses it", arguments: [#""\ud800""#, #""a\udc00b""#, #""\ud800\u0041""#])
    func loneSurrogate(_ text: String) {
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)) }
    }

    @Test("Numbers that fit keep their kind; other values decode as before")
    func inRange() throws {
        let value = try JSONDecoder().decode(JSONValue.self, from: Data(#"{"a": 1, "b": 1e30, "c": "1e400", "d": [true, null], "e": {}}"#.utf8))
        #expect(value == .object([("a", .int(1)), ("b", .double(1e30)), ("c", .string("1e400")), ("d", .array([.bool(true), .null])), ("e", .object([]))]))
    }
}
