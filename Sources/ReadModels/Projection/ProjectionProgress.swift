import EventStore

/// How far the projector has committed, per partition, and who is waiting for it to get further.
/// Read-your-writes and the embedded mode's "acknowledged once archived" both wait here.
public actor ProjectionProgress: DurabilityBarrier {
    private var committed: [Int32: Int64] = [:]
    private var waiters: [(positions: [Int32: Int64], continuation: CheckedContinuation<Bool, Never>, id: Int)] = []
    private var nextWaiterId = 0

    public init() {}

    public func positions() -> [Int32: Int64] { committed }

    func advance(_ positions: [Int32: Int64]) {
        for (p, o) in positions where o > committed[p] ?? -1 { committed[p] = o }
        var still: [(positions: [Int32: Int64], continuation: CheckedContinuation<Bool, Never>, id: Int)] = []
        for w in waiters {
            if passed(w.positions) { w.continuation.resume(returning: true) } else { still.append(w) }
        }
        waiters = still
    }

    private func passed(_ positions: [Int32: Int64]) -> Bool {
        positions.allSatisfy { (committed[$0.key] ?? 0) >= $0.value }
    }

    public func waitUntilPassed(_ positions: [Int32: Int64], timeout: Duration) async -> Bool {
        if passed(positions) { return true }
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
