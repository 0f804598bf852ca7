import Foundation

func decideRecordCommunication(_ c: RecordCommunication, state: OrganizationState,
                               context: DecisionContext) throws(DomainError) -> [DomainEvent] {
    guard state.patients[c.patientId] != nil else {
        throw DomainError(.patientNotFound, "patient not found", field: "patient_id")
    }
    let when = c.occurredAt ?? context.now
    guard when <= context.now.addingTimeInterval(300) else {
        throw DomainError(.invalidValue, "occurred_at must not be in the future", field: "occurred_at")
    }
    let summary = c.summary?.trimmingCharacters(in: .whitespacesAndNewlines)
    if let summary, summary.count > 10_000 {
        throw DomainError(.invalidValue, "summary is longer than 10000 characters", field: "summary")
    }
    return [.communicationRecorded(CommunicationRecorded(
        patientId: c.patientId, communicationId: context.newId(0), channel: c.channel, direction: c.direction,
        occurredAt: when, summary: summary?.isEmpty == true ? nil : summary))]
}
