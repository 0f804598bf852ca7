import EventStore
import Logging
import PostgresNIO

/// One read model built from the events topic: the tables it owns, the event types it wants, and
/// its own positions (`projection_positions.projector = name`), applied one batch per PostgreSQL
/// transaction by a `ProjectionRunner`. A projection that cannot apply an event stops alone, and
/// can be rebuilt alone (`ProjectionRebuild`).
public protocol Projection: Sendable {
    var name: String { get }
    /// The `ce_type` names it applies; nil = every event. The runner still moves its positions
    /// past the others, without handing them over.
    var eventTypes: Set<String>? { get }
    /// The tables it owns: a rebuild empties them, the checksum reads them. No other projection writes them.
    var tables: [String] { get }
    /// Applies a batch (log order per partition) inside the batch's transaction. Must be
    /// idempotent by event id: a broker without abort markers can deliver an event twice.
    func apply(_ events: [StoredEvent], on conn: PostgresConnection, logger: Logger) async throws
    /// Whether a batch's commit waits for the WAL flush. A read model need not: rows and positions
    /// commit together, so a crash loses both and the batch is replayed from the log. The archive
    /// must (it is what embedded mode acknowledges on, and what a restart restores from).
    var commitsDurably: Bool { get }
}

extension Projection {
    public var commitsDurably: Bool { false }

    func wants(_ event: StoredEvent) -> Bool {
        eventTypes?.contains(event.envelope.type) ?? true
    }
}
