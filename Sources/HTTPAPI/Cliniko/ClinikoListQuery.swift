import Domain
import Foundation
import Hummingbird
import ReadModels

/// A Cliniko list's query string read into a `ListQuery` against the resource's field table:
/// - `q[]=field:OPvalue`, repeatable, ANDed. Operators by the field's kind (`ListOperator.allowed`):
///   date-time `=` `>=` `>` `<=` `<` `?` (not null) `!?` (null) `*` (any); numbers and ids the same
///   plus `!=`, and `=` with a comma list (IN); strings `=` `!=` `~` (contains) `~~` (LIKE, `%` the
///   only wildcard); arrays of ids `~` (contains). Text comparisons by `~` and `~~` ignore case.
///   A date-time is RFC 3339 (offsets allowed) or a bare date, read as that whole UTC day.
/// - `sort=field[:desc],field2` over the schema's sortable fields; `order=asc|desc` (deprecated)
///   turns the default sort.
/// - `page` (from 1) and `per_page` (1–100, default 50).
/// Anything else wrong is 400 naming the filter or parameter. Other parameters are ignored.
struct ClinikoListQuery {
    static let defaultPerPage = 50
    static let maxPerPage = 100

    var list: ListQuery
    var page: Int
    var perPage: Int

    init(_ params: Parameters, schema: ListSchema) throws(ClinikoError) {
        page = try Self.whole(params.get("page"), name: "page", range: 1...Int(Int32.max), default: 1)
        perPage = try Self.whole(params.get("per_page"), name: "per_page", range: 1...Self.maxPerPage, default: Self.defaultPerPage)
        let conditions = try Self.conditions(params, schema: schema)
        let sort = try Self.sort(params.get("sort"), order: params.get("order"), schema: schema)
        list = ListQuery(conditions: conditions, sort: sort, offset: (page - 1) * perPage, limit: perPage)
    }

    /// Every `q[]` of a query string read against `schema` (also a get's, which takes filters
    /// but no paging). The name is matched decoded: `q%5B%5D` and `q[]` alike.
    static func conditions(_ params: Parameters, schema: ListSchema) throws(ClinikoError) -> [ListCondition] {
        let filters = params.filter { (String($0.key).removingPercentEncoding ?? String($0.key)) == "q[]" }.map { String($0.value) }
        do { try InputScreen.count(filters.count, max: InputLimits.queryValues, field: "q[]") } catch {
            throw .badRequest("Invalid parameter q[]: \(error.message)")
        }
        var conditions: [ListCondition] = []
        for text in filters { conditions.append(try condition(text, schema: schema)) }
        return conditions
    }

    /// Operator spellings, longest first so `>=` is not read as `>` with a value `=…`.
    static let operators: [(symbol: String, op: ListOperator)] = [
        (">=", .greaterOrEqual), ("<=", .lessOrEqual), ("!=", .notEqual), ("!?", .absent), ("~~", .like),
        ("=", .equal), (">", .greater), ("<", .less), ("?", .present), ("~", .contains), ("*", .any),
    ]

    static func symbol(_ op: ListOperator) -> String { operators.first { $0.op == op }!.symbol }

    /// One `q[]` value: `field:OPvalue`.
    static func condition(_ text: String, schema: ListSchema) throws(ClinikoError) -> ListCondition {
        func refuse(_ why: String) -> ClinikoError { .badRequest("Invalid filter q[]=\(InputScreen.printable(text)): \(why)") }
        guard let colon = text.firstIndex(of: ":") else { throw refuse("a filter is field:OPERATORvalue") }
        let field = String(text[..<colon])
        guard let column = schema.columns[field] else {
            throw refuse("unknown field \(InputScreen.printable(field)); filter by one of: \(schema.columns.keys.sorted().joined(separator: ", "))")
        }
        let rest = text[text.index(after: colon)...]
        guard let (symbol, op) = operators.first(where: { rest.hasPrefix($0.symbol) }) else {
            throw refuse("no operator after \(field):; \(field) takes \(allowedList(column.kind))")
        }
        guard ListOperator.allowed(for: column.kind).contains(op) else {
            throw refuse("\(field) does not take \(symbol); it takes \(allowedList(column.kind))")
        }
        let value = String(rest.dropFirst(symbol.count))
        if [.present, .absent, .any].contains(op) {
            guard value.isEmpty else { throw refuse("\(symbol) takes no value") }
            return ListCondition(field: field, op: op, value: .none)
        }
        guard !value.isEmpty else { throw refuse("no value after \(symbol)") }
        switch column.kind {
        case .dateTime:
            if let instant = RFC3339.parse(value) { return ListCondition(field: field, op: op, value: .time(instant)) }
            guard let day = CalendarDate(iso: value) else { throw refuse("\(field) takes a date-time (RFC 3339) or a date (YYYY-MM-DD)") }
            return ListCondition(field: field, op: op, value: .day(day))
        case .int64, .int64Array:
            let parts = op == .equal ? value.split(separator: ",", omittingEmptySubsequences: false).map(String.init) : [value]
            var numbers: [Int64] = []
            for part in parts {
                guard let number = ClinikoIds.parse(part) else { throw refuse("\(field) takes an id (digits, from 1 to \(Int64.max))") }
                numbers.append(number)
            }
            return ListCondition(field: field, op: op, value: .numbers(numbers))
        case .string:
            return ListCondition(field: field, op: op, value: .text(value))
        }
    }

    static func allowedList(_ kind: ListFieldKind) -> String {
        ListOperator.allowed(for: kind).map(symbol).joined(separator: " ")
    }

    /// `sort=created_at:desc,name`; without it the schema's default, turned by `order=desc`.
    static func sort(_ text: String?, order: String?, schema: ListSchema) throws(ClinikoError) -> [ListSort] {
        var descendingDefault = schema.defaultSort.descending
        if let order {
            guard order == "asc" || order == "desc" else { throw .badRequest("Invalid parameter order: it is asc or desc") }
            descendingDefault = order == "desc"
        }
        guard let text else { return [ListSort(schema.defaultSort.field, descending: descendingDefault)] }
        var out: [ListSort] = []
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            let parts = item.split(separator: ":", omittingEmptySubsequences: false)
            let field = String(parts[0])
            guard schema.columns[field]?.sortable == true else {
                throw .badRequest("Invalid parameter sort=\(InputScreen.printable(text)): sort by one of \(schema.sortableFields.joined(separator: ", "))")
            }
            guard parts.count == 1 || (parts.count == 2 && (parts[1] == "asc" || parts[1] == "desc")) else {
                throw .badRequest("Invalid parameter sort=\(InputScreen.printable(text)): a direction is :asc or :desc")
            }
            out.append(ListSort(field, descending: parts.count == 2 && parts[1] == "desc"))
        }
        return out
    }

    private static func whole(_ text: String?, name: String, range: ClosedRange<Int>, default value: Int) throws(ClinikoError) -> Int {
        guard let text else { return value }
        guard text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }), let n = Int(text), range.contains(n) else {
            throw .badRequest("Invalid parameter \(name): a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return n
    }
}
