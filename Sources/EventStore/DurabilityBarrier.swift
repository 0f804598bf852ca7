/// Something a write must have reached before it is acknowledged. In embedded mode this is the
/// projector's `event_archive` (the in-memory broker loses everything on exit; the archive is
/// what a restart restores from). ReadModels provides it; CommandHandling only knows this shape.
public protocol DurabilityBarrier: Sendable {
    /// Returns true once every partition has been consumed past `positions`, false on timeout.
    func waitUntilPassed(_ positions: [Int32: Int64], timeout: Duration) async -> Bool
}
