import EventStore

/// How far one projection has committed, per partition, whether it is healthy, and who is
/// waiting for it to get further. Read-your-writes and the embedded mode's "acknowledged once
/// archived" both wait here; a stuck or paused projection answers every waiter at once (false)
/// instead of holding writes until they time out.
///
/// A progress made `combining` others (read-your-writes over every read model) records nothing
/// itself: it has passed a position once each member has.
public actor ProjectionProgress: DurabilityBarrier {
    public enum Health: Sendable, Equatable {
        case running
        /// A batch failed for a reason that may pass (PostgreSQL unreachable, a deadlock): retried.
        case retrying(attempts: Int, error: String)
        /// An event this projection cannot apply, or events it can no longer read: it has stopped.
        /// Carries offsets, types and error codes only (no PHI).
        case stuck(reason: String)
        /// Another process rebuilds this projection (`clinicledger projections rebuild`): the
        /// runner waits, then resumes from the rebuilt positions.
        case paused(reason: String)
    }

    public nonisolated let name: String
    private var committed: [Int32: Int64] = [:]
    public private(set) var health: Health = .running
    private var waiters: [(positions: [Int32: Int64], continuation: CheckedContinuation<Bool, Never>, id: Int)] = []
    private var nextWaiterId = 0

    private let members: [ProjectionProgress]

    public init(name: String = "") {
        self.name = name
        self.members = []
    }

    /// Passed where every member has passed; its positions are the members' lowest.
    public init(name: String, combining members: [ProjectionProgress]) {
        self.name = name
        self.members = members
    }

    public func positions() async -> [Int32: Int64] {
        guard !members.isEmpty else { return committed }
        var each: [[Int32: Int64]] = []
        for m in members { each.append(await m.positions()) }
        let partitions = Set(each.flatMap(\.keys))
        return Dictionary(uniqueKeysWithValues: partitions.map { p in (p, each.map { $0[p] ?? 0 }.min() ?? 0) })
    }

    /// After a rebuild the stored positions are the truth, whatever was committed before.
    func reset(_ positions: [Int32: Int64]) {
        committed = positions
        health = .running
        resumePassed()
    }

    func advance(_ positions: [Int32: Int64]) {
        for (p, o) in positions where o > committed[p] ?? -1 { committed[p] = o }
        if case .retrying = health { health = .running }
        resumePassed()
    }

    private func resumePassed() {
        var still: [(positions: [Int32: Int64], continuation: CheckedContinuation<Bool, Never>, id: Int)] = []
        for w in waiters {
            if passed(w.positions) { w.continuation.resume(returning: true) } else { still.append(w) }
        }
        waiters = still
    }

    func report(_ health: Health) {
        self.health = health
        switch health {
        case .stuck, .paused: break
        case .running, .retrying: return
        }
        for w in waiters { w.continuation.resume(returning: false) }
        waiters = []
    }

    private func passed(_ positions: [Int32: Int64]) -> Bool {
        positions.allSatisfy { (committed[$0.key] ?? 0) >= $0.value }
    }

    public func waitUntilPassed(_ positions: [Int32: Int64], timeout: Duration) async -> Bool {
        if !members.isEmpty {
            let end = ContinuousClock.now + timeout
            for m in members {
                guard await m.waitUntilPassed(positions, timeout: max(.zero, end - ContinuousClock.now)) else { return false }
            }
            return true
        }
        if passed(positions) { return true }
        switch health {
        case .stuck, .paused: return false
        case .running, .retrying: break
        }
        let id = nextWaiterId
        nextWaiterId += 1
        let timer = Task { [weak self] in
            try? await Task.sleep(for: timeout)
            await self?.expire(id)
        }
        defer { timer.cancel() }
        return await withCheckedContinuation { continuation in
            waiters.append((positions, continuation, id))
        }
    }

    private func expire(_ id: Int) {
        guard let index = waiters.firstIndex(where: { $0.id == id }) else { return }
        waiters.remove(at: index).continuation.resume(returning: false)
    }
}
