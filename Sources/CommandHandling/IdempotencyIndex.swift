import Domain
import Foundation

/// Idempotency-Keys seen per organization with each one's first answer, rebuilt from the events'
/// `ce_idempotencykey` and `ce_commandreply` headers so they survive restarts. Keys are kept for `retention` after first use, as payment APIs do.
struct IdempotencyIndex {
    /// Codable for writer snapshots: a change of its shape needs a new `OrganizationState.snapshotFormat`.
    struct Entry: Codable {
        var fingerprint: String?
        /// nil for a command logged before replies were recorded with its events (see `CommandError.idempotencyReplyUnknown`).
        var reply: CommandReply?
        var positions: [Int32: Int64]
        var firstSeen: Date
    }

    static let retention: TimeInterval = 24 * 3600
    private var entries: [UUID: [String: Entry]] = [:]
    private var insertsSincePrune = 0

    init() {}

    func lookup(organizationId: UUID, key: String, now: Date) -> Entry? {
        guard let e = entries[organizationId]?[key], now.timeIntervalSince(e.firstSeen) < Self.retention else { return nil }
        return e
    }

    mutating func record(organizationId: UUID, key: String, entry: Entry, now: Date) {
        if entries[organizationId]?[key] == nil { entries[organizationId, default: [:]][key] = entry }
        insertsSincePrune += 1
        if insertsSincePrune >= 10_000 { prune(now: now) }
    }

    /// One remembered key, as a writer snapshot holds it.
    struct Kept: Codable {
        var organizationId: UUID
        var key: String
        var entry: Entry
    }

    /// The keys still in their window at `now` that a rebuild from the log would find: those whose
    /// command wrote events (a command that wrote nothing is remembered only until a restart).
    func kept(now: Date) -> [Kept] {
        entries.flatMap { org, keys in
            keys.compactMap { key, entry in
                now.timeIntervalSince(entry.firstSeen) < Self.retention && !entry.positions.isEmpty
                    ? Kept(organizationId: org, key: key, entry: entry) : nil
            }
        }
    }

    init(kept: [Kept]) {
        for k in kept { entries[k.organizationId, default: [:]][k.key] = k.entry }
    }

    private mutating func prune(now: Date) {
        insertsSincePrune = 0
        for (org, keys) in entries {
            entries[org] = keys.filter { now.timeIntervalSince($0.value.firstSeen) < Self.retention }
        }
    }
}
