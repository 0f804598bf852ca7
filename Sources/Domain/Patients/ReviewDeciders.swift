import Foundation

/// The review queue's two verdicts on a pair of patients. Either patient may come from a possible
/// duplicate or from anywhere else a person noticed them; both must be live (not merged away).

/// Merge: `mergedId` folds into `survivorId`. Sent again after it took effect, it answers the
/// same and writes nothing.
func decideMergePatients(_ c: MergePatients, state: PatientsState) throws(DomainError) -> Decision<PatientReply> {
    let reply = PatientReply.patientsMerged(survivorId: c.survivorId, mergedId: c.mergedId)
    guard c.survivorId != c.mergedId else {
        throw DomainError(.invalidValue, "duplicate_id names the patient itself; send the other patient's id", field: "duplicate_id")
    }
    if state.mergedInto[c.mergedId] == c.survivorId, state.records[c.survivorId] != nil { return Decision([], reply: reply) }
    try state.requireLive(c.survivorId, field: "id")
    let merged = try state.requireLive(c.mergedId, field: "duplicate_id", missing: .unknownReference)
    let externalIds = merged.externalIds.map { ExternalIdValue(typeId: $0.key, value: $0.value) }
        .sorted { ($0.typeId.uuidString, $0.value) < ($1.typeId.uuidString, $1.value) }
    return Decision([.patients(.patientsMerged(PatientsMerged(patientId: c.survivorId, mergedPatientId: c.mergedId, externalIds: externalIds)))],
                    reply: reply)
}

/// Not a duplicate: remembered for the pair, whichever way round. Said twice, written once.
func decideMarkNotDuplicate(_ c: MarkNotDuplicate, state: PatientsState) throws(DomainError) -> Decision<PatientReply> {
    let reply = PatientReply.notDuplicateRecorded(patientId: c.patientId, otherPatientId: c.otherPatientId)
    guard c.patientId != c.otherPatientId else {
        throw DomainError(.invalidValue, "duplicate_id names the patient itself; send the other patient's id", field: "duplicate_id")
    }
    try state.requireLive(c.patientId, field: "id")
    try state.requireLive(c.otherPatientId, field: "duplicate_id", missing: .unknownReference)
    if state.notDuplicates.contains(PatientPair(c.patientId, c.otherPatientId)) { return Decision([], reply: reply) }
    return Decision([.patients(.patientsMarkedNotDuplicate(PatientsMarkedNotDuplicate(patientId: c.patientId, otherPatientId: c.otherPatientId)))],
                    reply: reply)
}
