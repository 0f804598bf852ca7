import EventLog
import EventStore
import Foundation
import Logging
import PostgresNIO

extension EventArchive {
    /// Which archived events a replay reads: one organization's, optionally within a time window
    /// (`from <= occurred_at <= to`) and of some event types (`ce_type`; empty = all).
    public struct ReplayFilter: Sendable {
        public var organizationId: UUID
        public var from: Date?
        public var to: Date?
        public var types: [String]

        public init(organizationId: UUID, from: Date? = nil, to: Date? = nil, types: [String] = []) {
            self.organizationId = organizationId; self.from = from; self.to = to; self.types = types
        }
    }

    /// Hands the organization's archived events to `each` in log order (topic, partition, offset —
    /// an organization's events share one partition), reading `pageSize` rows at a time after the
    /// last position seen, so a replay of millions of events holds one page in memory.
    /// Each row is decoded as the log's readers decode it. Returns how many events it handed over.
    @discardableResult
    public func replay(_ filter: ReplayFilter, pageSize: Int = 1000, _ each: (StoredEvent) async throws -> Void) async throws -> Int {
        var after = (topic: "", partition: Int32(-1), offset: Int64(-1))
        var count = 0
        // Times as seconds through to_timestamp, as the archive writes them, so bounds are exact (see HistoryAsOf).
        let from = filter.from?.timeIntervalSince1970, to = filter.to?.timeIntervalSince1970
        while true {
            let rows = try await client.query("""
                SELECT topic, partition, "offset", record_key, payload::text, headers::text, occurred_at FROM event_archive
                WHERE organization_id = \(filter.organizationId)
                  AND (topic, partition, "offset") > (\(after.topic), \(after.partition), \(after.offset))
                  AND (\(from)::float8 IS NULL OR occurred_at >= to_timestamp(\(from)))
                  AND (\(to)::float8 IS NULL OR occurred_at <= to_timestamp(\(to)))
                  AND (cardinality(\(filter.types)::text[]) = 0 OR event_type = ANY(\(filter.types)::text[]))
                ORDER BY topic, partition, "offset" LIMIT \(pageSize)
                """, logger: logger)
            var page: [StoredEvent] = []
            for try await (topic, partition, offset, key, payload, headers, time) in rows.decode((String, Int32, Int64, ByteBuffer, String, String, Date).self) {
                let record = try Self.record(topic: topic, partition: partition, offset: offset, key: key, payload: payload,
                                             headers: headers, time: time)
                page.append(try EventRecordCodec.decode(record))
            }
            for event in page { try await each(event) }
            count += page.count
            guard page.count == pageSize, let last = page.last else { return count }
            after = (last.topic, last.partition, last.offset)
        }
    }
}

extension EventArchive {
    /// Hands the archived records of `topic` to `each` undecoded, as the log held them, in log order:
    /// one organization's, or with `organizationId` nil every organization's (an operator's audit
    /// read, `clinicledger verify`). Pages of `pageSize` rows after the last position seen.
    @discardableResult
    public func scan(topic: String, organizationId: UUID?, pageSize: Int = 1000,
                     _ each: (ConsumedRecord) async throws -> Void) async throws -> Int {
        var after = (partition: Int32(-1), offset: Int64(-1))
        var count = 0
        while true {
            let rows = try await client.query("""
                SELECT partition, "offset", record_key, payload::text, headers::text, occurred_at FROM event_archive
                WHERE topic = \(topic) AND (\(organizationId)::uuid IS NULL OR organization_id = \(organizationId))
                  AND (partition, "offset") > (\(after.partition), \(after.offset))
                ORDER BY partition, "offset" LIMIT \(pageSize)
                """, logger: logger)
            var page: [ConsumedRecord] = []
            for try await (partition, offset, key, payload, headers, time) in rows.decode((Int32, Int64, ByteBuffer, String, String, Date).self) {
                page.append(try Self.record(topic: topic, partition: partition, offset: offset, key: key, payload: payload,
                                            headers: headers, time: time))
            }
            for record in page { try await each(record) }
            count += page.count
            guard page.count == pageSize, let last = page.last else { return count }
            after = (last.partition, last.offset)
        }
    }
}
