import EventLog
import EventStore
import Foundation
import Logging
import ReadModels

/// Refills an empty events log from `event_archive` — same partitions, same order, same records —
/// before any writer or projection starts. Embedded mode does it at every start (its log lives in
/// memory); `clinicledger restore` does it for a real cluster that lost its data.
///
/// The refilled log assigns new offsets (a real Kafka also places transaction markers between the
/// restore's transactions), so the archive's rows and every projection's position move to the new
/// offsets in one PostgreSQL transaction per partition: afterwards the archive's offsets are the
/// current log's offsets again.
public enum ArchiveRestore {
    /// Records per restore transaction, and their bytes at most.
    static let chunk = 2000
    static let chunkBytes = 4 << 20

    public enum RestoreError: Error, CustomStringConvertible {
        case partitionMissing(Int32, Int32)
        case logNotEmpty(partition: Int32, logEnd: Int64, archivedEnd: Int64)
        case embedded
        public var description: String {
            switch self {
            case .embedded:
                return "KAFKA_BROKERS is not set: the embedded broker is refilled from event_archive at every start of serve"
            case .partitionMissing(let p, let count):
                return "event_archive holds partition \(p) but the events topic has \(count) partitions; start with CLINICLEDGER_PARTITIONS=\(p + 1) or more"
            case .logNotEmpty(let p, let end, let archived):
                return """
                    partition \(p) of the events topic holds offsets up to \(end) but event_archive holds events up to \(archived): \
                    the log is neither complete nor empty, and restore only refills empty partitions. Delete and re-create the \
                    events topic (docs/runbook.md, "Lost cluster"), then run restore again.
                    """
            }
        }
    }

    /// Restores every archived partition whose log is empty; returns the number of events written
    /// (0 when the log already holds what the archive holds). Refuses a log that is behind the
    /// archive without being empty.
    public static func restore(archive: EventArchive, bootstrap: String, topic: String, partitions: Int32,
                               logger: Logger) async throws -> Int {
        guard try await archive.count(topic: topic) > 0 else { return 0 }
        let archived = try await archive.partitions(topic: topic)
        if let beyond = archived.first(where: { $0 >= partitions }) {
            throw RestoreError.partitionMissing(beyond, partitions)
        }
        // One reader for the whole restore: the partitions' ends before, and after (for markers).
        let reader = try EventReader(bootstrapServers: bootstrap, topic: topic)
        do {
            var empty: [(partition: Int32, archivedEnd: Int64)] = []
            for p in archived {
                let end = try await reader.endOffset(partition: p)
                let archivedEnd = try await archive.archivedEnd(topic: topic, partition: p)
                if end == 0 { empty.append((p, archivedEnd)) } else if end < archivedEnd {
                    throw RestoreError.logNotEmpty(partition: p, logEnd: end, archivedEnd: archivedEnd)
                }
            }
            var total = 0
            for (p, archivedEnd) in empty {
                total += try await restore(partition: p, upTo: archivedEnd, archive: archive, reader: reader,
                                           bootstrap: bootstrap, topic: topic, logger: logger)
            }
            await reader.close()
            return total
        } catch {
            await reader.close()
            throw error
        }
    }

    private static func restore(partition p: Int32, upTo archivedEnd: Int64, archive: EventArchive, reader: EventReader,
                                bootstrap: String, topic: String, logger: Logger) async throws -> Int {
        let producer = try TransactionalProducer(bootstrapServers: bootstrap, transactionalId: "clinicledger-restore-\(topic)-\(p)")
        var moves: [EventArchive.Move] = []
        var logEnd: Int64 = 0
        do {
            try await producer.initTransactions()
            var from: Int64 = 0
            while from < archivedEnd {
                let records = try await archive.records(topic: topic, partition: p, from: from, until: archivedEnd, limit: chunk)
                guard let last = records.last else { break }
                var start = 0
                while start < records.count {
                    // Keep each transaction small enough for the embedded broker's ~5 MiB partition.
                    var end = start, bytes = 0
                    while end < records.count, end == start || bytes + records[end].value.count <= chunkBytes {
                        bytes += records[end].value.count
                        end += 1
                    }
                    let slice = records[start..<end]
                    let positions = try await producer.transaction(slice.map {
                        ProducerRecord(topic: topic, partition: p, key: $0.key, value: $0.value, headers: $0.headers)
                    })
                    for (record, position) in zip(slice, positions) {
                        let id = record.headers.first { $0.key == "ce_id" }.flatMap { UUID(uuidString: String(decoding: $0.value, as: UTF8.self)) }
                        guard let id else { throw RestoreFailure("archived record at offset \(record.offset) has no ce_id header") }
                        moves.append(.init(eventId: id, old: record.offset, new: position.offset))
                    }
                    logEnd = (positions.last?.offset ?? logEnd - 1) + 1
                    start = end
                }
                from = last.offset + 1
            }
            await producer.close()
        } catch {
            await producer.close()
            throw error
        }
        // A broker that writes transaction markers ends the log past the last record.
        logEnd = max(logEnd, (try? await reader.endOffset(partition: p)) ?? logEnd)
        try await archive.rebase(topic: topic, partition: p, moves: moves, logEnd: logEnd)
        logger.notice("restored partition from event_archive", metadata: ["partition": "\(p)", "events": "\(moves.count)", "log_end": "\(logEnd)"])
        return moves.count
    }

    struct RestoreFailure: Error, CustomStringConvertible {
        let description: String
        init(_ d: String) { description = d }
    }
}
