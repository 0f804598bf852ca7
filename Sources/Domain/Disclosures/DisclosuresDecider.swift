import Foundation

/// Records a batch of reads: one `PatientRecordAccessed` per patient, in the order each patient was
/// first read. No state is consulted: a read that returned a record is a fact whatever happened
/// since (a list only returns patients that exist).
public func decide(_ command: DisclosureCommand, context: DecisionContext) throws(DomainError) -> Decision<DisclosureReply> {
    try command.checkLimits()
    switch command {
    case .recordAccesses(let c):
        let late = context.now.addingTimeInterval(InputLimits.futureTolerance)
        var order: [UUID] = []
        var byPatient: [UUID: [RecordAccess]] = [:]
        for (i, a) in c.accesses.enumerated() {
            guard a.access.accessedAt <= late else {
                throw DomainError(.invalidValue, "accessed_at must not be in the future", field: "accesses[\(i)].accessed_at")
            }
            if byPatient[a.patientId] == nil { order.append(a.patientId) }
            byPatient[a.patientId, default: []].append(a.access)
        }
        let batchId = context.newId(0)
        let events = order.map { DomainEvent.disclosures(.patientRecordAccessed(PatientRecordAccessed(
            batchId: batchId, patientId: $0, accesses: byPatient[$0] ?? [])))
        }
        return Decision(events, reply: .accessesRecorded(batchId: batchId, count: c.accesses.count))
    }
}
