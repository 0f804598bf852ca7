import Domain
import EventStore
import Foundation
import Logging
import PostgresNIO

/// `patient_disclosures`: one row per read of a patient's record, for `clinicledger disclosures`.
/// Not one of the API's read models: no reply waits for it.
public struct DisclosuresProjection: Projection {
    public static let name = "patient_disclosures"
    public var name: String { Self.name }
    public let eventTypes: Set<String>? = Set(DisclosureEventType.allCases.map(\.rawValue))
    public let tables = ["patient_disclosures"]

    public init() {}

    /// A row of `patient_disclosures`; column names match the table.
    struct Row: Encodable {
        let organization_id: UUID, event_id: UUID, seq: Int, patient_id: UUID, accessed_at: Double
        let actor: String, credential: String, channel: String, route: String
    }

    public func apply(_ events: [StoredEvent], on conn: PostgresConnection, logger: Logger) async throws {
        // Idempotent by event id through the table's key (organization_id, event_id, seq).
        let rows = events.flatMap { s -> [Row] in
            guard case .disclosures(.patientRecordAccessed(let e)) = s.envelope.event else { return [] }
            return e.accesses.enumerated().map { i, a in
                Row(organization_id: s.envelope.organizationId, event_id: s.envelope.eventId, seq: i, patient_id: e.patientId,
                    accessed_at: a.accessedAt.timeIntervalSince1970, actor: a.actor, credential: a.credential,
                    channel: a.channel.rawValue, route: a.route)
            }
        }
        guard !rows.isEmpty else { return }
        try await conn.query("""
            INSERT INTO patient_disclosures (organization_id, event_id, seq, patient_id, accessed_at, actor, credential, channel, route)
            SELECT x.organization_id, x.event_id, x.seq, x.patient_id, to_timestamp(x.accessed_at), x.actor, x.credential, x.channel, x.route
            FROM jsonb_to_recordset(\(try JSONRows.encode(rows))::jsonb) AS x(organization_id uuid, event_id uuid, seq integer,
                patient_id uuid, accessed_at double precision, actor text, credential text, channel text, route text)
            ON CONFLICT DO NOTHING
            """, logger: logger)
    }
}
