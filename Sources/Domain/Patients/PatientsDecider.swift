/// The patient commands, each decided in its own file. Patients refer to the organization's
/// reference data (stages, users, locations, tags, external-id types), read from its slice.
public func decide(_ command: PatientCommand, state: PatientsState, reference: ReferenceDataState,
                   context: DecisionContext) throws(DomainError) -> Decision<PatientReply> {
    switch command {
    case .createPatientsBatch(let c):
        return try decideCreatePatientsBatch(c, state: state, reference: reference, context: context)
    case .upsertPatient(let c):
        return try decideUpsertPatient(c, state: state, reference: reference, context: context).map { .patientUpserted(result: $0) }
    case .recordCommunication(let c):
        return try decideRecordCommunication(c, state: state, context: context)
    case .mergePatients(let c):
        return try decideMergePatients(c, state: state)
    case .markNotDuplicate(let c):
        return try decideMarkNotDuplicate(c, state: state)
    }
}
