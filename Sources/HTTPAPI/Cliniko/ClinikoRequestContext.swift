import Foundation
import Hummingbird
import ReadModels

/// A request to Cliniko's routes whose Basic user name named an organization: handlers get the
/// caller, never optional. Without credentials, 401 in Cliniko's envelope with
/// `WWW-Authenticate: Basic` (an unknown key is refused by `ClinikoAuthenticator` before this).
public struct ClinikoRequestContext: DialectRequestContext {
    public typealias Failure = ClinikoError
    public var coreContext: CoreRequestContextStorage
    public let caller: Caller

    public init(context: APIRequestContext) throws {
        guard case .organization(let caller)? = context.identity else { throw ClinikoError.missingCredentials }
        self.coreContext = context.coreContext
        self.caller = caller
    }

    /// A path parameter as a Cliniko id. Text that is not one cannot name anything of the
    /// caller's: 404 like an unknown id, naming what was looked for.
    func id(_ name: String = "id", _ what: String) throws(ClinikoError) -> Int64 {
        try Self.id(parameters.get(name), what)
    }

    /// A path id as Cliniko spells it (also a commands-topic record's `ce_subject`).
    static func id(_ text: String?, _ what: String) throws(ClinikoError) -> Int64 {
        guard let text, let id = ClinikoIds.parse(text) else { throw .notFound(what) }
        return id
    }
}

/// Finding the one row of the caller's organization a Cliniko id names, through the resource's
/// list (`cliniko_id(id) = n`, archived rows included: asking by id is asking for that row).
enum ClinikoLookup {
    /// The row, or 404 (`what` not found) when none, 409 when the id folds from two rows.
    static func one<Item: Sendable>(_ id: Int64, what: String, schema: ListSchema,
                                    fetch: (ListQuery) async throws -> ListPage<Item>) async throws -> Item {
        var conditions = [ListCondition(field: "id", op: .equal, value: .numbers([id]))]
        if let archived = schema.archivedField { conditions.append(ListCondition(field: archived, op: .any, value: .none)) }
        let found = try await fetch(ListQuery(conditions: conditions, offset: 0, limit: 2)).items
        guard let first = found.first else { throw ClinikoError.notFound(what) }
        guard found.count == 1 else { throw ClinikoError.ambiguous(what, id: id) }
        return first
    }

    /// An id sent in a body field: unparseable is 422 naming the field; the row is then looked up
    /// as `one` does, and a miss is 422 too (the body named nothing).
    static func body<Item: Sendable>(_ text: String, field: String, what: String, schema: ListSchema,
                                     fetch: (ListQuery) async throws -> ListPage<Item>) async throws -> Item {
        guard let id = ClinikoIds.parse(text) else { throw ClinikoError.invalid("is not a valid id", field: field) }
        do { return try await one(id, what: what, schema: schema, fetch: fetch) } catch let e as ClinikoError where e.status == .notFound {
            throw ClinikoError.invalid("\(what) \(id) not found", field: field)
        }
    }
}
