import PostgresNIO

/// What may be logged of an error: its kind and code, never its text. A PostgreSQL error's
/// full description carries the query and its bound values (patient data); DecodingErrors can
/// quote the offending value.
public enum LoggableError {
    public static func describe(_ error: any Error) -> String {
        let error = underlying(error)
        if let psql = error as? PSQLError {
            let state = psql.serverInfo?[.sqlState] ?? "-"
            return "PSQLError(\(psql.code), sqlstate \(state))"
        }
        return String(describing: type(of: error))
    }

    /// The error inside a failed `withTransaction`: the closure's, else the commit's or BEGIN's.
    public static func underlying(_ error: any Error) -> any Error {
        guard let t = error as? PostgresTransactionError else { return error }
        return t.closureError ?? t.commitError ?? t.beginError ?? error
    }

    /// PostgreSQL's SQLSTATE for a server error, e.g. `23514`.
    public static func sqlState(_ error: any Error) -> String? {
        (underlying(error) as? PSQLError)?.serverInfo?[.sqlState]
    }
}
