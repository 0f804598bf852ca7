import Foundation

/// Any JSON value: free-form client data the domain stores as given (custom_fields, payors),
/// and documents built in code whose shape (explicit nulls) synthesized Codable would not give.
public enum JSONValue: Sendable, Equatable, Codable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.int(let a), .int(let b)): return a == b
        case (.double(let a), .double(let b)): return a == b
        case (.string(let a), .string(let b)): return a == b
        case (.array(let a), .array(let b)): return a == b
        // Members compare as a set: JSON objects are unordered, and a decoded event must equal the one encoded.
        case (.object(let a), .object(let b)):
            let sa = a.sorted { $0.0 < $1.0 }, sb = b.sorted { $0.0 < $1.0 }
            return sa.map(\.0) == sb.map(\.0) && sa.map(\.1) == sb.map(\.1)
        default: return false
        }
    }

    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ s: String) { stringValue = s }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let v = try? c.decode(Bool.self) { self = .bool(v) }
        else if let v = try? c.decode(Int.self) { self = .int(v) }
        else if let v = try Self.double(c) { self = .double(v) }
        else if let v = try? c.decode(String.self) { self = .string(v) }
        else if let v = try? c.decode([JSONValue].self) { self = .array(v) }
        else {
            let object = try decoder.container(keyedBy: Key.self)
            self = .object(try object.allKeys.sorted { $0.stringValue < $1.stringValue }.map { ($0.stringValue, try object.decode(JSONValue.self, forKey: $0)) })
        }
    }

    /// A number as a Double; nil when the value is no number. A number no Double can hold
    /// (`1e400`) is refused saying so — the decoder would otherwise go on to try an object and
    /// report "must be an object".
    private static func double(_ c: SingleValueDecodingContainer) throws -> Double? {
        do { return try c.decode(Double.self) } catch DecodingError.typeMismatch { return nil } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: c.codingPath, debugDescription:
                "the number is out of range: a JSON number here must fit a 64-bit floating-point value (at most about 1.8e308)"))
        }
    }

    public func encode(to encoder: Encoder) throws {
        switch self {
        case .null: var c = encoder.singleValueContainer(); try c.encodeNil()
        case .bool(let v): var c = encoder.singleValueContainer(); try c.encode(v)
        case .int(let v): var c = encoder.singleValueContainer(); try c.encode(v)
        case .double(let v): var c = encoder.singleValueContainer(); try c.encode(v)
        case .string(let v): var c = encoder.singleValueContainer(); try c.encode(v)
        case .array(let items):
            var c = encoder.unkeyedContainer()
            for item in items { try c.encode(item) }
        case .object(let pairs):
            var c = encoder.container(keyedBy: Key.self)
            for (k, v) in pairs { try c.encode(v, forKey: Key(k)) }
        }
    }

    /// Parses JSON text (stored jsonb) into a value; invalid text becomes an empty object.
    public static func parse(_ text: String) -> JSONValue {
        (try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))) ?? .object([])
    }
}

extension JSONValue {
    public static func text(_ s: String?) -> JSONValue { s.map(JSONValue.string) ?? .null }
    public static func id(_ u: UUID?) -> JSONValue { u.map { .string($0.lowercased) } ?? .null }

    /// The value at `key` of an object.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let pairs) = self else { return nil }
        return pairs.first { $0.0 == key }?.1
    }

    public var stringValue: String? { if case .string(let s) = self { return s } else { return nil } }

    /// The members of an object, in order; nil for anything else.
    public var objectPairs: [(String, JSONValue)]? { if case .object(let p) = self { return p } else { return nil } }
}
