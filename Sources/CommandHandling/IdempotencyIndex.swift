import Domain
import Foundation

/// Idempotency-Keys seen per organization with each one's first answer, rebuilt from the events'
/// `ce_idempotencykey` and `ce_commandreply` headers so they survive restarts. Keys are kept for `retention` after first use, as payment APIs do.
struct IdempotencyIndex {
    struct Entry {
        var fingerprint: String?
        /// nil for a command logged before replies were recorded with its events (see `CommandError.idempotencyReplyUnknown`).
        var reply: CommandReply?
        var positions: [Int32: Int64]
        var firstSeen: Date
    }

    static let retention: TimeInterval = 24 * 3600
    private var entries: [UUID: [String: Entry]] = [:]
    private var insertsSincePrune = 0

    func lookup(organizationId: UUID, key: String, now: Date) -> Entry? {
        guard let e = entries[organizationId]?[key], now.timeIntervalSince(e.firstSeen) < Self.retention else { return nil }
        return e
    }

    mutating func record(organizationId: UUID, key: String, entry: Entry, now: Date) {
        if entries[organizationId]?[key] == nil { entries[organizationId, default: [:]][key] = entry }
        insertsSincePrune += 1
        if insertsSincePrune >= 10_000 { prune(now: now) }
    }

    private mutating func prune(now: Date) {
        insertsSincePrune = 0
        for (org, keys) in entries {
            entries[org] = keys.filter { now.timeIntervalSince($0.value.firstSeen) < Self.retention }
        }
    }
}
