import Domain
import Foundation
import Logging
import PostgresNIO

extension ReadModelQueries {
    /// The History view of a patient, oldest first; nil when the organization has no such patient.
    /// Reads `patient_history` (every patient has its creation there) and, for a survivor of
    /// merges, the `patients` rows merged into it: their History is the survivor's too. An event
    /// both wrote a row for (the merge itself) is shown once, as the survivor's.
    public func history(org: UUID, patientId: UUID) async throws -> [HistoryEntryView]? {
        var out: [HistoryEntryView] = []
        let rows = try await client.query("""
            SELECT DISTINCT ON (occurred_at, event_id) event_id, occurred_at, event_type, action, actor, channel, changes::text
            FROM patient_history
            WHERE organization_id = \(org)
              AND (patient_id = \(patientId)
                   OR patient_id IN (SELECT id FROM patients WHERE organization_id = \(org) AND merged_into = \(patientId)))
            ORDER BY occurred_at, event_id, patient_id = \(patientId) DESC
            """, logger: logger)
        let decoder = JSONDecoder()
        for try await (id, at, type, action, actor, channel, changes) in rows.decode((UUID, Date, String, String, String, String, String).self) {
            out.append(HistoryEntryView(eventId: id, occurredAt: at, eventType: type, action: action, actor: actor, channel: channel,
                                        changes: try decoder.decode([FieldChange].self, from: Data(changes.utf8))))
        }
        return out.isEmpty ? nil : out
    }
}
