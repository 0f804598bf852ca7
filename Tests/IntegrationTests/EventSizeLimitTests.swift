import Domain
import EventLog
import EventStore
import Foundation
import Testing

/// The last line of defence behind the input limits: a command whose events would not fit Kafka's
/// record limits is refused before anything is sent, never retried as a 503.
@Suite("Event size limit", .serialized)
struct EventSizeLimitTests {
    @Test("One event over 900,000 bytes, a command over 3.5 MiB, or a NUL in any text is refused by the appender, naming the limit or the field")
    func appenderRefusesOversizedEvents() async throws {
        try await withStack { stack in
            let org = try await stack.organization()
            #expect(try await stack.request(.POST, "/v1/patients/batch", apiKey: org.apiKey,
                                            json: ["items": [patientItem("Ann", "Lee")]]).status == 200)
            let stored = try await stack.readEventsTopic().compactMap { try? EventRecordCodec.decode($0) }
            let created = try #require(stored.first { if case .patients(.patientCreated) = $0.envelope.event { true } else { false } })
            guard case .patients(.patientCreated(var patient)) = created.envelope.event else { return }

            let appender = try EventAppender(bootstrapServers: stack.runtime.bootstrapServers, topics: stack.runtime.topics,
                                             partition: created.partition)
            let result = CommandResult(commandId: created.envelope.commandId, organizationId: created.envelope.organizationId,
                                       correlationId: created.envelope.correlationId, idempotencyKey: nil, requestFingerprint: nil,
                                       recordedAt: created.envelope.time, eventCount: 1, reply: .patients(.patientsCreated(patientIds: [patient.patientId])))
            defer { Task { await appender.close() } }
            #expect(try appender.records([created.envelope], result: result).count == 2, "an ordinary event (and its result record) passes")

            patient.profile.comments = String(repeating: "x", count: 1_000_000)
            var huge = created.envelope
            huge.event = .patients(.patientCreated(patient))
            #expect {
                try appender.records([huge], result: result)
            } throws: { error in
                "\(error)".contains("at most \(EventAppender.maxRecordBytes) bytes")
            }

            // Text PostgreSQL cannot store never reaches the log, whatever let it through: the
            // archive would stop at it. A literal backslash-u-0000 is ordinary text.
            patient.profile.comments = "a\u{0}b"
            var nul = created.envelope
            nul.event = .patients(.patientCreated(patient))
            #expect {
                try appender.records([nul], result: result)
            } throws: { error in
                "\(error)".contains("`profile.comments`") && "\(error)".contains("NUL")
            }
            patient.profile.comments = #"a\u0000b"#
            var literal = created.envelope
            literal.event = .patients(.patientCreated(patient))
            #expect(try appender.records([literal], result: result).count == 2)

            patient.profile.comments = String(repeating: "x", count: 400_000)
            var large = created.envelope
            large.event = .patients(.patientCreated(patient))
            #expect(try appender.records([large], result: result).count == 2, "400 kB alone is within the record limit")
            #expect {
                try appender.records(Array(repeating: large, count: 10), result: result)
            } throws: { error in
                "\(error)".contains("at most \(EventAppender.maxCommandBytes) bytes")
            }
        }
    }
}
