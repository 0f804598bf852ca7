import Foundation
import Testing

/// The validator must reject what it claims to reject, or the contract tests prove nothing.
@Suite("JSON Schema validator (the subset the contract tests use)")
struct JSONSchemaValidatorTests {
    static let schema = """
    {
      "$schema": "https://json-schema.org/draft/2020-12/schema",
      "type": "object",
      "properties": {
        "id": {"type": "string", "format": "uuid", "pattern": "^[0-9A-F-]+$"},
        "name": {"type": "string", "minLength": 1},
        "kind": {"type": "string", "enum": ["a", "b"]},
        "version": {"const": "1.0"},
        "born": {"type": "string", "format": "date"},
        "at": {"type": "string", "format": "date-time"},
        "count": {"type": ["integer", "null"]},
        "tags": {"type": "array", "items": {"type": "string"}},
        "child": {"$ref": "#/$defs/child"}
      },
      "required": ["id", "name"],
      "additionalProperties": false,
      "$defs": {
        "child": {"type": "object", "properties": {"x": {"type": "boolean"}}, "required": ["x"], "additionalProperties": false}
      }
    }
    """

    static let valid = """
    {"id": "0197ABCD-1234-7ABC-8DEF-0123456789AB", "name": "n", "kind": "a", "version": "1.0", "born": "2024-02-29",
     "at": "2025-06-15T15:06:40.123Z", "count": null, "tags": ["x"], "child": {"x": true}}
    """

    func violations(_ document: String) throws -> [JSONSchemaValidator.Violation] {
        try JSONSchemaValidator(schema: JSON.parse(Self.schema)).validate(JSON.parse(document))
    }

    /// The valid document with one member replaced (or removed, with nil).
    func variant(_ key: String, _ value: String?) throws -> String {
        var members = try #require(JSON.parse(Self.valid).object)
        members[key] = try value.map { try JSON.parse($0) }
        return JSON.object(members).description
    }

    @Test("accepts a conforming document")
    func acceptsValid() throws {
        #expect(try violations(Self.valid).isEmpty)
    }

    @Test("rejects a missing required property")
    func missingRequired() throws {
        let found = try violations(try variant("name", nil))
        #expect(found.map(\.keyword) == ["required"])
        #expect(found.first?.message.contains("name") == true)
    }

    @Test("rejects a property the schema does not name (a renamed field)")
    func extraProperty() throws {
        let found = try violations(try variant("nickname", "\"x\""))
        #expect(found == [.init(path: "$.nickname", keyword: "additionalProperties", message: "property nickname is not allowed")])
    }

    @Test("rejects wrong types, including null where null is not listed and true for an integer", arguments: [
        ("name", "1"), ("name", "null"), ("tags", "\"x\""), ("count", "true"), ("count", "1.5"), ("child", "[]"),
    ])
    func wrongType(key: String, value: String) throws {
        #expect(try violations(try variant(key, value)).map(\.keyword) == ["type"])
    }

    @Test("a type list accepts each listed type")
    func typeList() throws {
        #expect(try violations(try variant("count", "3")).isEmpty)
        #expect(try violations(try variant("count", "null")).isEmpty)
    }

    @Test("rejects a value outside the enum, and a wrong const")
    func enumAndConst() throws {
        #expect(try violations(try variant("kind", "\"c\"")).map(\.keyword) == ["enum"])
        #expect(try violations(try variant("kind", "\"A\"")).map(\.keyword) == ["enum"])
        #expect(try violations(try variant("version", "\"1\"")).map(\.keyword) == ["const"])
    }

    @Test("rejects malformed uuids", arguments: [
        "not-a-uuid", "0197ABCD12347ABC8DEF0123456789AB", "0197ABCD-1234-7ABC-8DEF-0123456789A", "0197ABCG-1234-7ABC-8DEF-0123456789AB",
    ])
    func badUUID(text: String) throws {
        #expect(try violations(try variant("id", "\"\(text)\"")).contains { $0.keyword == "format" })
    }

    @Test("pattern is checked independently of format (lower-case uuid fails this schema's upper-case pattern)")
    func pattern() throws {
        #expect(try violations(try variant("id", "\"0197abcd-1234-7abc-8def-0123456789ab\"")).map(\.keyword) == ["pattern"])
    }

    @Test("rejects impossible or malformed dates and date-times", arguments: [
        ("born", "2023-02-29"), ("born", "2024-13-01"), ("born", "24-01-01"), ("born", "2024-01-01T00:00:00Z"),
        ("at", "2025-06-15 15:06:40Z"), ("at", "2025-06-15T15:06:40"), ("at", "2025-06-31T15:06:40Z"), ("at", "2025-06-15T25:00:00Z"),
    ])
    func badDates(key: String, value: String) throws {
        #expect(try violations(try variant(key, "\"\(value)\"")).map(\.keyword) == ["format"])
    }

    @Test("rejects an empty string under minLength 1")
    func minLength() throws {
        #expect(try violations(try variant("name", "\"\"")).map(\.keyword) == ["minLength"])
    }

    @Test("follows items and $ref, reporting the nested path")
    func nested() throws {
        #expect(try violations(try variant("tags", "[\"ok\", 2]")).map(\.path) == ["$.tags[1]"])
        #expect(try violations(try variant("child", "{}")).map(\.keyword) == ["required"])
        #expect(try violations(try variant("child", "{\"x\": true, \"y\": 1}")).map(\.path) == ["$.child.y"])
        #expect(try violations(try variant("child", "{\"x\": \"true\"}")).map(\.path) == ["$.child.x"])
    }

    @Test("reports every violation, not just the first")
    func collectsAll() throws {
        let found = try violations("{\"id\": \"x\", \"extra\": 1}")
        #expect(Set(found.map(\.keyword)) == ["required", "additionalProperties", "format", "pattern"])
    }

    @Test("refuses a schema with a keyword it does not implement, instead of ignoring it")
    func unsupportedKeyword() throws {
        #expect(throws: JSONSchemaValidator.SchemaError.self) {
            try JSONSchemaValidator(schema: JSON.parse(#"{"type": "object", "properties": {"a": {"oneOf": []}}}"#))
        }
        #expect(throws: JSONSchemaValidator.SchemaError.self) {
            try JSONSchemaValidator(schema: JSON.parse(#"{"type": "string", "format": "email"}"#))
        }
    }

    @Test("an unresolvable $ref is a violation, not a pass")
    func badRef() throws {
        let v = try JSONSchemaValidator(schema: JSON.parse(##"{"$ref": "#/$defs/missing"}"##))
        #expect(v.validate(.string("x")).map(\.keyword) == ["$ref"])
    }
}
