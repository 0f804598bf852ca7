import EventStore
import Logging
import PostgresNIO

/// One read model built from the events topic: its own tables and its own positions
/// (`projection_positions.projector = name`), applied one batch per PostgreSQL transaction by a
/// `ProjectionRunner`. A projection that cannot apply an event stops alone.
public protocol Projection: Sendable {
    var name: String { get }
    /// Applies a batch (log order per partition) inside the batch's transaction. Must be
    /// idempotent by event id: a broker without abort markers can deliver an event twice.
    func apply(_ events: [StoredEvent], on conn: PostgresConnection, logger: Logger) async throws
}
