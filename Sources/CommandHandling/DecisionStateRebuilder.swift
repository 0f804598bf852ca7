import Domain
import EventStore
import Foundation

/// Rebuilds a partition writer's decision state by reading its partition's whole history — from
/// `event_archive` where the broker no longer holds it, then Kafka — to the last stable offset.
/// (Later: from a snapshot plus the tail.)
enum DecisionStateRebuilder {
    struct Rebuilt {
        var states: [UUID: OrganizationState] = [:]
        var chains: [UUID: EventChain.Head] = [:]
        var idempotency = IdempotencyIndex()
        var eventCount = 0
        /// The partition's end when the rebuild finished: the writer's next append lands at or after it.
        var logEnd: Int64 = 0
    }

    enum Failure: Error, CustomStringConvertible {
        case undecodable(partition: Int32, offset: Int64, reason: String)
        var description: String {
            switch self {
            case .undecodable(let p, let o, let r):
                return "partition \(p) offset \(o) holds a record this version cannot decode (\(r)); refusing to decide on a partial history"
            }
        }
    }

    static func rebuild(partition: Int32, reader: LogHistoryReader) async throws -> Rebuilt {
        var out = Rebuilt()
        let end = try await reader.checkedLogEnd(partition: partition)
        out.logEnd = end
        guard end > 0 else { return out }
        try await reader.assign([partition: 0])

        // A command's first event carries its Idempotency-Key and its recorded reply; the key's
        // position is the end of the command's last event.
        var seenEventIds = Set<UUID>()
        var keyed: (envelope: EventEnvelope, reply: CommandReply?)?
        var keyedLastOffset: Int64 = 0
        func flush() {
            defer { keyed = nil }
            guard let (first, reply) = keyed, let key = first.idempotencyKey else { return }
            out.idempotency.record(organizationId: first.organizationId, key: key,
                                   entry: .init(fingerprint: first.requestFingerprint, reply: reply,
                                                positions: [partition: keyedLastOffset + 1], firstSeen: first.time),
                                   now: Date())
        }

        // Hash chains: a chained event's head follows from its own ce_prevhash, so only each
        // organization's last chained event is hashed (at the end); legacy events, which carry
        // none, are folded in as they come.
        var lastChained: [UUID: StoredEvent] = [:]
        func settle(_ org: UUID) throws {
            guard let last = lastChained.removeValue(forKey: org), let prev = last.envelope.prevHash else { return }
            do { out.chains[org, default: .genesis].hash = try EventChain.hash(after: prev, last) } catch {
                throw Failure.undecodable(partition: partition, offset: last.offset, reason: "its hash chain: \(error)")
            }
        }

        var next: Int64 = 0
        while next < end {
            for item in try await reader.poll(max: 5000, timeout: .milliseconds(200)) {
                switch item {
                case .endOfPartition(_, let offset):
                    next = max(next, offset)
                case .offsetOutOfRange:
                    break  // the reader has switched to the archive
                case .undecodable(let p, let offset, let reason):
                    throw Failure.undecodable(partition: p, offset: offset, reason: reason)
                case .event(let stored):
                    next = stored.offset + 1
                    let e = stored.envelope
                    // An aborted-then-retried transaction can leave the same event twice on a broker without abort markers.
                    guard seenEventIds.insert(e.eventId).inserted else { continue }
                    if keyed?.envelope.commandId != e.commandId {
                        flush()
                        if e.idempotencyKey != nil {
                            do { keyed = (e, try e.commandReply.map(CommandReplyCoding.decode)) } catch {
                                throw Failure.undecodable(partition: partition, offset: stored.offset, reason: "its command reply: \(error)")
                            }
                        }
                    }
                    keyedLastOffset = stored.offset
                    out.states[e.organizationId, default: OrganizationState(organizationId: e.organizationId)].apply(e.event)
                    if e.prevHash != nil {
                        lastChained[e.organizationId] = stored
                    } else {
                        try settle(e.organizationId)
                        let head = out.chains[e.organizationId, default: .genesis].hash
                        do { out.chains[e.organizationId, default: .genesis].hash = try EventChain.hash(after: head, stored) } catch {
                            throw Failure.undecodable(partition: partition, offset: stored.offset, reason: "its hash chain: \(error)")
                        }
                    }
                    out.chains[e.organizationId, default: .genesis].length += 1
                    out.eventCount += 1
                }
            }
        }
        flush()
        for org in Array(lastChained.keys) { try settle(org) }
        return out
    }
}
