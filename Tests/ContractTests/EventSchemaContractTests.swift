import Domain
import EventLog
import EventStore
import Foundation
import Testing

/// schemas/events/ is the published contract of the events topic. These tests keep it true:
/// every type has a schema, every real encoded payload validates against its schema, and the
/// record headers validate against the CloudEvents headers schema and decode back.
@Suite("Event schemas match what the code writes")
struct EventSchemaContractTests {
    static func validator(for type: String) throws -> JSONSchemaValidator {
        try JSONSchemaValidator(contentsOf: ContractFiles.eventSchema(for: type))
    }

    static func samples() throws -> [DomainEvent] {
        try ContractSamples.decidedEvents() + ContractSamples.handBuiltEvents()
    }

    @Test("the samples cover every DomainEvent case and every registered type")
    func coverage() throws {
        let samples = try Self.samples()
        #expect(Set(samples.map(ContractSamples.caseName)).count == EventTypes.all.count)
        #expect(Set(samples.map(EventTypes.name(of:))) == Set(EventTypes.all))
        // The deciders alone already produce every type.
        #expect(Set(try ContractSamples.decidedEvents().map(EventTypes.name(of:))) == Set(EventTypes.all))
    }

    @Test("every registered type has a schema file, and every schema file is a registered type")
    func schemaFilesMatchRegistry() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: ContractFiles.eventSchemas.path)
            .filter { $0.hasSuffix(".schema.json") && $0 != ContractFiles.headersSchemaName }
        let types = Set(files.map { String($0.dropLast(".schema.json".count)) })
        #expect(types == Set(EventTypes.all), "missing: \(Set(EventTypes.all).subtracting(types).sorted()); unregistered: \(types.subtracting(EventTypes.all).sorted())")
        #expect(EventTypes.all.count == Set(EventTypes.all).count, "a type is registered twice")
        for type in EventTypes.all {
            let schema = try JSON.parse(Data(contentsOf: ContractFiles.eventSchema(for: type)))
            #expect(schema["$schema"]?.string == "https://json-schema.org/draft/2020-12/schema", "\(type)")
            #expect(schema["$id"]?.string?.hasSuffix("/\(type).schema.json") == true, "\(type)")
            #expect(schema["additionalProperties"] == .bool(false), "\(type) must reject unknown (renamed) fields")
            _ = try Self.validator(for: type)  // parses, and uses only keywords the validator checks
        }
    }

    @Test("every real encoded payload validates against the schema of its ce_type")
    func payloadsValidate() throws {
        for event in try Self.samples() {
            let type = EventTypes.name(of: event)
            let payload = try EventTypes.encodePayload(event)
            let violations = try Self.validator(for: type).validate(payload)
            #expect(violations.isEmpty, "\(type): \(violations) in \(String(decoding: payload, as: UTF8.self))")
            // And the payload reads back as the same event.
            #expect(try ContractSamples.sameEvent(EventTypes.decodePayload(type: type, payload), event))
        }
    }

    @Test("absent optional fields are omitted, never null (client JSON and change values aside)")
    func noNulls() throws {
        // Explicit nulls are allowed only where the value is any JSON: a change's old/new, and
        // the client's own payors, custom fields and appointment metadata.
        let freeForm: Set<String> = ["old", "new", "payors", "custom_fields", "metadata"]
        func nullPaths(_ value: JSON, _ path: String) -> [String] {
            switch value {
            case .null: return [path]
            case .array(let items): return items.enumerated().flatMap { nullPaths($1, "\(path)[\($0)]") }
            case .object(let members): return members.filter { !freeForm.contains($0.key) }.flatMap { nullPaths($0.value, "\(path).\($0.key)") }
            default: return []
            }
        }
        for event in try Self.samples() {
            let payload = try EventTypes.encodePayload(event)
            #expect(nullPaths(try JSON.parse(payload), "$").isEmpty, "\(String(decoding: payload, as: UTF8.self))")
        }
    }

    @Test("the upsert samples show seed 001's outcomes")
    func upsertSamples() throws {
        let events = try ContractSamples.decidedEvents()
        let created = events.compactMap { if case .patients(.patientCreated(let c)) = $0 { return c } else { return nil } }
        let updated = events.compactMap { if case .patients(.patientUpdated(let u)) = $0 { return u } else { return nil } }
        // Batch items carry no dropped_fields; an upsert's creation always does.
        #expect(created.filter { $0.droppedFields == nil }.count == 2)
        #expect(created.contains { $0.droppedFields?.contains("additional_phone_number") == true && $0.payors?.isEmpty == false })
        // The external-id conflict rule: the id is dropped and a patient known only by phone is created.
        #expect(created.contains { $0.droppedFields == ["external_id"] && $0.profile.firstName == nil && $0.externalIds.isEmpty })
        #expect(updated.contains { $0.matchTier == .demographics && $0.changes.contains { $0.field == "payors" } })
        // The phone lock: after the first communication a supplied phone is dropped.
        #expect(updated.contains { $0.matchTier == .phoneFuzzyName && $0.droppedFields == ["phone_number"]
            && !$0.changes.contains { $0.field == "phone_number" } })
        #expect(events.contains { if case .patients(.externalIdReassigned(let x)) = $0 { return x.oldValue == "E1002345" && x.newValue == "E1002399" } else { return false } })
        #expect(events.contains { if case .patients(.externalIdAssigned(let x)) = $0 { return x.value == "E0042170" } else { return false } })
        #expect(events.filter { if case .patients(.communicationRecorded) = $0 { return true } else { return false } }.count == 2)
    }

    @Test("a renamed, retyped or extra field fails the schema")
    func schemasCatchShapeChanges() throws {
        let created = try require(try ContractSamples.decidedEvents().first { EventTypes.name(of: $0) == "clinicledger.patient.created.v1" })
        let payload = try JSON.parse(try EventTypes.encodePayload(created))
        let validator = try Self.validator(for: "clinicledger.patient.created.v1")
        #expect(validator.isValid(payload))

        var object = try require(payload.object)
        var profile = try require(object["profile"]?.object)
        profile["firstName"] = profile.removeValue(forKey: "first_name")  // optional since upserts
        object["profile"] = .object(profile)
        #expect(validator.validate(.object(object)).map(\.keyword) == ["additionalProperties"])

        object = try require(payload.object)
        object["createdFrom"] = object.removeValue(forKey: "created_from")
        #expect(Set(validator.validate(.object(object)).map(\.keyword)) == ["required", "additionalProperties"])

        object = try require(payload.object)
        object["created_from"] = .string("website")
        #expect(validator.validate(.object(object)).map(\.keyword) == ["enum"])

        object = try require(payload.object)
        object["tag_ids"] = .array([.string("not-a-uuid")])
        #expect(!validator.isValid(.object(object)))

        object = try require(payload.object)
        object["organization_id"] = .string(ContractSamples.organizationId.uuidString)
        #expect(validator.validate(.object(object)).map(\.keyword) == ["additionalProperties"])
    }
}

