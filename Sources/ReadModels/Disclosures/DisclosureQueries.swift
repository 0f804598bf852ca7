import Foundation
import Logging
import PostgresNIO

/// One read of a patient's record, as `patient_disclosures` holds it.
public struct DisclosureView: Sendable, Equatable {
    public var accessedAt: Date
    public var actor: String
    public var credential: String
    public var channel: String
    public var route: String
}

extension ReadModelQueries {
    /// Who read the patient's record, oldest first; `from` and `to` bound `accessed_at`, both inclusive.
    public func disclosures(org: UUID, patientId: UUID, from: Date?, to: Date?) async throws -> [DisclosureView] {
        let rows = try await client.query("""
            SELECT accessed_at, actor, credential, channel, route FROM patient_disclosures
            WHERE organization_id = \(org) AND patient_id = \(patientId)
              AND (\(from?.timeIntervalSince1970)::float8 IS NULL OR accessed_at >= to_timestamp(\(from?.timeIntervalSince1970)))
              AND (\(to?.timeIntervalSince1970)::float8 IS NULL OR accessed_at <= to_timestamp(\(to?.timeIntervalSince1970)))
            ORDER BY accessed_at, event_id, seq
            """, logger: logger)
        var out: [DisclosureView] = []
        for try await (at, actor, credential, channel, route) in rows.decode((Date, String, String, String, String).self) {
            out.append(DisclosureView(accessedAt: at, actor: actor, credential: credential, channel: channel, route: route))
        }
        return out
    }
}
