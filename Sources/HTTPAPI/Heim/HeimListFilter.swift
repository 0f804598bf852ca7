import Domain
import Hummingbird

/// One condition of a Heim list filter: `status:scheduled`, `start>=2025-03-01`,
/// `externalRef~"ABC"`. The value is the text the client sent, unquoted and unescaped; the list
/// route reads it as its field's type.
public struct HeimFilterCondition: Equatable, Sendable {
    public var field: String
    public var op: HeimListFilter.Op
    public var value: String

    public init(field: String, op: HeimListFilter.Op, value: String) {
        self.field = field; self.op = op; self.value = value
    }
}

/// Heim's list filter, `?filter=<field><op><value>` (docs.heim.health). Conditions are ANDed; they
/// come in repeated `filter=` parameters, or several in one separated by spaces or commas outside
/// quotes (`filter=status:scheduled,start>=2025-03-01`). A value is bare — no separator, quote or
/// operator character in it — or in double quotes, where anything goes and `\"` and `\\` are a
/// quote and a backslash (`externalRef:"A,B"`, `start>"2025-03-01T09:00:00Z"`). Which fields a list
/// takes, and with which operators, is the list route's to say (`validate(allowed:)`); malformed
/// text is 400 `invalid_filter` here, naming the condition.
public struct HeimListFilter: Sendable {
    public enum Op: String, CaseIterable, Sendable {
        case equals = ":"
        case greaterThan = ">"
        case lessThan = "<"
        case atLeast = ">="
        case atMost = "<="
        case contains = "~"
    }

    public var conditions: [HeimFilterCondition]

    /// The conditions of every `filter` parameter of a query string.
    public init(query: Parameters) throws(HeimError) {
        try self.init(query.getAll("filter"))
    }

    /// The conditions of each `filter` parameter's text, in order.
    public init(_ parameters: [String]) throws(HeimError) {
        var conditions: [HeimFilterCondition] = []
        for text in parameters {
            var parser = Parser(text: Array(text))
            let found = try parser.conditions()
            guard !found.isEmpty else { throw Self.malformed("the filter is empty", text) }
            conditions += found
        }
        do { try InputScreen.count(conditions.count, max: InputLimits.queryValues, field: "filter") } catch {
            throw HeimError.badRequest("invalid_filter", error.message, field: "filter")
        }
        self.conditions = conditions
    }

    /// Refuses a condition on a field the list does not filter by, or with an operator the field
    /// does not take, naming the field and what is allowed.
    public func validate(allowed: [String: Set<Op>]) throws(HeimError) {
        for condition in conditions {
            guard let ops = allowed[condition.field] else {
                throw Self.invalid("unknown filter field \"\(condition.field)\"; filter by one of: "
                                   + allowed.keys.sorted().joined(separator: ", "))
            }
            guard ops.contains(condition.op) else {
                throw Self.invalid("filter field \"\(condition.field)\" does not take the operator \(condition.op.rawValue); use "
                                   + Op.allCases.filter(ops.contains).map(\.rawValue).joined(separator: " "))
            }
        }
    }

    static func invalid(_ message: String) -> HeimError {
        HeimError.badRequest("invalid_filter", message, field: "filter")
    }

    static func malformed(_ problem: String, _ condition: String) -> HeimError {
        invalid("\(problem) in filter condition \"\(condition)\"")
    }

    /// Reads conditions left to right. Characters, not bytes, so a value keeps any text.
    private struct Parser {
        let text: [Character]
        var index = 0

        static let separators: Set<Character> = [" ", ","]
        /// Characters that begin or could be mistaken for an operator: a bare value may not hold them.
        static let operatorCharacters: Set<Character> = [":", ">", "<", "~", "=", "!"]

        mutating func conditions() throws(HeimError) -> [HeimFilterCondition] {
            var found: [HeimFilterCondition] = []
            while true {
                while index < text.count, Self.separators.contains(text[index]) { index += 1 }
                guard index < text.count else { return found }
                found.append(try condition())
            }
        }

        private mutating func condition() throws(HeimError) -> HeimFilterCondition {
            let start = index
            while index < text.count, Self.isFieldCharacter(text[index]) { index += 1 }
            let field = String(text[start..<index])
            guard !field.isEmpty else {
                let problem = index < text.count && Self.operatorCharacters.contains(text[index])
                    ? "no field before the operator" : "a field name is letters, digits, _ and . only"
                throw malformed(problem, from: start)
            }
            let op = try self.op(from: start)
            let value: String
            if index < text.count, text[index] == "\"" {
                value = try quoted(from: start)
            } else {
                let valueStart = index
                while index < text.count, !Self.separators.contains(text[index]) { index += 1 }
                let bare = text[valueStart..<index]
                guard !bare.isEmpty else { throw malformed("no value after the operator", from: start) }
                // `:` may stand in a bare value, so a time needs no quotes (`start>2026-12-01T09:00:00Z`).
                guard bare.first != ":", !bare.contains(where: { $0 == "\"" || ($0 != ":" && Self.operatorCharacters.contains($0)) }) else {
                    throw malformed("a value holding \" < > ~ = or ! must be in double quotes", from: start)
                }
                value = String(bare)
            }
            return HeimFilterCondition(field: field, op: op, value: value)
        }

        /// The longest operator at `index`: `>=` before `>`.
        private mutating func op(from start: Int) throws(HeimError) -> Op {
            for op in [Op.atLeast, .atMost, .equals, .greaterThan, .lessThan, .contains] {
                let symbol = Array(op.rawValue)
                if index + symbol.count <= text.count, Array(text[index..<index + symbol.count]) == symbol {
                    index += symbol.count
                    return op
                }
            }
            guard index < text.count, !Self.separators.contains(text[index]) else {
                throw malformed("no operator after the field (use : > < >= <= or ~)", from: start)
            }
            guard Self.operatorCharacters.contains(text[index]) else {
                throw malformed("a field name is letters, digits, _ and . only", from: start)  // the field ran into another character
            }
            let unknown = String(text[index...].prefix { Self.operatorCharacters.contains($0) }.prefix(2))
            throw malformed("unknown operator \"\(unknown)\" (use : > < >= <= or ~)", from: start)
        }

        /// A double-quoted value; `index` is at the opening quote.
        private mutating func quoted(from start: Int) throws(HeimError) -> String {
            index += 1
            var value = ""
            while index < text.count {
                let c = text[index]
                index += 1
                switch c {
                case "\"":
                    guard index == text.count || Self.separators.contains(text[index]) else {
                        throw malformed("text after the closing quote", from: start)
                    }
                    return value
                case "\\":
                    guard index < text.count, text[index] == "\"" || text[index] == "\\" else {
                        throw malformed("a backslash in quotes escapes only \" or \\", from: start)
                    }
                    value.append(text[index])
                    index += 1
                default:
                    value.append(c)
                }
            }
            throw malformed("unterminated quote", from: start)
        }

        /// The refusal naming the condition that starts at `start`: its text up to the next separator
        /// outside quotes, or to the end.
        private func malformed(_ problem: String, from start: Int) -> HeimError {
            var end = start
            var inQuotes = false
            while end < text.count {
                let c = text[end]
                if inQuotes, c == "\\" { end += 2; continue }
                if c == "\"" { inQuotes.toggle() } else if !inQuotes, Self.separators.contains(c) { break }
                end += 1
            }
            return HeimListFilter.malformed(problem, String(text[start..<min(end, text.count)]))
        }

        private static func isFieldCharacter(_ c: Character) -> Bool {
            c.isASCII && (c.isLetter || c.isNumber || c == "_" || c == ".")
        }
    }
}