@Suite("CloudEvents record headers")
struct CloudEventsHeadersContractTests {
    static func headerObject(_ headers: [KafkaHeader]) -> JSON {
        var members: [String: JSON] = [:]
        for h in headers { members[h.key] = .string(String(decoding: h.value, as: UTF8.self)) }
        return .object(members)
    }

    static func roundTrip(_ envelope: EventEnvelope) throws -> (ProducerRecord, StoredEvent) {
        let record = try EventRecordCodec.record(envelope, topic: "clinicledger.events", partition: 3)
        let consumed = ConsumedRecord(topic: record.topic, partition: record.partition, offset: 42, key: record.key,
                                      value: record.value, headers: record.headers, timestampMillis: nil)
        return (record, try EventRecordCodec.decode(consumed))
    }

    static let fingerprint = "9b74c9897bac770ffc029102a200c5de0a4f1fd2d5fa2f1f3c8a0e3b4c5d6e7f"

    static func envelopes() throws -> [EventEnvelope] {
        var out: [EventEnvelope] = []
        for (i, event) in try ContractSamples.decidedEvents().enumerated() {
            switch i % 3 {
            case 0: out.append(ContractSamples.envelope(event, version: i + 1))
            case 1: out.append(ContractSamples.envelope(event, version: 1, idempotencyKey: "batch-2025-06-15-0001", fingerprint: fingerprint,
                                                        channel: .bulk_import, commandReply: #"{"patients":{"patientsCreated":{"patientIds":[]}}}"#))
            default: out.append(ContractSamples.envelope(event, version: 2, fingerprint: fingerprint, actor: "admin", channel: .manual))
            }
        }
        return out
    }

    @Test("headers of every event type validate against cloudevents-headers.schema.json")
    func headersValidate() throws {
        let validator = try JSONSchemaValidator(contentsOf: ContractFiles.headersSchema)
        for envelope in try Self.envelopes() {
            let record = try EventRecordCodec.record(envelope, topic: "clinicledger.events", partition: 0)
            #expect(Set(record.headers.map(\.key)).count == record.headers.count, "a header is repeated")
            let violations = validator.validate(Self.headerObject(record.headers))
            #expect(violations.isEmpty, "\(envelope.type): \(violations)")
        }
    }

    @Test("the headers schema lists exactly the registered ce_type values")
    func headerTypesMatchRegistry() throws {
        let schema = try JSON.parse(Data(contentsOf: ContractFiles.headersSchema))
        let listed = schema["properties"]?["ce_type"]?["enum"]?.array?.compactMap(\.string) ?? []
        #expect(Set(listed) == Set(EventTypes.all))
    }

    @Test("optional headers appear exactly when set; required ones always")
    func optionalHeaders() throws {
        let event = try require(try ContractSamples.decidedEvents().last)
        let plain = try EventRecordCodec.record(ContractSamples.envelope(event), topic: "t", partition: 0)
        let reply = try CommandReplyCoding.encode(.patients(.patientsCreated(patientIds: [ContractSamples.organizationId])))
        // Linked onto a hash chain as the writer does (ce_prevhash, ce_chainseq).
        let linked = try EventChain.link([ContractSamples.envelope(event, idempotencyKey: "k-1", fingerprint: Self.fingerprint,
                                                                   commandReply: reply)], on: .genesis).0[0]
        let keyed = try EventRecordCodec.record(linked, topic: "t", partition: 0)
        #expect(try validatorViolations(keyed).isEmpty)
        let optional: Set = ["ce_idempotencykey", "ce_requestfingerprint", "ce_commandreply", "ce_prevhash", "ce_chainseq"]
        #expect(!plain.headers.contains { optional.contains($0.key) })
        #expect(optional.isSubset(of: keyed.headers.map(\.key)))
        #expect(try Self.roundTrip(ContractSamples.envelope(event, idempotencyKey: "k-1", commandReply: reply)).1.envelope.commandReply == reply)

        let schema = try JSON.parse(Data(contentsOf: ContractFiles.headersSchema))
        let required = Set(schema["required"]?.array?.compactMap(\.string) ?? [])
        #expect(Set(plain.headers.map(\.key)) == required)
        #expect(Set(keyed.headers.map(\.key)) == Set(schema["properties"]?.object?.keys.map { $0 } ?? []))
    }

    private func validatorViolations(_ record: ProducerRecord) throws -> [String] {
        try JSONSchemaValidator(contentsOf: ContractFiles.headersSchema).validate(Self.headerObject(record.headers)).map { "\($0)" }
    }

    @Test("a record decodes back to the envelope it was made from")
    func roundTrips() throws {
        for envelope in try Self.envelopes() {
            let (record, stored) = try Self.roundTrip(envelope)
            var expected = envelope
            expected.time = stored.envelope.time  // ce_time carries milliseconds
            if try ContractSamples.sameEvent(stored.envelope.event, envelope.event) { expected.event = stored.envelope.event }
            #expect(abs(stored.envelope.time.timeIntervalSince(envelope.time)) < 0.001)
            #expect(stored.envelope == expected)
            #expect(stored.offset == 42 && stored.partition == 3 && stored.topic == "clinicledger.events")
            #expect(stored.recordKey == Array(ContractSamples.organizationId.uuidString.lowercased().utf8))
            #expect(stored.payload == record.value)
            #expect(stored.headers["ce_type"] == envelope.type)
        }
    }

    @Test("concrete header values for one event")
    func concreteValues() throws {
        let envelope = ContractSamples.envelope(try require(try ContractSamples.decidedEvents().first), idempotencyKey: "abc")
        let record = try EventRecordCodec.record(envelope, topic: "clinicledger.events", partition: 0)
        let h = try require(Self.headerObject(record.headers).object)
        #expect(h["ce_specversion"] == .string("1.0"))
        #expect(h["ce_type"] == .string("clinicledger.organization.created.v1"))
        #expect(h["ce_source"] == .string("/organizations/0197722c-a3d0-7c41-9e0b-5a4f3c2d1e0f"))
        #expect(h["ce_subject"] == .string("0197722c-a3d0-7c41-9e0b-5a4f3c2d1e0f"))
        #expect(h["ce_aggregatetype"] == .string("organization"))
        #expect(h["ce_time"] == .string("2025-06-15T15:06:40.250Z"))
        #expect(h["content-type"] == .string("application/json"))
        #expect(h["ce_idempotencykey"] == .string("abc"))
    }

    @Test("a record missing a required header, or with a malformed one, is refused by decode")
    func decodeRefusesBadHeaders() throws {
        let envelope = ContractSamples.envelope(try require(try ContractSamples.decidedEvents().first))
        let record = try EventRecordCodec.record(envelope, topic: "t", partition: 0)
        func consumed(_ headers: [KafkaHeader]) -> ConsumedRecord {
            ConsumedRecord(topic: "t", partition: 0, offset: 0, key: record.key, value: record.value, headers: headers, timestampMillis: nil)
        }
        #expect(throws: EventCodingError.missingHeader("ce_commandid")) {
            try EventRecordCodec.decode(consumed(record.headers.filter { $0.key != "ce_commandid" }))
        }
        let badChannel = record.headers.map { $0.key == "ce_source_channel" ? KafkaHeader(key: $0.key, value: Array("web".utf8)) : $0 }
        #expect(throws: EventCodingError.badHeader("ce_source_channel")) { try EventRecordCodec.decode(consumed(badChannel)) }
        let unknownType = record.headers.map { $0.key == "ce_type" ? KafkaHeader(key: $0.key, value: Array("clinicledger.nope.v1".utf8)) : $0 }
        #expect(throws: EventCodingError.unknownType("clinicledger.nope.v1")) { try EventRecordCodec.decode(consumed(unknownType)) }
    }
}
