import Domain
import Foundation
@testable import HTTPAPI
import Testing

@Suite("JSON text of built documents")
struct JSONValueTextTests {
    @Test("members keep the order they were built in, every time; the text parses back to the same value")
    func orderKept() throws {
        let keys = (0..<40).map { "k\($0 * 7919 % 40)" }
        let doc = JSONValue.object(keys.map { ($0, .string($0)) } + [("nested", .object([("z", .int(1)), ("a", .null)]))])
        let text = String(decoding: doc.orderedText, as: UTF8.self)
        #expect(text.hasPrefix(#"{"k0":"k0","k39":"k39","k38":"k38","#))
        #expect(text.hasSuffix(#""nested":{"z":1,"a":null}}"#))
        #expect(try JSONDecoder().decode(JSONValue.self, from: Data(doc.orderedText)) == doc)
    }

    @Test("strings are escaped as JSON requires; numbers print as JSON numbers", arguments: [
        (JSONValue.string("a\"b\\c\n\u{1}/é😀"), #""a\"b\\c\n\u0001/é😀""#),
        (.double(2.5), "2.5"), (.double(3), "3"), (.double(1e20), "1e+20"), (.int(-7), "-7"), (.bool(false), "false"),
        (.array([.null, .array([])]), "[null,[]]"),
    ])
    func escaping(value: JSONValue, text: String) throws {
        #expect(String(decoding: value.orderedText, as: UTF8.self) == text)
        // A whole double reads back as an integer: the same JSON number.
        if case .double(let d) = value, d == d.rounded() { return }
        #expect(try JSONDecoder().decode(JSONValue.self, from: Data(value.orderedText)) == value)
    }
}
