import EventLog
import Foundation

/// Recomputes organizations' hash chains (`EventChain`) from records fed in log order and finds
/// each organization's first break. Works on the raw record (headers and payload), not the decoded
/// event, so an altered payload that no longer decodes is still named as altered.
/// Holds one small state per organization, never the events.
public struct ChainVerifier: Sendable {
    public enum Problem: String, Sendable {
        /// An event's content no longer hashes to what the next event's `ce_prevhash` says.
        case altered
        /// Events of the chain are absent before this one.
        case missing
        /// This event comes after one that followed it when written.
        case reordered
        /// An event without `ce_prevhash` after the organization's chain began (inserted, or its header removed).
        case unchained
        /// A record whose headers or payload cannot be read as an event.
        case unreadable
    }

    /// The first break of one organization's chain, and the event where it shows.
    public struct Break: Sendable, Equatable {
        public var organizationId: UUID?
        public var problem: Problem
        public var eventId: String
        public var partition: Int32
        public var offset: Int64
        public var detail: String
    }

    public struct Report: Sendable {
        /// Events read, organizations seen, and those of the events that carry no ce_prevhash (written before the chain).
        public var events: Int
        public var organizations: Int
        public var unchainedLegacy: Int
        /// The first break per organization, in the order found.
        public var breaks: [Break]
        /// Each organization's head: compare with the newest command-results record's `chain_head`.
        public var heads: [UUID: EventChain.Head]
        public var verified: Bool { breaks.isEmpty }
    }

    private struct Position: Sendable { var eventId: String, partition: Int32, offset: Int64 }

    private struct Chain: Sendable {
        var head = EventChain.Head.genesis
        var started = false
        var last: Position?
        var broken = false
        /// After a break that looked like missing events: positions which, should they show up later, make it a reordering.
        var missingRange: ClosedRange<Int>?
        var breakIndex: Int?
    }

    private var chains: [UUID: Chain] = [:]
    private var breaks: [Break] = []
    private var events = 0
    private var legacy = 0

    public init() {}

    public mutating func add(_ record: ConsumedRecord) {
        var headers: [String: String] = [:]
        for h in record.headers { headers[h.key] = String(decoding: h.value, as: UTF8.self) }
        add(headers: headers, payload: record.value, partition: record.partition, offset: record.offset)
    }

    public mutating func add(headers: [String: String], payload: [UInt8], partition: Int32, offset: Int64) {
        events += 1
        let here = Position(eventId: headers[CloudEventHeaders.id] ?? "?", partition: partition, offset: offset)
        guard let source = headers[CloudEventHeaders.source], source.hasPrefix("/organizations/"),
              let org = UUID(uuidString: String(source.dropFirst("/organizations/".count))) else {
            breaks.append(Break(organizationId: nil, problem: .unreadable, eventId: here.eventId, partition: partition, offset: offset,
                                detail: "no organization in its ce_source header"))
            return
        }
        var chain = chains[org] ?? Chain()
        defer { chains[org] = chain }
        let prev = headers[CloudEventHeaders.prevHash]
        let sequence = headers[CloudEventHeaders.chainSequence].flatMap { Int($0) }
        if chain.broken {
            // Only to tell a reordering from a loss: does a "missing" position turn up later?
            if let range = chain.missingRange, let sequence, range.contains(sequence), let i = chain.breakIndex {
                breaks[i].problem = .reordered
                breaks[i].detail += "; position \(sequence) comes later (event \(here.eventId), partition \(partition) offset \(offset))"
                chain.missingRange = nil
            }
            if prev == nil { legacy += 1 }
            return
        }
        func broke(_ problem: Problem, at position: Position, _ detail: String) {
            chain.broken = true
            chain.breakIndex = breaks.count
            breaks.append(Break(organizationId: org, problem: problem, eventId: position.eventId, partition: position.partition,
                                offset: position.offset, detail: detail))
        }
        let expected = chain.head.length + 1
        if let prev {
            if prev != chain.head.hash {
                switch sequence {
                case .some(let s) where s > expected:
                    chain.missingRange = expected...(s - 1)
                    broke(.missing, at: here, expected == s - 1 ? "chain position \(expected) is missing before this event (position \(s))"
                          : "chain positions \(expected)…\(s - 1) are missing before this event (position \(s))")
                case .some(let s) where s < expected:
                    broke(.reordered, at: here, "this event is chain position \(s) but comes after position \(expected - 1)")
                default:
                    if let last = chain.last {
                        // Before the first chained event only the sum of the legacy events is known.
                        let which = chain.started ? "this event" : "this event or an earlier unchained legacy event"
                        broke(.altered, at: last, "its content does not hash to the ce_prevhash of the next event "
                              + "(\(here.eventId), partition \(partition) offset \(offset)): \(which) or that header was changed")
                    } else {
                        broke(.altered, at: here, "the organization's first event does not start from the genesis hash: "
                              + "its ce_prevhash was changed, or earlier events are missing")
                    }
                }
                return
            }
        } else if chain.started {
            broke(.unchained, at: here, "an event without ce_prevhash after the chain began at an earlier event: inserted, or its header removed")
            return
        } else {
            legacy += 1
        }
        do {
            chain.head = EventChain.Head(hash: try EventChain.hash(after: chain.head.hash, headers: headers, payload: payload),
                                         length: expected)
        } catch {
            broke(.altered, at: here, "its payload is no longer JSON")
            return
        }
        chain.started = chain.started || prev != nil
        chain.last = here
    }

    public var report: Report {
        Report(events: events, organizations: chains.count, unchainedLegacy: legacy, breaks: breaks,
               heads: chains.filter { !$0.value.broken }.mapValues(\.head))
    }
}
