import Domain
import Foundation
import PostgresNIO

/// What a list field holds, which decides the operators it takes and how its values are read.
public enum ListFieldKind: String, Sendable {
    case dateTime = "date-time"
    /// A 64-bit integer: a number, or an id compared as a number.
    case int64
    case string
    /// An array of 64-bit ids (`patient_ids`): only "contains".
    case int64Array = "array"
}

/// How a condition compares. Which operators a field takes is its kind's to say (`allowed(for:)`).
public enum ListOperator: String, CaseIterable, Sendable {
    case equal, notEqual, greater, greaterOrEqual, less, lessOrEqual
    /// Not null / null / any value at all (the last lifts the default that hides archived rows).
    case present, absent, any
    /// String: contains the text. Array: contains the value.
    case contains
    /// String: SQL LIKE where `%` is the only wildcard.
    case like

    public static func allowed(for kind: ListFieldKind) -> [ListOperator] {
        switch kind {
        case .dateTime: [.equal, .greaterOrEqual, .greater, .lessOrEqual, .less, .present, .absent, .any]
        case .int64: [.equal, .notEqual, .greaterOrEqual, .greater, .lessOrEqual, .less, .present, .absent, .any]
        case .string: [.equal, .notEqual, .contains, .like]
        case .int64Array: [.contains]
        }
    }
}

/// A condition's operand, already read as its field's kind.
public enum ListValue: Equatable, Sendable {
    /// `present`, `absent`, `any` take none.
    case none
    case time(Date)
    /// A bare date: the whole UTC day (`= 2026-12-01` is that day; `> 2026-12-01` is from the next).
    case day(CalendarDate)
    /// One number, or several for `equal` (IN).
    case numbers([Int64])
    case text(String)
}

public struct ListCondition: Equatable, Sendable {
    public var field: String
    public var op: ListOperator
    public var value: ListValue

    public init(field: String, op: ListOperator, value: ListValue) {
        self.field = field; self.op = op; self.value = value
    }
}

public struct ListSort: Equatable, Sendable {
    public var field: String
    public var descending: Bool

    public init(_ field: String, descending: Bool = false) {
        self.field = field; self.descending = descending
    }
}

/// A list request in no dialect's spelling: conditions (ANDed), the order, the page. A dialect
/// parses its query string into this against a `ListSchema`; `ListSQL` turns it into SQL.
public struct ListQuery: Equatable, Sendable {
    public var conditions: [ListCondition]
    /// Empty: the schema's default order.
    public var sort: [ListSort]
    public var offset: Int
    public var limit: Int

    public init(conditions: [ListCondition] = [], sort: [ListSort] = [], offset: Int = 0, limit: Int = 50) {
        self.conditions = conditions; self.sort = sort; self.offset = offset; self.limit = limit
    }
}

/// One field a list can filter or sort by: the SQL expression it reads (trusted text written in
/// code, never from a request) and its kind.
public struct ListColumn: Sendable {
    public var sql: String
    public var kind: ListFieldKind
    public var sortable: Bool

    public init(_ sql: String, _ kind: ListFieldKind, sortable: Bool = false) {
        self.sql = sql; self.kind = kind; self.sortable = sortable
    }
}

/// A resource's field table: its table, its fields by the names clients use, and how it orders.
/// Every query `ListSQL` builds from it is scoped by `organization_id` of `table`.
public struct ListSchema: Sendable {
    public var table: String
    public var columns: [String: ListColumn]
    /// The order when a query names none (`created_at` ascending for Cliniko's resources).
    public var defaultSort: ListSort
    /// Appended to every order so pages never overlap or skip rows that tie (an id column).
    public var tieBreak: String
    /// The field that marks a row archived: such rows are left out unless a condition names this
    /// field (`archived_at:*` lifts the restriction entirely). Nil: the resource is never archived.
    public var archivedField: String?

    public init(table: String, columns: [String: ListColumn], defaultSort: ListSort, tieBreak: String = "id",
                archivedField: String? = nil) {
        self.table = table; self.columns = columns; self.defaultSort = defaultSort; self.tieBreak = tieBreak
        self.archivedField = archivedField
    }

    public var sortableFields: [String] { columns.filter(\.value.sortable).keys.sorted() }
}

