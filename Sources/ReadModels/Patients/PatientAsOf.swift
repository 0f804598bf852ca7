import Domain
import EventStore
import Foundation

/// What a patient's record said at a time: the domain's own record, folded by the domain's own
/// `PatientsState.apply` from the patient's archived events — no second fold to drift from the
/// decisions — with when it was created and last changed, and its version then.
public struct PatientAsOf: Sendable, Equatable {
    public var record: PatientRecord
    public var createdAt: Date
    public var updatedAt: Date
    public var version: Int

    /// The fields that hold a value, in History's names and spellings.
    public var fields: [(field: String, value: JSONValue)] { CreationChanges.fields(of: record) }
}

extension ReadModelQueries {
    /// The patient's record as it stood at `asOf` (nil: now), from `event_archive` (the complete log);
    /// nil when the organization had no such patient by then.
    public func patient(org: UUID, patientId: UUID, asOf: Date?) async throws -> PatientAsOf? {
        // Events of one command share a time: the aggregate's version is the order that was decided.
        let events = try await archivedEvents(org: org, patientId: patientId, asOf: asOf, ownOnly: true)
            .sorted { $0.aggregateVersion < $1.aggregateVersion }
        var state = PatientsState()
        for e in events { if case .patients(let p) = e.event { state.apply(p) } }
        guard let record = state.records[patientId], let first = events.first, let last = events.last else { return nil }
        return PatientAsOf(record: record, createdAt: first.time, updatedAt: last.time, version: last.aggregateVersion)
    }
}
