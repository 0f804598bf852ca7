import EventStore

/// How far one projection has committed, per partition, whether it is healthy, and who is
/// waiting for it to get further. Read-your-writes and the embedded mode's "acknowledged once
/// archived" both wait here; a stuck projection answers every waiter at once (false) instead of
/// holding writes until they time out.
public actor ProjectionProgress: DurabilityBarrier {
    public enum Health: Sendable, Equatable {
        case running
        /// A batch failed for a reason that may pass (PostgreSQL unreachable, a deadlock): retried.
        case retrying(attempts: Int, error: String)
        /// An event this projection cannot apply, or events it can no longer read: it has stopped.
        /// Carries offsets, types and error codes only (no PHI).
        case stuck(reason: String)
    }

    public nonisolated let name: String
    private var committed: [Int32: Int64] = [:]
    public private(set) var health: Health = .running
    private var waiters: [(positions: [Int32: Int64], continuation: CheckedContinuation<Bool, Never>, id: Int)] = []
    private var nextWaiterId = 0

    public init(name: String = "") {
        self.name = name
    }

    public func positions() -> [Int32: Int64] { committed }

    func advance(_ positions: [Int32: Int64]) {
        for (p, o) in positions where o > committed[p] ?? -1 { committed[p] = o }
        if case .retrying = health { health = .running }
        var still: [(positions: [Int32: Int64], continuation: CheckedContinuation<Bool, Never>, id: Int)] = []
        for w in waiters {
            if passed(w.positions) { w.continuation.resume(returning: true) } else { still.append(w) }
        }
        waiters = still
    }

    func report(_ health: Health) {
        self.health = health
        guard case .stuck = health else { return }
        for w in waiters { w.continuation.resume(returning: false) }
        waiters = []
    }

    private func passed(_ positions: [Int32: Int64]) -> Bool {
        positions.allSatisfy { (committed[$0.key] ?? 0) >= $0.value }
    }

    public func waitUntilPassed(_ positions: [Int32: Int64], timeout: Duration) async -> Bool {
        if passed(positions) { return true }
        if case .stuck = health { return false }
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
