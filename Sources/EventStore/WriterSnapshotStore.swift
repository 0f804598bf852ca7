import Foundation

/// Where partition writers keep snapshots of their decision state: `writer_snapshots`, which
/// ReadModels keeps (docs/architecture.md, "Writer snapshots"). EventStore only knows this shape,
/// so a writer can use it without knowing PostgreSQL. A payload holds PHI, like the read models:
/// never log it.
public protocol WriterSnapshotStore: Sendable {
    /// The newest snapshot of `partition` at or below `atMost` (the log end the writer just
    /// checked), whatever its format: the writer says why it ignores one of another format.
    func newest(partition: Int32, atMost: Int64) async throws -> StoredWriterSnapshot?
    /// Keeps `snapshot`, and only the newest two of its partition.
    func save(_ snapshot: StoredWriterSnapshot) async throws
}

/// One partition's decision state at one log offset, encoded by CommandHandling.
public struct StoredWriterSnapshot: Sendable {
    public var partition: Int32
    /// The log end after the last transaction the state includes: the tail is read from here.
    public var logOffset: Int64
    public var format: Int
    public var takenAt: Date
    public var eventCount: Int
    public var payload: Data

    public init(partition: Int32, logOffset: Int64, format: Int, takenAt: Date, eventCount: Int, payload: Data) {
        self.partition = partition; self.logOffset = logOffset; self.format = format
        self.takenAt = takenAt; self.eventCount = eventCount; self.payload = payload
    }
}