/// SQL for a `ListQuery` over a `ListSchema`: every value is a bind, every expression comes from
/// the schema, and `organization_id = $1` leads the WHERE clause of both statements.
public enum ListSQL {
    /// `SELECT <select> FROM <table> WHERE … ORDER BY … LIMIT … OFFSET …` and the matching
    /// `SELECT count(*)`. Fields the schema does not name are a programming error (the parser
    /// checked them): they trap rather than reach SQL.
    public static func build(_ query: ListQuery, schema: ListSchema, select: String, org: UUID) -> (rows: PostgresQuery, count: PostgresQuery) {
        var binds = PostgresBindings()
        binds.append(org)
        var clauses = ["\(schema.table).organization_id = $1"]
        func bind(_ value: any PostgresDynamicTypeEncodable) -> String {
            binds.append(value)
            return "$\(binds.count)"
        }
        for condition in query.conditions {
            guard let column = schema.columns[condition.field] else { preconditionFailure("unknown list field \(condition.field)") }
            if let clause = clause(condition, column.sql, bind: bind) { clauses.append(clause) }
        }
        if let archived = schema.archivedField, !query.conditions.contains(where: { $0.field == archived }),
           let column = schema.columns[archived] {
            clauses.append("\(column.sql) IS NULL")
        }
        let sort = query.sort.isEmpty ? [schema.defaultSort] : query.sort
        let order = sort.map { s -> String in
            guard let column = schema.columns[s.field] else { preconditionFailure("unknown sort field \(s.field)") }
            return "\(column.sql) \(s.descending ? "DESC" : "ASC")"
        } + ["\(schema.table).\(schema.tieBreak) \(sort.last?.descending == true ? "DESC" : "ASC")"]
        let whereSQL = clauses.joined(separator: " AND ")
        let countQuery = PostgresQuery(unsafeSQL: "SELECT count(*) FROM \(schema.table) WHERE \(whereSQL)", binds: binds)
        let limit = bind(Int64(query.limit)), offset = bind(Int64(query.offset))
        let rows = PostgresQuery(unsafeSQL: """
            SELECT \(select) FROM \(schema.table) WHERE \(whereSQL) ORDER BY \(order.joined(separator: ", ")) LIMIT \(limit) OFFSET \(offset)
            """, binds: binds)
        return (rows, countQuery)
    }

    private static func clause(_ c: ListCondition, _ sql: String, bind: (any PostgresDynamicTypeEncodable) -> String) -> String? {
        switch (c.op, c.value) {
        case (.any, _): return nil
        case (.present, _): return "\(sql) IS NOT NULL"
        case (.absent, _): return "\(sql) IS NULL"
        case (_, .day(let day)):
            // A day is the half-open range [start, start + 1 day) in UTC.
            let start = RFC3339.parse("\(day)T00:00:00Z")!, end = start.addingTimeInterval(86_400)
            switch c.op {
            case .equal: return "(\(sql) >= \(bind(start)) AND \(sql) < \(bind(end)))"
            case .notEqual: return "NOT (\(sql) >= \(bind(start)) AND \(sql) < \(bind(end)))"
            case .greater: return "\(sql) >= \(bind(end))"
            case .greaterOrEqual: return "\(sql) >= \(bind(start))"
            case .less: return "\(sql) < \(bind(start))"
            case .lessOrEqual: return "\(sql) < \(bind(end))"
            default: preconditionFailure("\(c.op) does not take a date")
            }
        case (.equal, .numbers(let numbers)) where numbers.count > 1:
            return "\(sql) = ANY(\(bind(numbers)))"
        case (.contains, .numbers(let numbers)):
            // An array of ids held as jsonb strings or numbers: containment by number.
            return "\(bind(numbers.first ?? 0)) = ANY(\(sql))"
        case (.contains, .text(let text)):
            return "strpos(lower(\(sql)), lower(\(bind(text)))) > 0"
        case (.like, .text(let text)):
            return "\(sql) ILIKE \(bind(likePattern(text))) ESCAPE '\\'"
        case (_, let value):
            let operand: String
            switch value {
            case .time(let date): operand = bind(date)
            case .numbers(let numbers): operand = bind(numbers.first ?? 0)
            case .text(let text): operand = bind(text)
            case .none, .day: preconditionFailure("\(c.op) takes a value")
            }
            return "\(sql) \(symbol(c.op)) \(operand)"
        }
    }

    private static func symbol(_ op: ListOperator) -> String {
        switch op {
        case .equal: "="
        case .notEqual: "IS DISTINCT FROM"
        case .greater: ">"
        case .greaterOrEqual: ">="
        case .less: "<"
        case .lessOrEqual: "<="
        default: preconditionFailure("\(op) is not a comparison")
        }
    }

    /// The client's `%` stays a wildcard; every other LIKE metacharacter (`_`, and the escape `\`
    /// itself) is matched literally.
    public static func likePattern(_ text: String) -> String {
        var out = ""
        for c in text {
            if c == "_" || c == "\\" { out.append("\\") }
            out.append(c)
        }
        return out
    }
}

/// One page of a list and how many rows match in all.
public struct ListPage<Item: Sendable>: Sendable {
    public var items: [Item]
    public var total: Int

    public init(items: [Item], total: Int) {
        self.items = items; self.total = total
    }
}

extension ReadModelQueries {
    /// Runs a list query over a schema: the page's rows, each decoded by `row` from the columns of
    /// `select`, and the count of every matching row, both scoped to `org`.
    public func page<Item: Sendable>(_ query: ListQuery, schema: ListSchema, select: String, org: UUID,
                                     row: (PostgresRow) throws -> Item) async throws -> ListPage<Item> {
        let (rowsQuery, countQuery) = ListSQL.build(query, schema: schema, select: select, org: org)
        var items: [Item] = []
        for try await r in try await client.query(rowsQuery, logger: logger) { items.append(try row(r)) }
        var total = 0
        for try await n in try await client.query(countQuery, logger: logger).decode(Int64.self) { total = Int(n) }
        return ListPage(items: items, total: total)
    }
}
