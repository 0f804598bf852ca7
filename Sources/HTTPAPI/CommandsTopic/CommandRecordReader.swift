import CommandHandling
import Crypto
import Domain
import EventLog
import EventStore
import Foundation
import NIOCore

/// Reads a record of `clinicledger.commands` (CloudEvents, binary mode) into what its partition's
/// writer takes: the command, with the organization its API key names, or the rejection that
/// record earned, said in the dialect of the command's HTTP route. See docs/commands.md.
public struct CommandRecordReader: Sendable {
    /// The consumer group whose offsets the writers commit with each command's transaction.
    public static let group = "clinicledger-commands"
    /// The organization's API key, verified by its hash as the HTTP dialects verify theirs.
    public static let apiKeyHeader = "clinicledger-api-key"
    /// Header names of the CloudEvents binary mode (the record value is the body).
    static let typeHeader = "ce_type", idHeader = "ce_id", sourceHeader = "ce_source", subjectHeader = "ce_subject"

    private let services: APIServices
    private let keys = APIKeyCache()

    public init(services: APIServices) {
        self.services = services
    }

    /// A record that is not a refusal: what its writer takes. Throws only when the record cannot be
    /// judged now (the key store did not answer): the caller offers it again later.
    public func read(_ record: ConsumedRecord, offsets: GroupOffsets) async throws -> (organizationId: UUID?, command: ConsumedCommand) {
        func header(_ name: String) -> String? {
            record.header(name).map { String(decoding: $0, as: UTF8.self) }.flatMap { $0.isEmpty ? nil : $0 }
        }
        let typeName = header(Self.typeHeader), source = header(Self.sourceHeader) ?? "unknown"
        let commandId = header(Self.idHeader).flatMap(UUID.init(uuidString:)) ?? Self.placeholderId(record)
        func rejected(_ org: UUID?, _ failure: (status: Int, body: JSONValue)) -> (organizationId: UUID?, command: ConsumedCommand) {
            let result = CommandResult(rejected: commandId, organizationId: org, recordedAt: RFC3339.now(),
                                       error: .init(httpStatus: failure.status, body: failure.body), commandType: typeName, source: source)
            return (org, ConsumedCommand(content: .rejected(result), offsets: offsets, commandType: typeName, source: source))
        }

        // Which command decides the dialect every later refusal is said in; before that, Solum's (the fallback of the HTTP API).
        guard let typeName, let type = CommandType.all[typeName] else {
            let known = CommandType.all.keys.sorted().joined(separator: ", ")
            return rejected(nil, Self.solum("unknown_command_type", "ce_type \(typeName.map(InputScreen.printable) ?? "is missing"); "
                + "send one of \(known)", param: Self.typeHeader))
        }
        guard header(Self.idHeader).flatMap(UUID.init(uuidString:)) != nil else {
            return rejected(nil, type.refusal(.rejected(DomainError(.invalidValue, "ce_id must be the command's id, a UUID", field: Self.idHeader))))
        }
        guard let key = header(Self.apiKeyHeader) else { return rejected(nil, type.missingKey) }
        guard let caller = try await keys.caller(forKey: key, in: services.queries) else { return rejected(nil, type.badKey) }
        let org = caller.organizationId

        let input: CommandType.Input
        let command: Command
        do {
            guard record.value.count <= RequestDecoding.maxBodyBytes else { throw RequestDecoding.tooLarge }
            let body = try RequestDecoding.json(ByteBuffer(bytes: record.value))
            input = CommandType.Input(body: body, subject: header(Self.subjectHeader), organizationId: org, services: services)
            command = try await type.parse(input)
        } catch {
            guard let failure = type.render(error) else { throw error }
            return rejected(org, failure)
        }
        // The same ce_id with another type, subject or body is refused, not replayed (an Idempotency-Key's rule).
        let fingerprint = RequestFingerprint.of(.object([("type", .string(type.name)), ("subject", .text(input.subject)),
                                                         ("body", input.body.value)]))
        let envelope = CommandEnvelope(organizationId: org, command: command, actor: "\(caller.actor) via \(source)", channel: .kafka,
                                       commandId: commandId, idempotencyKey: commandId.lowercased, requestFingerprint: fingerprint)
        let refusal = type.refusal
        let consumed = ConsumedCommand(content: .command(envelope, render: { error in
            let (status, body) = refusal(error)
            return CommandResult.Failure(httpStatus: status, body: body)
        }), offsets: offsets, commandType: type.name, source: source)
        return (org, consumed)
    }

    private static func solum(_ code: String, _ message: String, param: String?) -> (status: Int, body: JSONValue) {
        let e = SolumError.invalid(code, message, param: param)
        return (Int(e.status.code), e.body)
    }

    /// A record without a usable `ce_id` still gets a result: keyed by an id derived from where the
    /// record is, so the same record always gets the same one.
    static func placeholderId(_ record: ConsumedRecord) -> UUID {
        let digest = Array(SHA256.hash(data: Data("\(record.topic)/\(record.partition)/\(record.offset)".utf8)))
        var bytes = Array(digest.prefix(16))
        bytes[6] = (bytes[6] & 0x0f) | 0x80  // version 8: custom
        bytes[8] = (bytes[8] & 0x3f) | 0x80
        return UUID(uuid: (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                           bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
    }
}
