import Foundation

/// A JSON document, parsed without Foundation's NSNumber ambiguity (true ≠ 1).
enum JSON: Equatable, Decodable, CustomStringConvertible {
    case null
    case bool(Bool)
    case integer(Int64)
    case number(Double)
    case string(String)
    case array([JSON])
    case object([String: JSON])

    init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let v = try? c.decode(Bool.self) { self = .bool(v) }
        else if let v = try? c.decode(Int64.self) { self = .integer(v) }
        else if let v = try? c.decode(Double.self) { self = .number(v) }
        else if let v = try? c.decode(String.self) { self = .string(v) }
        else if let v = try? c.decode([JSON].self) { self = .array(v) }
        else { self = .object(try c.decode([String: JSON].self)) }
    }

    static func parse(_ data: Data) throws -> JSON { try JSONDecoder().decode(JSON.self, from: data) }
    static func parse(_ text: String) throws -> JSON { try parse(Data(text.utf8)) }

    var object: [String: JSON]? { if case .object(let o) = self { return o }; return nil }
    var array: [JSON]? { if case .array(let a) = self { return a }; return nil }
    var string: String? { if case .string(let s) = self { return s }; return nil }

    subscript(key: String) -> JSON? { object?[key] }

    var description: String {
        switch self {
        case .null: return "null"
        case .bool(let b): return "\(b)"
        case .integer(let i): return "\(i)"
        case .number(let d): return "\(d)"
        case .string(let s): return "\"\(s)\""
        case .array(let a): return "[" + a.map(\.description).joined(separator: ",") + "]"
        case .object(let o): return "{" + o.keys.sorted().map { "\"\($0)\":\(o[$0]!)" }.joined(separator: ",") + "}"
        }
    }

    /// JSON Schema type names this value satisfies ("integer" values are also "number").
    var typeNames: Set<String> {
        switch self {
        case .null: return ["null"]
        case .bool: return ["boolean"]
        case .integer: return ["integer", "number"]
        case .number(let d): return d.rounded() == d ? ["integer", "number"] : ["number"]
        case .string: return ["string"]
        case .array: return ["array"]
        case .object: return ["object"]
        }
    }

    /// Equality as JSON Schema's `enum`/`const` define it (1 == 1.0).
    func sameValue(as other: JSON) -> Bool {
        switch (self, other) {
        case (.integer(let a), .number(let b)), (.number(let b), .integer(let a)): return Double(a) == b
        case (.array(let a), .array(let b)): return a.count == b.count && zip(a, b).allSatisfy { $0.sameValue(as: $1) }
        case (.object(let a), .object(let b)):
            return a.keys.sorted() == b.keys.sorted() && a.allSatisfy { k, v in v.sameValue(as: b[k]!) }
        default: return self == other
        }
    }
}

/// A JSON Schema (draft 2020-12) validator for the subset ClinicLedger's schemas use:
/// `type` (name or list), `properties`, `required`, `additionalProperties` (boolean or schema),
/// `items`, `enum`, `const`, `pattern`, `format` (uuid, date, date-time), `minLength`, `maxLength`,
/// `minItems`, `maxItems`, `minimum`, `maximum`, and `$ref` to `#/$defs/...` of the same document.
///
/// A keyword outside the subset is an error, not silently ignored: a schema can never look
/// stricter than what is checked.
struct JSONSchemaValidator {
    struct Violation: Equatable, CustomStringConvertible {
        /// JSON-path-like location in the instance: `$.profile.date_of_birth`, `$.items[2]`.
        var path: String
        var keyword: String
        var message: String
        var description: String { "\(path): \(message) [\(keyword)]" }
    }

    enum SchemaError: Error, CustomStringConvertible, Equatable {
        case unsupportedKeyword(String, at: String)
        case badRef(String)
        case malformed(String)
        var description: String {
            switch self {
            case .unsupportedKeyword(let k, let at): return "schema uses unsupported keyword \(k) at \(at)"
            case .badRef(let r): return "cannot resolve $ref \(r) (only #/$defs/<name> in the same document)"
            case .malformed(let why): return "malformed schema: \(why)"
            }
        }
    }

