import Domain
import Foundation
import Logging
import PostgresNIO

extension ReadModelQueries {
    /// The History view of a patient, oldest first; nil when the organization has no such patient.
    /// Reads `patient_history` alone (every patient has its creation there), so History answers
    /// from its own projection whatever state the others are in.
    public func history(org: UUID, patientId: UUID) async throws -> [HistoryEntryView]? {
        var out: [HistoryEntryView] = []
        let rows = try await client.query("""
            SELECT event_id, occurred_at, event_type, action, actor, channel, changes::text FROM patient_history
            WHERE organization_id = \(org) AND patient_id = \(patientId) ORDER BY occurred_at, event_id
            """, logger: logger)
        let decoder = JSONDecoder()
        for try await (id, at, type, action, actor, channel, changes) in rows.decode((UUID, Date, String, String, String, String, String).self) {
            out.append(HistoryEntryView(eventId: id, occurredAt: at, eventType: type, action: action, actor: actor, channel: channel,
                                        changes: try decoder.decode([FieldChange].self, from: Data(changes.utf8))))
        }
        return out.isEmpty ? nil : out
    }
}
