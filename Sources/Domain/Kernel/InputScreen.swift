/// The rules every piece of client text obeys whatever its field, and the checks that apply
/// `InputLimits`, each failing with a `DomainError` that names the field as the client sent it.
///
/// Characters: no C0 control character except tab, line feed and carriage return, in any string
/// or object key at any depth. U+0000 is the reason: PostgreSQL `text` and `jsonb` cannot hold it
/// (a stored event carrying one would stop the projector), and many JSON consumers truncate at it.
/// The other C0 controls (bell, escape, form feed, …) are stored fine but are never part of a
/// name, an address or a note; they turn up only from binary garbage or terminal-injection
/// attempts, so one rule refuses them all rather than field-by-field exceptions. Lone UTF-16
/// surrogates (`"\ud800"`) cannot reach this point: the JSON reader refuses them as invalid JSON,
/// and a Swift `String` cannot hold one.
public enum InputScreen {
    /// Whether `scalar` may appear in client text.
    public static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value >= 0x20 || scalar == "\t" || scalar == "\n" || scalar == "\r"
    }

    /// The first character `text` may not hold, if any. Scans UTF-8 bytes: a byte below 0x20 is
    /// always a whole character in UTF-8.
    public static func firstForbidden(in text: some StringProtocol) -> Unicode.Scalar? {
        guard let byte = text.utf8.first(where: { $0 < 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }) else { return nil }
        return Unicode.Scalar(byte)
    }

    /// `U+0000`.
    public static func codePoint(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    /// `text` with its forbidden characters spelled `\u0000`, so a message can quote a field path
    /// built from a client's key without carrying the character itself.
    public static func printable(_ text: String) -> String {
        guard firstForbidden(in: text) != nil else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            if isAllowed(scalar) { out.unicodeScalars.append(scalar) } else { out += "\\u" + codePoint(scalar).dropFirst(2) }
        }
        return out
    }

    // MARK: Checks

    public static func forbiddenCharacter(_ scalar: Unicode.Scalar, field: String) -> DomainError {
        DomainError(.invalidCharacter, """
            \(printable(field)) contains the control character \(codePoint(scalar)), which cannot be stored \
            (of the control characters only tab, line feed and carriage return are allowed)
            """, field: field)
    }

    /// A text's characters.
    public static func text(_ value: String?, field: @autoclosure () -> String) throws(DomainError) {
        guard let value, let scalar = firstForbidden(in: value) else { return }
        throw forbiddenCharacter(scalar, field: field())
    }

    /// Each text of a list, named `field[i]`.
    static func texts(_ values: [String]?, field: String) throws(DomainError) {
        for (i, value) in (values ?? []).enumerated() { try text(value, field: "\(field)[\(i)]") }
    }

    /// A list's size.
    public static func count(_ count: Int, max: Int, field: String) throws(DomainError) {
        guard count > max else { return }
        throw DomainError(.tooManyItems, "\(printable(field)) has \(count) items; at most \(max) are allowed", field: field)
    }

    /// A text's length in characters (code points).
    static func tooLong(_ field: String, max: Int) -> DomainError {
        DomainError(.valueTooLong, "\(printable(field)) is longer than \(max) characters", field: field)
    }

    /// A free-form JSON value (a payor, a custom field): characters of every string and key, its
    /// nesting, and its size as compact JSON.
    public static func document(_ value: JSONValue, field: String, maxBytes: Int, maxDepth: Int = InputLimits.jsonDepth) throws(DomainError) {
        if let (path, scalar) = value.firstForbiddenCharacter() {
            throw forbiddenCharacter(scalar, field: FieldPath.render(path, under: field))
        }
        if value.depth > maxDepth {
            throw DomainError(.nestingTooDeep, "\(printable(field)) nests deeper than \(maxDepth) levels", field: field)
        }
        try size(value, field: field, maxBytes: maxBytes)
    }

    /// A JSON value's size as compact JSON.
    static func size(_ value: JSONValue, field: String, maxBytes: Int) throws(DomainError) {
        guard value.encodedSize(upTo: maxBytes) > maxBytes else { return }
        throw DomainError(.valueTooLong, "\(printable(field)) is larger than \(maxBytes) bytes (\(maxBytes >> 10) KiB) as JSON", field: field)
    }
}