    /// Keywords that constrain nothing (annotations and identifiers).
    static let annotations: Set<String> = ["$schema", "$id", "$comment", "$defs", "title", "description", "examples", "default", "deprecated"]
    static let assertions: Set<String> = ["type", "properties", "required", "additionalProperties", "items", "enum", "const",
                                          "pattern", "format", "minLength", "maxLength", "minItems", "maxItems", "minimum", "maximum", "$ref"]

    let root: JSON

    init(schema: JSON) throws {
        guard schema.object != nil else { throw SchemaError.malformed("the root is not an object") }
        root = schema
        try Self.check(schema, at: "#")
    }

    init(schemaData: Data) throws { try self.init(schema: JSON.parse(schemaData)) }

    init(contentsOf url: URL) throws { try self.init(schemaData: Data(contentsOf: url)) }

    /// Every violation found (empty = valid).
    func validate(_ instance: JSON) -> [Violation] {
        var out: [Violation] = []
        validate(instance, against: root, path: "$", into: &out)
        return out
    }

    func validate(_ data: Data) throws -> [Violation] { validate(try JSON.parse(data)) }

    func isValid(_ instance: JSON) -> Bool { validate(instance).isEmpty }

    // MARK: schema self-check

    private static func check(_ schema: JSON, at location: String) throws {
        if case .bool = schema { return }
        guard let o = schema.object else { throw SchemaError.malformed("\(location) is not a schema") }
        for key in o.keys where !annotations.contains(key) && !assertions.contains(key) {
            throw SchemaError.unsupportedKeyword(key, at: location)
        }
        if let props = o["properties"]?.object { for (k, v) in props { try check(v, at: "\(location)/properties/\(k)") } }
        if let defs = o["$defs"]?.object { for (k, v) in defs { try check(v, at: "\(location)/$defs/\(k)") } }
        if let items = o["items"] { try check(items, at: "\(location)/items") }
        if let extra = o["additionalProperties"] { try check(extra, at: "\(location)/additionalProperties") }
        if let pattern = o["pattern"] {
            guard let p = pattern.string, (try? NSRegularExpression(pattern: p)) != nil else {
                throw SchemaError.malformed("\(location)/pattern is not a regular expression")
            }
        }
        if let format = o["format"]?.string, !["uuid", "date", "date-time"].contains(format) {
            throw SchemaError.unsupportedKeyword("format: \(format)", at: location)
        }
    }

    // MARK: validation

    private func resolve(_ ref: String) -> JSON? {
        guard ref.hasPrefix("#/$defs/") else { return nil }
        return root["$defs"]?[String(ref.dropFirst("#/$defs/".count))]
    }

