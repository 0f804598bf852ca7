import EventLog
import Foundation

/// The part of the log a broker may have dropped: `event_archive`, which ReadModels keeps.
/// EventStore only knows this shape, so writers can read it without knowing PostgreSQL.
public protocol ArchivedEvents: Sendable {
    /// The next offset of the partition that is not archived yet: every event before it is.
    func archivedEnd(topic: String, partition: Int32) async throws -> Int64
    /// The archived records of a partition with `from <= offset < until`, in log order, at most `limit`.
    func records(topic: String, partition: Int32, from: Int64, until: Int64, limit: Int) async throws -> [ConsumedRecord]
}

/// Why a partition's history cannot be read in full. Either is a loss the reader must not paper over.
public enum LogHistoryGap: Error, CustomStringConvertible, Sendable {
    /// The broker's log starts after `needed` and the archive does not reach its start.
    case notArchived(partition: Int32, needed: Int64, logStart: Int64, archivedUntil: Int64?)
    /// The broker's log ends before what has already been read or archived: the cluster lost data.
    case logBehind(partition: Int32, logEnd: Int64, expected: Int64)

    public var description: String {
        switch self {
        case .notArchived(let p, let needed, let start, let archived):
            let archive = archived.map { "event_archive reaches only offset \($0)" } ?? "no archive to read it from"
            return "partition \(p): offsets \(needed)..<\(start) are no longer in the broker and \(archive); those events are lost"
        case .logBehind(let p, let end, let expected):
            return """
                partition \(p): the broker's log ends at offset \(end) but events up to offset \(expected) were already \
                written: the Kafka cluster lost its data. Stop serve and run `clinicledger restore` to refill it from \
                event_archive (docs/runbook.md, "Lost cluster").
                """
        }
    }
}

/// Reads partitions of the events topic from any offset, whatever the broker still holds: offsets
/// below the broker's log start come from `event_archive`, the rest from Kafka. This is the
/// retention model (docs/architecture.md): Kafka holds the tail, the archive holds everything.
///
/// Not shared between tasks: one reader per consumer loop (writer rebuild, each projection).
public actor LogHistoryReader {
    public nonisolated let topic: String
    private let log: EventReader
    private let archive: (any ArchivedEvents)?
    /// The next offset to hand out, per assigned partition.
    private var next: [Int32: Int64] = [:]
    /// Partitions still being read from the archive, up to (excluding) this offset.
    private var archiveUntil: [Int32: Int64] = [:]
    private let archiveChunk: Int

    /// Without an archive (the archiver itself), offsets the broker dropped are a gap.
    public init(log: EventReader, archive: (any ArchivedEvents)?, archiveChunk: Int = 5000) {
        self.topic = log.topic
        self.log = log
        self.archive = archive
        self.archiveChunk = archiveChunk
    }

    /// Starts each partition at its next offset (0 = the beginning of its history).
    public func assign(_ starts: [Int32: Int64]) async throws {
        next = starts
        archiveUntil = [:]
        for (partition, start) in starts.sorted(by: { $0.key < $1.key }) { try await plan(partition, from: start) }
        try await assignLog()
    }

    /// Events in log order per partition: archived ones first, then what Kafka delivers within
    /// `timeout`. An empty answer means nothing new for now.
    public func poll(max: Int, timeout: Duration) async throws -> [EventReader.Item] {
        if let (partition, until) = archiveUntil.min(by: { $0.key < $1.key }), let archive {
            let from = next[partition] ?? 0
            let records = try await archive.records(topic: topic, partition: partition, from: from, until: until,
                                                    limit: Swift.min(max, archiveChunk))
            if let last = records.last, last.offset + 1 < until {
                next[partition] = last.offset + 1
            } else {
                next[partition] = until
                archiveUntil[partition] = nil
            }
            return records.map(EventReader.item)
        }
        let items = try await log.poll(max: max, timeout: timeout)
        var out: [EventReader.Item] = []
        out.reserveCapacity(items.count)
        for item in items {
            switch item {
            case .event(let e):
                next[e.partition] = e.offset + 1
            case .undecodable(let p, let offset, _):
                next[p] = offset + 1
            case .endOfPartition(let p, let offset):
                next[p] = Swift.max(next[p] ?? 0, offset)
            case .offsetOutOfRange(let p):
                // Retention ran past this reader while it was behind: take the rest from the archive.
                try await plan(p, from: next[p] ?? 0)
                try await assignLog()
                continue
            }
            out.append(item)
        }
        return out
    }

    /// The log's end, after checking that the broker still holds everything the archive has seen
    /// (a broker that lost its data starts again at offset 0, below what was archived).
    public func checkedLogEnd(partition: Int32) async throws -> Int64 {
        var end = try await log.endOffset(partition: partition)
        if let archive {
            let archived = try await archive.archivedEnd(topic: topic, partition: partition)
            if archived > end { end = try await confirmedBehind(partition, expected: archived).end }
        }
        return end
    }

    /// A log end below what was already read or archived, asked again before it is called a loss:
    /// a broker can answer a watermark query with 0 for a moment (Tansu did, while writes went
    /// on), and a lost cluster stays lost. Throws `logBehind` when it does not catch up.
    private func confirmedBehind(_ partition: Int32, expected: Int64) async throws -> (start: Int64, end: Int64) {
        var marks = try await log.watermarks(partition: partition)
        for _ in 0..<5 where marks.end < expected {
            try await Task.sleep(for: .milliseconds(200))
            marks = try await log.watermarks(partition: partition)
        }
        guard marks.end >= expected else { throw LogHistoryGap.logBehind(partition: partition, logEnd: marks.end, expected: expected) }
        return marks
    }

    public func close() async {
        await log.close()
    }

    /// Decides where a partition's reading starts: the archive when the broker starts later.
    private func plan(_ partition: Int32, from start: Int64) async throws {
        var (logStart, logEnd) = try await log.watermarks(partition: partition)
        if start > logEnd { (logStart, logEnd) = try await confirmedBehind(partition, expected: start) }
        guard start < logStart else { return }
        guard let archive else {
            throw LogHistoryGap.notArchived(partition: partition, needed: start, logStart: logStart, archivedUntil: nil)
        }
        let archived = try await archive.archivedEnd(topic: topic, partition: partition)
        guard archived >= logStart else {
            throw LogHistoryGap.notArchived(partition: partition, needed: start, logStart: logStart, archivedUntil: archived)
        }
        archiveUntil[partition] = logStart
    }

    /// Kafka reads each partition from where the archive hands over (or from `next`).
    private func assignLog() async throws {
        var starts: [Int32: Int64?] = [:]
        for (p, n) in next { starts[p] = Swift.max(n, archiveUntil[p] ?? n) }
        try await log.assign(starts)
    }
}
