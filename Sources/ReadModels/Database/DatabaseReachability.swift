import Logging
import NIOCore
import PostgresNIO

/// A first connection made by hand at start-up, so a wrong password or host is reported within
/// seconds in words a user can act on — the pool alone retries for about a minute and then
/// reports only that its circuit breaker tripped.
public enum DatabaseReachability {
    public struct Unreachable: Error, CustomStringConvertible {
        public let description: String
    }

    public static func check(_ settings: PostgresSettings, timeout: Duration = .seconds(10), logger: Logger) async throws {
        let target = settings.unixSocketDirectory.map { "\($0) (socket)" } ?? "\(settings.host):\(settings.port)"
        let what = "cannot connect to PostgreSQL at \(target) as \(settings.username), database \(settings.database)"
        let attempt = Task { try await PostgresConnection.connect(configuration: settings.connectionConfiguration, id: 0, logger: logger) }
        let timer = Task {
            try await Task.sleep(for: timeout)
            attempt.cancel()
        }
        defer { timer.cancel() }
        do {
            let connection = try await attempt.value
            try? await connection.close()
        } catch let error as PSQLError {
            // The server's own words ("password authentication failed for user …") name no data.
            let reason = error.serverInfo?[.message] ?? (attempt.isCancelled ? "no answer within \(timeout)"
                : error.underlying.map { "\($0)" } ?? "\(error.code)")
            throw Unreachable(description: "\(what): \(reason)")
        } catch {
            throw Unreachable(description: "\(what): \(attempt.isCancelled ? "no answer within \(timeout)" : "\(error)")")
        }
    }
}