    private func validate(_ value: JSON, against schema: JSON, path: String, into out: inout [Violation]) {
        if case .bool(let allowed) = schema {
            if !allowed { out.append(.init(path: path, keyword: "false", message: "no value is allowed here")) }
            return
        }
        guard let s = schema.object else { return }
        func fail(_ keyword: String, _ message: String) { out.append(.init(path: path, keyword: keyword, message: message)) }

        if let ref = s["$ref"]?.string {
            if let target = resolve(ref) { validate(value, against: target, path: path, into: &out) } else { fail("$ref", "unresolvable \(ref)") }
        }

        if let type = s["type"] {
            let wanted = type.string.map { [$0] } ?? type.array?.compactMap(\.string) ?? []
            if value.typeNames.isDisjoint(with: wanted) {
                fail("type", "expected \(wanted.joined(separator: " or ")), got \(value)")
                return  // the remaining keywords would only repeat the mismatch
            }
        }
        if let options = s["enum"]?.array, !options.contains(where: { $0.sameValue(as: value) }) {
            fail("enum", "\(value) is not one of \(options.map(\.description).joined(separator: ", "))")
        }
        if let constant = s["const"], !constant.sameValue(as: value) {
            fail("const", "expected \(constant), got \(value)")
        }

        switch value {
        case .string(let text):
            let length = text.unicodeScalars.count
            if case .integer(let min)? = s["minLength"], length < min { fail("minLength", "shorter than \(min) characters") }
            if case .integer(let max)? = s["maxLength"], length > max { fail("maxLength", "longer than \(max) characters") }
            if let pattern = s["pattern"]?.string, !Self.matches(text, pattern) {
                fail("pattern", "\(value) does not match \(pattern)")
            }
            if let format = s["format"]?.string, !Self.conforms(text, to: format) {
                fail("format", "\(value) is not a valid \(format)")
            }
        case .integer, .number:
            let number: Double = { if case .integer(let i) = value { return Double(i) }; if case .number(let d) = value { return d }; return 0 }()
            if let min = s["minimum"].flatMap(Self.double), number < min { fail("minimum", "less than \(min)") }
            if let max = s["maximum"].flatMap(Self.double), number > max { fail("maximum", "greater than \(max)") }
        case .array(let items):
            if case .integer(let min)? = s["minItems"], items.count < min { fail("minItems", "fewer than \(min) items") }
            if case .integer(let max)? = s["maxItems"], items.count > max { fail("maxItems", "more than \(max) items") }
            if let itemSchema = s["items"] {
                for (i, item) in items.enumerated() { validate(item, against: itemSchema, path: "\(path)[\(i)]", into: &out) }
            }
        case .object(let members):
            let properties = s["properties"]?.object ?? [:]
            for name in s["required"]?.array?.compactMap(\.string) ?? [] where members[name] == nil {
                fail("required", "missing required property \(name)")
            }
            for (name, member) in members.sorted(by: { $0.key < $1.key }) {
                let memberPath = "\(path).\(name)"
                if let propertySchema = properties[name] {
                    validate(member, against: propertySchema, path: memberPath, into: &out)
                } else if let extra = s["additionalProperties"] {
                    if case .bool(false) = extra {
                        out.append(.init(path: memberPath, keyword: "additionalProperties", message: "property \(name) is not allowed"))
                    } else {
                        validate(member, against: extra, path: memberPath, into: &out)
                    }
                }
            }
        case .null, .bool:
            break
        }
    }

    private static func double(_ j: JSON) -> Double? {
        switch j { case .integer(let i): return Double(i); case .number(let d): return d; default: return nil }
    }

    /// ECMA-262-style `pattern`: unanchored search, as JSON Schema specifies.
    static func matches(_ text: String, _ pattern: String) -> Bool {
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return false }
        return regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }

    static func conforms(_ text: String, to format: String) -> Bool {
        switch format {
        case "uuid":
            // RFC 9562 text form; hex digits of either case (RFC 9562 §4: case-insensitive on input).
            return matches(text, "^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$")
        case "date":
            return isFullDate(text)
        case "date-time":
            // RFC 3339 date-time: full-date "T" time with optional fraction and a zone.
            let parts = text.split(separator: "T", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, isFullDate(String(parts[0])) else { return false }
            return matches(String(parts[1]), "^([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\\.[0-9]+)?(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])$")
        default:
            return false
        }
    }

    /// RFC 3339 full-date that names a real day.
    private static func isFullDate(_ text: String) -> Bool {
        guard matches(text, "^[0-9]{4}-[0-9]{2}-[0-9]{2}$") else { return false }
        let n = text.split(separator: "-").compactMap { Int($0) }
        guard n.count == 3, (1...12).contains(n[1]), n[2] >= 1 else { return false }
        let leap = (n[0] % 4 == 0 && n[0] % 100 != 0) || n[0] % 400 == 0
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][n[1] - 1]
        return n[2] <= days
    }
}
