import Domain
import EventStore
import Foundation

/// Rebuilds a partition writer's decision state by reading its partition's history — from
/// `event_archive` where the broker no longer holds it, then Kafka — to the last stable offset:
/// the whole history, or a snapshot's state and the tail after it.
enum DecisionStateRebuilder {
    struct Rebuilt {
        var states: [UUID: OrganizationState] = [:]
        var chains: [UUID: EventChain.Head] = [:]
        var idempotency = IdempotencyIndex()
        var eventCount = 0
        /// The partition's end when the rebuild finished: the writer's next append lands at or after it.
        var logEnd: Int64 = 0
        /// The offset of the last event read (or of the snapshot's last event), nil when there is none.
        var lastEventOffset: Int64?
    }

    /// A snapshot's state to continue from: its events are not read again.
    struct Base {
        var snapshot: WriterSnapshot
        /// Where the tail starts (`writer_snapshots.log_offset`).
        var logOffset: Int64
    }

    /// Why a snapshot does not fit the log; the writer then reads the whole history instead.
    /// Says nothing of the events' content.
    struct SnapshotMismatch: Error, CustomStringConvertible {
        let description: String
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

    /// Reads to `end` (the reader's checked log end) from the beginning, or, with `base`, from the
    /// snapshot's last event. The snapshot is verified against the log on the way: its last event
    /// must be where it says and hash to its organization's head, and each organization's first
    /// event after it must carry that head as `ce_prevhash`; else `SnapshotMismatch`, nothing kept.
    static func rebuild(partition: Int32, reader: LogHistoryReader, end: Int64, from base: Base? = nil) async throws -> Rebuilt {
        var out = Rebuilt()
        out.logEnd = end
        var next: Int64 = 0
        // The snapshot's last event, not yet seen again; and the organizations seen in the tail so far.
        var pendingCheck: Int64?
        var seenInTail = Set<UUID>()
        if let base {
            let s = base.snapshot
            guard s.lastEventOffset < base.logOffset, base.logOffset <= end else {
                throw SnapshotMismatch(description: "snapshot at offset \(base.logOffset) (last event \(s.lastEventOffset)) is past the log end \(end)")
            }
            out.states = Dictionary(s.organizations.map { ($0.organizationId, $0) }, uniquingKeysWith: { _, last in last })
            out.chains = s.chains
            out.idempotency = IdempotencyIndex(kept: s.idempotency)
            out.eventCount = s.eventCount
            out.lastEventOffset = s.lastEventOffset
            next = s.lastEventOffset
            pendingCheck = s.lastEventOffset
            do { try await reader.assign([partition: next]) } catch let gap as LogHistoryGap {
                throw SnapshotMismatch(description: "the tail after the snapshot cannot be read: \(gap)")
            }
        } else {
            guard end > 0 else { return out }
            try await reader.assign([partition: 0])
        }

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
                    out.lastEventOffset = stored.offset
                    let e = stored.envelope
                    if let check = pendingCheck {
                        // The snapshot's own last event, read again only to prove the snapshot is of this log.
                        pendingCheck = nil
                        try verifyLast(stored, expected: check, chains: out.chains)
                        continue
                    }
                    if base != nil, seenInTail.insert(e.organizationId).inserted {
                        let head = out.chains[e.organizationId]?.hash ?? EventChain.genesis
                        guard e.prevHash == head else {
                            throw SnapshotMismatch(description: "offset \(stored.offset): the first event after the snapshot of its organization does not follow the snapshot's chain head")
                        }
                    }
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
        if pendingCheck != nil {
            throw SnapshotMismatch(description: "the snapshot's last event at offset \(base?.snapshot.lastEventOffset ?? 0) is not in the log")
        }
        flush()
        for org in Array(lastChained.keys) { try settle(org) }
        return out
    }

    /// The snapshot's last event: at its offset, chained, and hashing to its organization's head.
    private static func verifyLast(_ stored: StoredEvent, expected offset: Int64, chains: [UUID: EventChain.Head]) throws {
        guard stored.offset == offset else {
            throw SnapshotMismatch(description: "the snapshot's last event should be at offset \(offset), the log has one at \(stored.offset)")
        }
        guard let prev = stored.envelope.prevHash, let head = chains[stored.envelope.organizationId],
              (try? EventChain.hash(after: prev, stored)) == head.hash else {
            throw SnapshotMismatch(description: "the event at offset \(offset) does not hash to the snapshot's chain head of its organization")
        }
    }
}
