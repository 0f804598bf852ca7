import Crypto
import Domain
import Foundation

/// The per-organization hash chain that makes the log tamper-evident (docs/audit.md, "Tamper
/// evidence"). Each event the writer appends carries `ce_prevhash`, the hash of its predecessor in
/// its organization's stream, and `ce_chainseq`, its 1-based position there:
///
///     hash(event) = SHA-256(prevhash as lowercase hex || canonical bytes of the event)
///
/// The canonical bytes are `{"attributes":{…},"payload":…}` with every `ce_*` header but
/// `ce_prevhash` (which the prefix already commits to) as strings, the payload parsed, keys sorted
/// and no whitespace. `event_archive` keeps payload and headers as jsonb, which does not keep bytes
/// or key order; this form reads the same from a Kafka record and from its archive row.
/// Events written before the chain existed carry no `ce_prevhash` but are hashed into it all the
/// same, so the first chained event commits to all earlier history.
public enum EventChain {
    /// The hash before an organization's first event.
    public static let genesis = String(repeating: "0", count: 64)

    /// Where an organization's chain stands: the hash of its last event and how many events it has.
    /// Codable for writer snapshots: a change of its shape needs a new `OrganizationState.snapshotFormat`.
    public struct Head: Sendable, Equatable, Codable {
        public var hash: String
        public var length: Int
        public init(hash: String, length: Int) { self.hash = hash; self.length = length }
        public static let genesis = Head(hash: EventChain.genesis, length: 0)
    }

    public enum Failure: Error, CustomStringConvertible {
        case payloadNotJSON
        public var description: String { "the payload is not JSON" }
    }

    /// The event's canonical bytes: its `ce_*` headers but `ce_prevhash` and its payload, as JSON with sorted keys.
    public static func canonicalBytes(headers: [String: String], payload: [UInt8]) throws -> [UInt8] {
        let attributes = headers.filter { $0.key.hasPrefix("ce_") && $0.key != CloudEventHeaders.prevHash }
            .sorted { $0.key < $1.key }.map { ($0.key, JSONValue.string($0.value)) }
        let body: JSONValue
        do { body = try JSONDecoder().decode(JSONValue.self, from: Data(payload)) } catch { throw Failure.payloadNotJSON }
        return JSONValue.object([("attributes", .object(attributes)), ("payload", sortedKeys(body))]).orderedText
    }

    /// The hash of an event whose predecessor hashed to `previous`, as lowercase hex.
    public static func hash(after previous: String, headers: [String: String], payload: [UInt8]) throws -> String {
        var sha = SHA256()
        sha.update(data: Array(previous.utf8))
        sha.update(data: try canonicalBytes(headers: headers, payload: payload))
        return sha.finalize().map { String(format: "%02x", $0) }.joined()
    }

    public static func hash(after previous: String, _ event: StoredEvent) throws -> String {
        try hash(after: previous, headers: event.headers, payload: event.payload)
    }

    /// Links one command's envelopes onto their organization's chain: each gets the previous hash
    /// and its position; returns them with the head after the last. Hashes the headers and payload
    /// exactly as `EventRecordCodec` will write them.
    public static func link(_ envelopes: [EventEnvelope], on head: Head) throws -> ([EventEnvelope], Head) {
        var head = head
        var out = envelopes
        for i in out.indices {
            out[i].prevHash = head.hash
            out[i].chainSequence = head.length + 1
            var headers: [String: String] = [:]
            for h in CloudEventHeaders.headers(for: out[i]) { headers[h.key] = String(decoding: h.value, as: UTF8.self) }
            let payload = Array(try EventTypes.encodePayload(out[i].event))
            head = Head(hash: try hash(after: head.hash, headers: headers, payload: payload), length: head.length + 1)
        }
        return (out, head)
    }

    /// Object members sorted by key at every depth (JSONValue's decoder sorts too; this does not rely on it).
    static func sortedKeys(_ value: JSONValue) -> JSONValue {
        switch value {
        case .array(let items): return .array(items.map(sortedKeys))
        case .object(let pairs): return .object(pairs.sorted { $0.0 < $1.0 }.map { ($0.0, sortedKeys($0.1)) })
        default: return value
        }
    }
}
