import Domain
import EventStore
import Foundation
import Testing

/// The command-results record (and `ce_commandreply`) is read by other programs: its JSON keeps
/// snake_case keys and RFC 3339 times, and every reply type survives the trip.
@Suite("Command-results records")
struct CommandResultContractTests {
    static let id = UUID(uuidString: "0197722c-a3d0-7c41-9e0b-5a4f3c2d1e0f")!
    static let replies: [CommandReply] = [
        .organization(.organizationCreated(organizationId: id)),
        .organization(.apiKeyIssued(issued: true)),
        .organization(.referenceDataApplied(snapshot: ReferenceDataSnapshot(
            locations: [Location(id: id, name: "Main", address: nil, timezone: "America/New_York")],
            workflowStages: [WorkflowStage(id: id, title: "Intake", order: 1)], users: [], externalIdTypes: [ExternalIdType(id: id, name: "mrn")]),
            changes: 3)),
        .organization(.referenceDataApplied(snapshot: ReferenceDataSnapshot(
            locations: [], workflowStages: [], users: [], externalIdTypes: [],
            practitioners: [NamedEntry(id: id, name: "Dr. Elena Novak, PT")], appointmentTypes: [NamedEntry(id: id, name: "Initial evaluation")],
            tasks: [NamedEntry(id: id, name: "PT initial evaluation")],
            unavailableBlocks: [BlockEntry(UnavailableBlock(id: id, practitionerId: id, startsAt: RFC3339.parse("2025-07-04T05:00:00.000Z")!,
                                                            endsAt: RFC3339.parse("2025-07-05T05:00:00.125Z")!))]),
            changes: 4)),
        .patients(.patientsCreated(patientIds: [id, id])),
        .patients(.patientUpserted(result: UpsertResult(patientId: id, created: false, tier: .externalId, droppedFields: ["gender"]))),
        .patients(.patientUpserted(result: UpsertResult(patientId: id, created: false, tier: .probabilistic, droppedFields: [],
                                                        matchProbability: 0.99997))),
        .patients(.patientUpserted(result: UpsertResult(patientId: id, created: true, tier: nil, droppedFields: [],
                                                        possibleDuplicateOf: id, matchProbability: 0.8))),
        .organization(.matchWeightsAdopted(version: "em-2025-06-15", adopted: true)),
        .patients(.communicationRecorded(patientId: id, communicationId: id, occurredAt: RFC3339.parse("2025-06-15T15:06:40.250Z")!)),
        .appointments(.appointment(appointmentId: id, status: .scheduling)),
        .appointments(.appointment(appointmentId: id, status: .cancelled)),
        .groupAppointments(.groupAppointments(ids: [id, id, id])),
        .groupAppointments(.groupAppointment(id: id)),
        .groupAppointments(.archived(id: id)),
        .groupAppointments(.attendees(ids: [id])),
        .groupAppointments(.attendees(ids: [])),
    ]

    @Test("every reply type round-trips through the record, with snake_case keys")
    func roundTrip() throws {
        for reply in Self.replies {
            let result = CommandResult(commandId: Self.id, organizationId: Self.id, correlationId: Self.id, idempotencyKey: "k-1",
                                       requestFingerprint: nil, recordedAt: RFC3339.parse("2025-06-15T15:06:40.250Z")!, eventCount: 2, reply: reply)
            let record = try result.record(topic: "clinicledger.command-results", partition: 3)
            #expect(record.key == Array(Self.id.lowercased.utf8))
            #expect(try CommandResult.decode(record.value) == result)
            let json = String(decoding: record.value, as: UTF8.self)
            #expect(json.contains(#""command_id":"#) && json.contains(#""recorded_at":"2025-06-15T15:06:40.250Z""#), "\(json)")
            #expect(!json.contains("_0") && json.range(of: #""[a-z]+[A-Z]"#, options: .regularExpression) == nil, "camelCase or positional key in \(json)")
            #expect(try CommandReplyCoding.decode(try CommandReplyCoding.encode(reply)) == reply)
        }
    }

    @Test("a commands-topic result keeps status, error, offsets and source; a result written before them reads as accepted")
    func topicFields() throws {
        var accepted = CommandResult(commandId: Self.id, organizationId: Self.id, correlationId: Self.id, idempotencyKey: Self.id.lowercased,
                                     requestFingerprint: nil, recordedAt: RFC3339.parse("2025-06-15T15:06:40.250Z")!, eventCount: 2,
                                     reply: Self.replies[4])
        (accepted.eventOffsets, accepted.replayed, accepted.commandType, accepted.source) = ([7, 8], false, "clinicledger.command.patients.batch_create.v1", "ehr")
        let rejected = CommandResult(rejected: Self.id, organizationId: nil, recordedAt: RFC3339.parse("2025-06-15T15:06:40.250Z")!,
                                     error: .init(httpStatus: 422, body: .object([("detail", .object([("param", .string("items[0].first_name"))]))])),
                                     commandType: "clinicledger.command.patients.batch_create.v1", source: "ehr")
        for result in [accepted, rejected] {
            let record = try result.record(topic: "clinicledger.command-results", partition: 0)
            #expect(try CommandResult.decode(record.value) == result)
        }
        let json = String(decoding: try rejected.record(topic: "t", partition: 0).value, as: UTF8.self)
        #expect(json.contains(#""status":"rejected""#) && json.contains(#""http_status":422"#) && json.contains(#""param":"items[0].first_name""#), "\(json)")
        #expect(!json.contains("organization_id") && !json.contains(#""reply""#))
        let accJSON = String(decoding: try accepted.record(topic: "t", partition: 0).value, as: UTF8.self)
        #expect(accJSON.contains(#""event_offsets":[7,8]"#) && accJSON.contains(#""command_type":"#) && accJSON.contains(#""status":"accepted""#))

        let old = #"{"command_id":"0197722c-a3d0-7c41-9e0b-5a4f3c2d1e0f","organization_id":"0197722c-a3d0-7c41-9e0b-5a4f3c2d1e0f","#
            + #""correlation_id":"0197722c-a3d0-7c41-9e0b-5a4f3c2d1e0f","recorded_at":"2025-06-15T15:06:40.250Z","event_count":1,"#
            + #""reply":{"group_appointments":{"archived":{"id":"0197722C-A3D0-7C41-9E0B-5A4F3C2D1E0F"}}}}"#
        let decoded = try CommandResult.decode(Array(old.utf8))
        #expect(decoded.status == .accepted && decoded.reply == .groupAppointments(.archived(id: Self.id)) && decoded.error == nil)
    }

    @Test("the documented example is what the code writes")
    func documentedExample() throws {
        let text = try CommandReplyCoding.encode(.patients(.patientUpserted(result: UpsertResult(patientId: Self.id, created: false, tier: .externalId, droppedFields: ["gender"]))))
        #expect(text == #"{"patients":{"patient_upserted":{"result":{"created":false,"dropped_fields":["gender"],"patient_id":"0197722C-A3D0-7C41-9E0B-5A4F3C2D1E0F","tier":"external_id"}}}}"#)
    }
}
