import Domain
import EventStore
import Foundation
import Logging
import PostgresNIO
import ReadModels
import Testing

/// One projection batch applies its facts in log order, even where creations go in bulk: an
/// external id freed by a reassignment can be taken by a patient created later in the same batch.
@Suite("Patients projection order", .serialized)
struct PatientsProjectionOrderTests {
    @Test("A reassignment then a creation taking the freed id, in one batch: both patients hold their ids")
    func freedIdTakenInSameBatch() async throws {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        try await TestDatabase.withClient(logger: logger) { database, client in
            try await Migrator.migrate(client, logger: logger)
            let org = UUIDv7.make(), type = UUIDv7.make(), ann = UUIDv7.make(), ben = UUIDv7.make()
            func created(_ id: UUID, _ name: String, _ value: String) -> DomainEvent {
                .patients(.patientCreated(PatientCreated(patientId: id, profile: PatientProfile(firstName: name, lastName: "Lee"), tagIds: [],
                                                         referrals: [], externalIds: [ExternalIdValue(typeId: type, value: value)], createdFrom: .api)))
            }
            let facts: [DomainEvent] = [
                created(ann, "Ann", "MRN-1"),
                .patients(.externalIdReassigned(ExternalIdReassigned(patientId: ann, typeId: type, oldValue: "MRN-1", newValue: "MRN-2"))),
                created(ben, "Ben", "MRN-1"),
            ]
            let batch = facts.enumerated().map { offset, event in
                let subject = event.subject(organizationId: org), command = UUIDv7.make()
                let envelope = EventEnvelope(eventId: UUIDv7.make(), organizationId: org, event: event, aggregateType: subject.type,
                                             aggregateId: subject.id, aggregateVersion: subject.id == ann && offset == 1 ? 2 : 1,
                                             commandId: command, correlationId: command, causationId: command, actor: "test",
                                             channel: .api, time: RFC3339.now())
                return StoredEvent(envelope: envelope, topic: "clinicledger.events", partition: 0, offset: Int64(offset),
                                   recordKey: [], payload: [], headers: [:])
            }
            try await client.withTransaction(logger: logger) { conn in
                try await PatientsProjection().apply(batch, on: conn, logger: logger)
            }
            let held = try await database.scalars(
                "SELECT patient_id || ' ' || value FROM patient_external_ids WHERE organization_id = '\(org)' ORDER BY value", logger: logger)
            #expect(held == ["\(ben.lowercased) MRN-1", "\(ann.lowercased) MRN-2"])
        }
    }
}
