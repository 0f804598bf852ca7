import EventLog
import EventStore
import Foundation
import Logging
import ReadModels

/// Embedded mode keeps the log in memory; `event_archive` is what outlives the process. When the
/// in-process broker starts empty and the archive is not, the log is restored from it — same
/// partitions, same order — before any writer or projector starts.
enum ArchiveRestore {
    static let chunk = 5000

    /// Returns the number of events restored (0 when there was nothing to do).
    static func restoreIfNeeded(archive: EventArchive, bootstrap: String, topic: String, partitions: Int32,
                                reader: EventReader, logger: Logger) async throws -> Int {
        for p in 0..<partitions where try await reader.endOffset(partition: p) > 0 { return 0 }
        guard try await archive.count(topic: topic) > 0 else { return 0 }
        let archived = try await archive.partitions(topic: topic)
        if let beyond = archived.first(where: { $0 >= partitions }) {
            throw RestoreError.partitionMissing(beyond, partitions)
        }
        var total = 0
        for p in archived {
            let producer = try TransactionalProducer(bootstrapServers: bootstrap, transactionalId: "clinicledger-restore-\(topic)-\(p)")
            try await producer.initTransactions()
            var after: Int64 = -1
            var moved: [(eventId: UUID, offset: Int64)] = []
            var logEnd: Int64 = 0
            while true {
                let records = try await archive.records(topic: topic, partition: p, afterOffset: after, limit: chunk)
                guard let last = records.last else { break }
                let positions = try await producer.transaction(records.map {
                    EventRecordCodec.record(topic: topic, partition: p, key: $0.key, value: $0.payload, headers: $0.headers)
                })
                for (record, position) in zip(records, positions) where record.offset != position.offset {
                    moved.append((record.eventId, position.offset))
                }
                logEnd = (positions.last?.offset ?? -1) + 1
                after = last.offset
                total += records.count
            }
            await producer.close()
            try await archive.rebase(topic: topic, partition: p, newOffsets: moved, logEnd: logEnd, projector: Projector.name)
            logger.notice("restored partition from event_archive", metadata: ["partition": "\(p)", "log_end": "\(logEnd)"])
        }
        return total
    }

    enum RestoreError: Error, CustomStringConvertible {
        case partitionMissing(Int32, Int32)
        var description: String {
            switch self {
            case .partitionMissing(let p, let count):
                return "event_archive holds partition \(p) but the events topic has \(count) partitions; start with CLINICLEDGER_PARTITIONS=\(p + 1) or more"
            }
        }
    }
}
