import Domain
import EventStore
import Foundation
import Logging
import PostgresNIO

extension ReadModelQueries {
    /// A patient's History as it stood at `asOf` (nil: up to now), built from `event_archive` — the
    /// complete log — not from `patient_history`: the archived events of the organization that
    /// touched the patient, with `occurred_at <= asOf`, decoded as the log's readers decode them and
    /// mapped through the same pure `HistoryEntries.entries(for:)` the projection writes, so it
    /// answers what the History said then, and today's History when `asOf` is nil.
    /// Ordered as the live History (`occurred_at`, event id); nil when the patient had no entry by then.
    public func history(org: UUID, patientId: UUID, asOf: Date?) async throws -> [HistoryEntryView]? {
        var out: [HistoryEntryView] = []
        for event in try await archivedEvents(org: org, patientId: patientId, asOf: asOf, ownOnly: false) {
            for row in HistoryEntries.entries(for: event) where row.patient_id == patientId {
                out.append(try HistoryEntryView(row))
            }
        }
        return out.isEmpty ? nil : out
    }

    /// The organization's archived events that touched the patient up to `asOf` (nil: now), decoded,
    /// ordered by `occurred_at`, event id: with `ownOnly` the patient's own aggregate alone, else
    /// also its appointments', group appointments' and waitlist requests' facts (a request's
    /// created and updated events name the patient inside `request`). Reads of the record (disclosures) are
    /// left out: they change nothing in it, and a much-read patient would otherwise drag them all in.
    func archivedEvents(org: UUID, patientId: UUID, asOf: Date?, ownOnly: Bool) async throws -> [EventEnvelope] {
        // Payloads spell ids as Foundation encodes a UUID (upper case); both spellings, so a
        // payload written another way still matches.
        let spellings = [patientId.uuidString, patientId.lowercased]
        let reads = DisclosureEventType.allCases.map(\.rawValue)
        // T goes in as seconds through to_timestamp, as the archive writes occurred_at: the same
        // instant gives the same microseconds (postgres-nio's Date truncates, so an event at exactly
        // T would fall a microsecond after it).
        let rows = try await client.query("""
            SELECT topic, partition, "offset", record_key, payload::text, headers::text, occurred_at FROM event_archive
            WHERE organization_id = \(org)
              AND ((aggregate_type = 'patient' AND aggregate_id = \(patientId))
                   OR (NOT \(ownOnly) AND (payload->>'patient_id' = ANY(\(spellings)::text[])
                                          -- the other side of a pair: possible duplicate, merge, not-duplicate
                                          OR payload->>'candidate_id' = ANY(\(spellings)::text[])
                                          OR payload->>'merged_patient_id' = ANY(\(spellings)::text[])
                                          OR payload->>'other_patient_id' = ANY(\(spellings)::text[])
                                          OR payload->'request'->>'patient_id' = ANY(\(spellings)::text[])
                                          OR payload->'patient_ids' ?| \(spellings)::text[])))
              AND event_type <> ALL(\(reads)::text[])
              AND (\(asOf?.timeIntervalSince1970)::float8 IS NULL OR occurred_at <= to_timestamp(\(asOf?.timeIntervalSince1970)))
            ORDER BY occurred_at, event_id
            """, logger: logger)
        var out: [EventEnvelope] = []
        for try await (topic, partition, offset, key, payload, headers, time) in rows.decode((String, Int32, Int64, ByteBuffer, String, String, Date).self) {
            let record = try EventArchive.record(topic: topic, partition: partition, offset: offset, key: key, payload: payload,
                                                 headers: headers, time: time)
            out.append(try EventRecordCodec.decode(record).envelope)
        }
        return out
    }
}

extension HistoryEntryView {
    /// A row as `patient_history` would give it back: changes go through JSON as they do through
    /// jsonb, so objects read back with their keys in the same (sorted) order as the live view's.
    init(_ row: HistoryEntries.Row) throws {
        let changes = try JSONDecoder().decode([FieldChange].self, from: JSONEncoder().encode(row.changes))
        self.init(eventId: row.event_id, occurredAt: Date(timeIntervalSince1970: row.occurred_at), eventType: row.event_type,
                  action: row.action, actor: row.actor, channel: row.channel, changes: changes)
    }
}
