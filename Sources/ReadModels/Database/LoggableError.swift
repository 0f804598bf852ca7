import PostgresNIO

/// What may be logged of an error: its kind and code, never its text. A PostgreSQL error's
/// full description carries the query and its bound values (patient data); DecodingErrors can
/// quote the offending value.
public enum LoggableError {
    public static func describe(_ error: any Error) -> String {
        if let psql = error as? PSQLError {
            let state = psql.serverInfo?[.sqlState] ?? "-"
            return "PSQLError(\(psql.code), sqlstate \(state))"
        }
        return String(describing: type(of: error))
    }
}
