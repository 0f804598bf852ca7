import Foundation

func decideRecordCommunication(_ c: RecordCommunication, state: PatientsState,
                               context: DecisionContext) throws(DomainError) -> Decision<PatientReply> {
    try c.checkLimits()
    try state.requireLive(c.patientId, field: "patient_id")
    let when = c.occurredAt ?? context.now
    guard when <= context.now.addingTimeInterval(InputLimits.futureTolerance) else {
        throw DomainError(.invalidValue, "occurred_at must not be in the future", field: "occurred_at")
    }
    // Year 0 and the like are typing or conversion errors, and the first communication starts
    // the phone lock: an impossible date must not.
    guard when >= InputLimits.earliestInstant else {
        throw DomainError(.invalidValue, "occurred_at must not be before 1900-01-01T00:00:00Z", field: "occurred_at")
    }
    let summary = c.summary?.trimmingCharacters(in: .whitespacesAndNewlines)
    if let summary, InputLimits.length(summary) > InputLimits.comments { throw InputScreen.tooLong("summary", max: InputLimits.comments) }
    let recorded = CommunicationRecorded(
        patientId: c.patientId, communicationId: context.newId(0), channel: c.channel, direction: c.direction,
        occurredAt: when, summary: summary?.isEmpty == true ? nil : summary)
    return Decision([.patients(.communicationRecorded(recorded))],
                    reply: .communicationRecorded(patientId: c.patientId, communicationId: recorded.communicationId, occurredAt: when))
}
