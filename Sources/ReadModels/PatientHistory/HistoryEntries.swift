import Domain
import EventStore
import Foundation

/// The History view's rows for an event that touched patients; none for events that did not.
/// A pure function of the event, so rebuilding the history from the log gives the same rows.
/// The only switch over events in this projection.
enum HistoryEntries {
    /// A row of `patient_history`; column names match the table.
    struct Row: Encodable {
        let organization_id: UUID, event_id: UUID, patient_id: UUID, occurred_at: Double
        let event_type: String, action: String, actor: String, channel: String, changes: [FieldChange]
    }

    /// The rows an event writes: one per patient it touched (an archived class touches each attendee);
    /// none for facts of the organization itself, nor for reads (disclosures are listed apart, and
    /// a read changes nothing in the record).
    static func entries(for e: EventEnvelope) -> [Row] {
        let event: PatientEvent
        switch e.event {
        case .organization, .disclosures: return []
        case .patients(let p): event = p
        case .appointments(let a):
            let entry = AppointmentHistory.entry(a)
            return [row(e, patient: a.patientId, action: entry.action, changes: entry.changes)]
        case .groupAppointments(let g):
            return GroupAppointmentHistory.entries(g).map { row(e, patient: $0.patient, action: $0.action, changes: $0.changes) }
        case .waitlist(let w):
            let entry = WaitlistHistory.entry(w)
            return [row(e, patient: w.patientId, action: entry.action, changes: entry.changes)]
        }
        let change: (patient: UUID, action: String, changes: [FieldChange])
        switch event {
        case .possibleDuplicateFound(let d):
            // Both patients' History shows the pair, each naming the other.
            let evidence = JSONValue.array(d.evidence.map(\.json))
            func entry(_ other: UUID) -> [FieldChange] {
                [FieldChange(field: "possible_duplicate", old: .null, new: .object([
                    ("patient_id", .id(other)), ("probability", .double(d.probability)),
                    ("weights_version", .string(d.weightsVersion)), ("evidence", evidence),
                ]))]
            }
            return [row(e, patient: d.patientId, action: "possible_duplicate_found", changes: entry(d.candidateId)),
                    row(e, patient: d.candidateId, action: "possible_duplicate_found", changes: entry(d.patientId))]
        case .patientsMerged(let m):
            // The survivor's History names what it took over; the merged one's names where it went.
            let taken = FieldChange(field: "merged_patient", old: .null, new: .object([
                ("patient_id", .id(m.mergedPatientId)),
                ("external_ids", .array(m.externalIds.map { .object([("type_id", .id($0.typeId)), ("value", .string($0.value))]) })),
            ]))
            let went = FieldChange(field: "merged_into", old: .null, new: .object([("patient_id", .id(m.patientId))]))
            return [row(e, patient: m.patientId, action: "merged", changes: [taken]),
                    row(e, patient: m.mergedPatientId, action: "merged_into", changes: [went])]
        case .patientsMarkedNotDuplicate(let d):
            func entry(_ other: UUID) -> [FieldChange] {
                [FieldChange(field: "not_duplicate", old: .null, new: .object([("patient_id", .id(other))]))]
            }
            return [row(e, patient: d.patientId, action: "marked_not_duplicate", changes: entry(d.otherPatientId)),
                    row(e, patient: d.otherPatientId, action: "marked_not_duplicate", changes: entry(d.patientId))]
        case .patientCreated(let c):
            change = (c.patientId, "created", CreationChanges.of(c))
        case .patientUpdated(let u):
            change = (u.patientId, "updated", u.changes)
        case .externalIdAssigned(let x):
            change = (x.patientId, "external_id_assigned",
                      [FieldChange(field: "external_id_values.\(x.typeId.lowercased)", old: .null, new: .string(x.value))])
        case .externalIdReassigned(let x):
            change = (x.patientId, "external_id_reassigned",
                      [FieldChange(field: "external_id_values.\(x.typeId.lowercased)", old: .string(x.oldValue), new: .string(x.newValue))])
        case .communicationRecorded(let c):
            change = (c.patientId, "communication_recorded", [FieldChange(field: "communication", old: .null, new: .object([
                ("id", .id(c.communicationId)), ("channel", .string(c.channel.rawValue)), ("direction", .string(c.direction.rawValue)),
                ("occurred_at", .string(RFC3339.format(c.occurredAt))),
            ]))])
        }
        return [row(e, patient: change.patient, action: change.action, changes: change.changes)]
    }

    private static func row(_ e: EventEnvelope, patient: UUID, action: String, changes: [FieldChange]) -> Row {
        Row(organization_id: e.organizationId, event_id: e.eventId, patient_id: patient,
            occurred_at: e.time.timeIntervalSince1970, event_type: e.type, action: action, actor: e.actor,
            channel: e.channel.rawValue, changes: changes)
    }
}
