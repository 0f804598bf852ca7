import Domain
import EventLog
import EventStore
import Foundation
import Testing

/// The hash chain's canonical form reads the same from a Kafka record and from its archive row
/// (jsonb: other key order, other spacing, escapes decoded), and the verifier tells an altered,
/// missing, reordered or inserted event apart without any I/O.
@Suite("Event hash chain")
struct EventChainTests {
    /// Events linked as the writer links them, as (headers, payload) the log holds.
    static func chained(_ count: Int, after head: EventChain.Head = .genesis) throws -> ([(headers: [String: String], payload: [UInt8])], EventChain.Head) {
        let events = Array(try ContractSamples.decidedEvents().prefix(count)).map { ContractSamples.envelope($0) }
        let (linked, next) = try EventChain.link(events, on: head)
        return (try linked.map { try record($0) }, next)
    }

    static func record(_ e: EventEnvelope) throws -> (headers: [String: String], payload: [UInt8]) {
        let r = try EventRecordCodec.record(e, topic: "t", partition: 0)
        return (Dictionary(uniqueKeysWithValues: r.headers.map { ($0.key, String(decoding: $0.value, as: UTF8.self)) }), r.value)
    }

    /// What PostgreSQL's jsonb gives back: members reordered, spaces after separators, non-ASCII escaped.
    static func asJSONB(_ payload: [UInt8]) throws -> [UInt8] {
        let object = try JSONSerialization.jsonObject(with: Data(payload))
        var text = String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted]), as: UTF8.self)
        text = text.unicodeScalars.map { $0.isASCII ? String($0) : String(format: "\\u%04x", $0.value) }.joined()
        return Array(text.utf8)
    }

    @Test("a record and its archive row hash the same; one changed byte of a payload string does not")
    func canonicalForm() throws {
        let event = try require(try ContractSamples.decidedEvents().first { if case .patients = $0 { true } else { false } })
        let (linked, _) = try EventChain.link([ContractSamples.envelope(event, idempotencyKey: "k-1")], on: .genesis)
        let (headers, payload) = try Self.record(linked[0])
        let archivedHeaders = try JSONDecoder().decode([String: String].self, from: JSONEncoder().encode(headers))
        let archivedPayload = try Self.asJSONB(payload)
        #expect(archivedPayload != payload)
        let fromRecord = try EventChain.hash(after: EventChain.genesis, headers: headers, payload: payload)
        #expect(try EventChain.hash(after: EventChain.genesis, headers: archivedHeaders, payload: archivedPayload) == fromRecord)
        #expect(fromRecord.count == 64 && fromRecord.allSatisfy { $0.isHexDigit && !$0.isUppercase })

        // One byte of a string value, and one header, each change the hash.
        #expect(try EventChain.hash(after: EventChain.genesis, headers: headers, payload: Self.oneByteChanged(payload)) != fromRecord)
        var otherActor = headers
        otherActor["ce_actor"] = "admin"
        #expect(try EventChain.hash(after: EventChain.genesis, headers: otherActor, payload: payload) != fromRecord)
        // ce_prevhash is the prefix, not part of the canonical bytes; a different predecessor changes the hash.
        #expect(try EventChain.canonicalBytes(headers: headers, payload: payload).count > 0)
        #expect(try EventChain.hash(after: String(repeating: "1", count: 64), headers: headers, payload: payload) != fromRecord)
    }

    /// The payload with one letter of its first string value moved on by one.
    static func oneByteChanged(_ payload: [UInt8]) throws -> [UInt8] {
        var out = payload
        let colon = try require(out.firstIndex(of: UInt8(ascii: ":")))
        let open = try require(out[colon...].firstIndex(of: UInt8(ascii: "\"")))
        let letter = try require(out[(open + 1)...].firstIndex { ($0 >= UInt8(ascii: "a") && $0 < UInt8(ascii: "z")) || ($0 >= UInt8(ascii: "0") && $0 < UInt8(ascii: "9")) })
        out[letter] += 1
        return out
    }

    static func verify(_ events: [(headers: [String: String], payload: [UInt8])]) -> ChainVerifier.Report {
        var verifier = ChainVerifier()
        for (i, e) in events.enumerated() { verifier.add(headers: e.headers, payload: e.payload, partition: 0, offset: Int64(i)) }
        return verifier.report
    }

    @Test("the verifier names the altered, missing, reordered and inserted event")
    func verifier() throws {
        let (events, head) = try Self.chained(6)
        let clean = Self.verify(events)
        #expect(clean.verified && clean.events == 6 && clean.organizations == 1 && clean.unchainedLegacy == 0)
        #expect(clean.heads[ContractSamples.organizationId] == head)

        var altered = events
        altered[2].payload = try Self.oneByteChanged(Self.asJSONB(altered[2].payload))
        let a = Self.verify(altered)
        #expect(a.breaks.map(\.problem) == [.altered] && a.breaks.first?.offset == 2, "\(a.breaks)")

        var missing = events
        missing.remove(at: 3)
        let m = Self.verify(missing)
        #expect(m.breaks.map(\.problem) == [.missing] && m.breaks.first?.offset == 3, "\(m.breaks)")

        var swapped = events
        swapped.swapAt(3, 4)
        let s = Self.verify(swapped)
        #expect(s.breaks.map(\.problem) == [.reordered] && s.breaks.first?.offset == 3, "\(s.breaks)")

        var inserted = events
        var legacy = inserted[1]
        legacy.headers["ce_prevhash"] = nil
        legacy.headers["ce_chainseq"] = nil
        inserted.insert(legacy, at: 5)
        #expect(Self.verify(inserted).breaks.map(\.problem) == [.unchained])
    }

    @Test("events from before the chain are hashed into it: the first chained event commits to them")
    func legacyEvents() throws {
        let old = Array(try ContractSamples.decidedEvents().prefix(3)).map { ContractSamples.envelope($0) }
        var head = EventChain.Head.genesis
        var legacy: [(headers: [String: String], payload: [UInt8])] = []
        for e in old {
            let r = try Self.record(e)
            head = EventChain.Head(hash: try EventChain.hash(after: head.hash, headers: r.headers, payload: r.payload), length: head.length + 1)
            legacy.append(r)
        }
        let (chained, _) = try Self.chained(2, after: head)
        let report = Self.verify(legacy + chained)
        #expect(report.verified && report.unchainedLegacy == 3 && report.events == 5)

        var changedLegacy = legacy
        changedLegacy[1].headers["ce_actor"] = "system"
        let broken = Self.verify(changedLegacy + chained)
        #expect(broken.breaks.map(\.problem) == [.altered] && broken.breaks.first?.offset == 2, "the last legacy event: the first chained one's prevhash no longer matches")
    }
}
