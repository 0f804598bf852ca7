import Foundation
import PostgresNIO

/// Connection settings from a `postgres://user:password@host:port/database` URL
/// (`?host=/path` selects a Unix socket directory, as libpq does).
public struct PostgresSettings: Sendable, Equatable {
    public var host: String
    public var port: Int
    public var username: String
    public var password: String?
    public var database: String
    public var unixSocketDirectory: String?

    public enum Failure: Error, CustomStringConvertible {
        case badURL(String)
        public var description: String {
            switch self { case .badURL(let why): return "DATABASE_URL is not usable: \(why)" }
        }
    }

    public init(url text: String) throws {
        guard let c = URLComponents(string: text), c.scheme == "postgres" || c.scheme == "postgresql" else {
            throw Failure.badURL("expected postgres://user:password@host:port/database")
        }
        let db = c.path.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        guard !db.isEmpty else { throw Failure.badURL("no database name in the path") }
        host = c.host.flatMap { $0.isEmpty ? nil : $0 } ?? "127.0.0.1"
        port = c.port ?? 5432
        username = c.user ?? ProcessInfo.processInfo.environment["USER"] ?? "postgres"
        password = c.password
        database = db
        unixSocketDirectory = c.queryItems?.first { $0.name == "host" && ($0.value?.hasPrefix("/") ?? false) }?.value
    }

    /// The same server, another database (tests use a fresh database each).
    public func with(database: String) -> PostgresSettings {
        var copy = self
        copy.database = database
        return copy
    }

    public var clientConfiguration: PostgresClient.Configuration {
        if let dir = unixSocketDirectory {
            return PostgresClient.Configuration(unixSocketPath: "\(dir)/.s.PGSQL.\(port)", username: username,
                                                password: password, database: database)
        }
        return PostgresClient.Configuration(host: host, port: port, username: username, password: password,
                                            database: database, tls: .disable)
    }

    /// One connection's settings (the start-up reachability check).
    public var connectionConfiguration: PostgresConnection.Configuration {
        if let dir = unixSocketDirectory {
            return .init(unixSocketPath: "\(dir)/.s.PGSQL.\(port)", username: username, password: password, database: database)
        }
        return .init(host: host, port: port, username: username, password: password, database: database, tls: .disable)
    }

    /// The URL without the password, for logs and error messages.
    public var redacted: String { "postgres://\(username)@\(host):\(port)/\(database)" }
}