/// A field's path in a request, rendered the way the client wrote the request:
/// `items[3].first_name`, `custom_fields.Preferred name`, `payors[0].subscriber.city`.
public enum FieldPath {
    public enum Component: Sendable, Equatable {
        case key(String)
        case index(Int)
    }

    public static func render(_ components: [Component], under prefix: String = "") -> String {
        var out = prefix
        for component in components {
            switch component {
            case .index(let i): out += "[\(i)]"
            case .key(let k): out += out.isEmpty ? k : ".\(k)"
            }
        }
        return out
    }
}

extension JSONValue {
    /// The first string or object key, depth-first in document order, holding a character
    /// `InputScreen` refuses, and where it is (a bad key is named by its own path).
    public func firstForbiddenCharacter() -> (path: [FieldPath.Component], scalar: Unicode.Scalar)? {
        var path: [FieldPath.Component] = []
        guard let scalar = Self.firstForbidden(self, &path) else { return nil }
        return (path, scalar)
    }

    private static func firstForbidden(_ value: JSONValue, _ path: inout [FieldPath.Component]) -> Unicode.Scalar? {
        switch value {
        case .string(let s):
            return InputScreen.firstForbidden(in: s)
        case .array(let items):
            for (i, item) in items.enumerated() {
                path.append(.index(i))
                if let found = firstForbidden(item, &path) { return found }
                path.removeLast()
            }
        case .object(let pairs):
            for (key, item) in pairs {
                path.append(.key(key))
                if let found = InputScreen.firstForbidden(in: key) ?? firstForbidden(item, &path) { return found }
                path.removeLast()
            }
        case .null, .bool, .int, .double:
            break
        }
        return nil
    }

    /// Levels of array and object nesting: a scalar is 0, `[]` and `{"a": 1}` are 1.
    public var depth: Int {
        switch self {
        case .array(let items): return 1 + (items.lazy.map(\.depth).max() ?? 0)
        case .object(let pairs): return 1 + (pairs.lazy.map(\.1.depth).max() ?? 0)
        default: return 0
        }
    }

    /// Bytes of this value as compact UTF-8 JSON, as the event encoder writes it (slashes not
    /// escaped). Counting stops once past `limit`, so measuring a huge value costs no more than
    /// measuring `limit` bytes of it.
    public func encodedSize(upTo limit: Int = .max) -> Int {
        var total = 0
        Self.measure(self, &total, limit)
        return total
    }

    private static func measure(_ value: JSONValue, _ total: inout Int, _ limit: Int) {
        guard total <= limit else { return }
        switch value {
        case .null: total += 4
        case .bool(let b): total += b ? 4 : 5
        case .int(let i): total += String(i).utf8.count
        case .double(let d): total += "\(d)".utf8.count
        case .string(let s): total += quotedSize(s)
        case .array(let items):
            total += 2 + (items.isEmpty ? 0 : -1)
            for item in items where total <= limit {
                total += 1
                measure(item, &total, limit)
            }
        case .object(let pairs):
            total += 2 + (pairs.isEmpty ? 0 : -1)
            for (key, item) in pairs where total <= limit {
                total += 1 + quotedSize(key) + 1
                measure(item, &total, limit)
            }
        }
    }

    /// A JSON string literal's size: quotes, and two bytes for each escaped `"`, `\` or short
    /// control escape (other controls take six, `\u001b`).
    private static func quotedSize(_ s: String) -> Int {
        var size = s.utf8.count + 2
        for byte in s.utf8 where byte < 0x20 || byte == 0x22 || byte == 0x5C {
            switch byte {
            case 0x22, 0x5C, 0x08, 0x09, 0x0A, 0x0C, 0x0D: size += 1
            default: size += 5
            }
        }
        return size
    }
}
