import CommandHandling
import Domain
import EventLog
import EventStore
import Foundation
import Testing

/// Every command's reply is recorded with its events (`ce_commandreply`) and on the command-results
/// topic, in the same transaction; a replayed Idempotency-Key answers that record, after a restart too.
@Suite("Command results and replies from the log", .serialized)
struct CommandResultsTests {
    /// Sends a command as a client would: the same key and body fingerprint on every try, a new command id.
    static func send(_ stack: TestStack, org: UUID, _ command: Command, key: String) async throws -> CommandOutcome {
        try await stack.runtime.services.commands.send(CommandEnvelope(
            organizationId: org, command: command, actor: "test", channel: .api, commandId: UUIDv7.make(),
            idempotencyKey: key, requestFingerprint: String(repeating: "a", count: 64)))
    }

    @Test("Each command type replays exactly its first reply after a restart, and its result is on command-results")
    func everyCommandTypeReplays() async throws {
        try await withStack { stack in
            let org = UUIDv7.make()
            var draft = PatientDraft(firstName: "Ann", lastName: "Lee")
            draft.dateOfBirth = "1980-02-03"
            let patientDraft = draft
            var upsert = UpsertDraft()
            upsert.firstName = "Ben"; upsert.lastName = "Ortiz"; upsert.dateOfBirth = "1975-05-06"; upsert.phoneNumber = "(415) 555-0101"
            let upsertNew = upsert
            upsert.email = "ben@example.com"; upsert.city = "Oakland"; upsert.gender = "not-a-gender"
            let upsertMatch = upsert
            let commands: [(String, @Sendable (UUID?) -> Command)] = [
                ("create-org", { _ in .organization(.createOrganization(CreateOrganization(name: "Replay Clinic", apiKeyHash: "h1", apiKeyPrefix: "p1"))) }),
                ("issue-key", { _ in .organization(.issueApiKey(IssueApiKey(apiKeyHash: "h2", apiKeyPrefix: "p2"))) }),
                ("reference", { _ in .organization(.applyReferenceData(ReferenceDataDeclaration(
                    locations: [LocationDeclaration(name: "Main")], workflowStages: [WorkflowStageDeclaration(title: "Intake")]))) }),
                ("batch", { _ in .patients(.createPatientsBatch(CreatePatientsBatch(items: [patientDraft, PatientDraft(firstName: "Cy", lastName: "Park")]))) }),
                ("upsert-create", { _ in .patients(.upsertPatient(UpsertPatient(draft: upsertNew))) }),
                ("upsert-match", { _ in .patients(.upsertPatient(UpsertPatient(draft: upsertMatch))) }),
                ("communication", { patient in .patients(.recordCommunication(RecordCommunication(
                    patientId: patient!, channel: .call, direction: .outbound, occurredAt: nil, summary: "left a message"))) }),
            ]
            var first: [String: CommandOutcome] = [:]
            var patient: UUID?
            for (key, make) in commands {
                let outcome = try await Self.send(stack, org: org, make(patient), key: key)
                #expect(!outcome.replayed, "\(key)")
                if case .patients(.patientsCreated(let ids)) = outcome.reply { patient = ids.first }
                first[key] = outcome
            }
            // The matched upsert is an update with a tier and a dropped field: a reply no event spells out alone.
            guard case .patients(.patientUpserted(let matched)) = first["upsert-match"]?.reply else { throw TestFailure("no upsert reply") }
            #expect(!matched.created && matched.tier != nil && matched.droppedFields == ["gender"])

            // The command-results topic holds one record per command that wrote events, with its reply.
            let results = try await stack.readTopic(stack.runtime.topics.commandResults).map { try CommandResult.decode($0.value) }
            for (key, outcome) in first where !outcome.events.isEmpty {
                let recorded = results.filter { $0.idempotencyKey == key && $0.organizationId == org }
                #expect(recorded.count >= 1 && recorded.allSatisfy { $0.reply == outcome.reply && $0.eventCount == outcome.events.count }, "\(key)")
                #expect(recorded.first.map { Set(outcome.events.map(\.commandId)) == [$0.commandId] } == true, "\(key)")
            }

            try await stack.restart()
            for (key, make) in commands {
                let replay = try await Self.send(stack, org: org, make(patient), key: key)
                #expect(replay.replayed, "\(key) is answered from the log, not decided again")
                #expect(replay.reply == first[key]?.reply, "\(key): \(replay.reply) after the restart, \(String(describing: first[key]?.reply)) first")
                #expect(replay.events.isEmpty)
            }
        }
    }

    @Test("An upsert replayed after a restart answers its first body: created, tier and dropped fields")
    func upsertReplayOverHTTP() async throws {
        try await withStack { stack in
            let org = try await stack.organization()
            let create = ["first_name": "Dee", "last_name": "Moss", "date_of_birth": "1990-01-02", "phone_number": "415-555-0199"]
            _ = try await stack.request(.POST, "/v1/patients/upsert", apiKey: org.apiKey, json: create, headers: ["Idempotency-Key": "u-0"])
            let update = create.merging(["city": "Berkeley", "gender": "unknown-value"]) { $1 }
            let firstAnswer = try await stack.request(.POST, "/v1/patients/upsert", apiKey: org.apiKey, json: update, headers: ["Idempotency-Key": "u-1"])
            #expect(firstAnswer.status == 200)
            try await stack.restart()
            let again = try await stack.request(.POST, "/v1/patients/upsert", apiKey: org.apiKey, json: update, headers: ["Idempotency-Key": "u-1"])
            #expect(again.status == firstAnswer.status)
            #expect(again.header("Idempotent-Replayed") == "true")
            for field in ["created", "match_tier", "dropped_fields"] {
                #expect("\(again.json[field] ?? "nil")" == "\(firstAnswer.json[field] ?? "nil")", "\(field)")
            }
        }
    }
}
