import Foundation
import Testing
import Domain

@Suite("InputScreen: the character rule, field paths, and the measures of free-form JSON")
struct InputScreenTests {
    @Test("U+0000 and the other C0 controls are refused; tab, line feed and carriage return are not")
    func characters() {
        #expect(InputScreen.firstForbidden(in: "a\u{0}b") == "\u{0}")
        #expect(InputScreen.firstForbidden(in: "bell\u{7}") == "\u{7}")
        #expect(InputScreen.firstForbidden(in: "\u{1B}[31mred") == "\u{1B}")
        #expect(InputScreen.firstForbidden(in: "line\none\ttab\r\n") == nil)
        #expect(InputScreen.firstForbidden(in: "José Ñúñez 李 🙂 \u{7F} \u{85}") == nil)
        #expect(InputScreen.firstForbidden(in: "") == nil)
    }

    @Test("A message quotes a path without the character itself")
    func printable() {
        #expect(InputScreen.printable("custom_fields.a\u{0}b") == "custom_fields.a\\u0000b")
        #expect(InputScreen.printable("plain.path") == "plain.path")
        #expect(InputScreen.codePoint("\u{1F}") == "U+001F")
    }

    @Test("The first forbidden string or key is found with its path, in document order")
    func jsonPaths() throws {
        let doc = JSONValue.object([
            ("ok", .string("fine")),
            ("payors", .array([.object([("plan", .string("PPO"))]), .object([("subscriber", .object([("city", .string("a\u{0}"))]))])])),
            ("later", .string("\u{0}")),
        ])
        let (path, scalar) = try #require(doc.firstForbiddenCharacter())
        #expect(FieldPath.render(path) == "payors[1].subscriber.city")
        #expect(scalar == "\u{0}")

        let key = JSONValue.object([("custom_fields", .object([("a\u{1}b", .int(1))]))])
        #expect(key.firstForbiddenCharacter().map { FieldPath.render($0.path) } == "custom_fields.a\u{1}b")
        #expect(JSONValue.array([.string("x"), .null, .double(1.5)]).firstForbiddenCharacter() == nil)
    }

    @Test("Depth counts array and object levels")
    func depth() {
        #expect(JSONValue.string("x").depth == 0)
        #expect(JSONValue.array([]).depth == 1)
        #expect(JSONValue.object([("a", .array([.object([("b", .int(1))])]))]).depth == 3)
    }

    @Test("encodedSize is the size the event encoder writes", arguments: [
        JSONValue.object([("b", .string("quote \" backslash \\ slash / newline \n tab \t")), ("a", .array([.int(-12), .bool(true), .null]))]),
        .string("José 李 🙂"),
        .array([.object([]), .array([]), .string(""), .bool(false)]),
        .object([("k", .object([("nested", .array([.int(1), .int(22), .int(333)]))]))]),
    ])
    func encodedSize(_ value: JSONValue) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        #expect(value.encodedSize() == (try encoder.encode(value)).count)
    }

    @Test("Measuring stops past the limit but still reports more than it")
    func encodedSizeStopsEarly() {
        let big = JSONValue.array(Array(repeating: .string(String(repeating: "x", count: 1000)), count: 10_000))
        let measured = big.encodedSize(upTo: 5000)
        #expect(measured > 5000)
        #expect(measured < 10_000)
    }

    @Test("Lengths count code points: a stack of combining marks is long, though one character")
    func lengthCountsCodePoints() {
        let zalgo = "a" + String(repeating: "\u{301}", count: 500)
        #expect(zalgo.count == 1)
        #expect(InputLimits.length(zalgo) == 501)
    }
}
