import EventStore
import Foundation
import Logging
import PostgresNIO

/// `event_archive`: every event with its envelope, in log order — the complete log behind any
/// broker's retention, for audit, replay and restore. Its own projection (position
/// `event_archive`), so a read model that cannot apply an event never stops archiving.
public struct ArchiveProjection: Projection {
    public static let name = "event_archive"
    public var name: String { Self.name }
    public let eventTypes: Set<String>? = nil
    public let tables = ["event_archive"]
    /// Durable: embedded mode acknowledges a write once it is here, and restarts restore from it.
    public let commitsDurably = true

    public init() {}

    struct Row: Encodable {
        let event_id: UUID, organization_id: UUID, topic: String, partition: Int32, offset: Int64
        let event_type: String, aggregate_type: String, aggregate_id: UUID, aggregate_version: Int
        let command_id: UUID, occurred_at: Double, record_key: String, headers: [String: String], payload: String
        let prev_hash: String?

        init(_ s: StoredEvent) {
            let e = s.envelope
            event_id = e.eventId; organization_id = e.organizationId; topic = s.topic; partition = s.partition; offset = s.offset
            event_type = e.type; aggregate_type = e.aggregateType; aggregate_id = e.aggregateId
            aggregate_version = e.aggregateVersion; command_id = e.commandId; occurred_at = e.time.timeIntervalSince1970
            record_key = Data(s.recordKey).base64EncodedString(); headers = s.headers
            payload = String(decoding: s.payload, as: UTF8.self)
            prev_hash = e.prevHash
        }
    }

    /// An event already archived (redelivery, or an aborted-then-retried transaction the embedded
    /// broker shows twice) keeps its first row and offset.
    public func apply(_ events: [StoredEvent], on conn: PostgresConnection, logger: Logger) async throws {
        let json = try JSONRows.encode(events.map(Row.init))
        try await conn.query("""
            INSERT INTO event_archive (event_id, organization_id, topic, partition, "offset", event_type, aggregate_type,
                aggregate_id, aggregate_version, command_id, occurred_at, record_key, headers, payload, prev_hash)
            SELECT x.event_id, x.organization_id, x.topic, x.partition, x."offset", x.event_type, x.aggregate_type,
                x.aggregate_id, x.aggregate_version, x.command_id, to_timestamp(x.occurred_at), decode(x.record_key, 'base64'),
                x.headers, x.payload::jsonb, x.prev_hash
            FROM jsonb_to_recordset(\(json)::jsonb) AS x(event_id uuid, organization_id uuid, topic text, partition integer,
                "offset" bigint, event_type text, aggregate_type text, aggregate_id uuid, aggregate_version integer,
                command_id uuid, occurred_at double precision, record_key text, headers jsonb, payload text, prev_hash text)
            ON CONFLICT (event_id) DO NOTHING
            """, logger: logger)
    }
}
