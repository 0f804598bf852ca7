import CommandHandling
import EventLog
import EventStore
import Foundation
import HTTPAPI
import Logging

/// Reads one partition of the commands topic for the writers: from the group's committed offset,
/// each record in order, handed to its organization's writer with the offset after it. The writer
/// commits that offset in the record's own transaction (its events and result), so a record is
/// consumed exactly when its effects are written: after a crash the next start reads from the first
/// record whose transaction did not commit. A record is offered again until a writer takes it
/// (a writer that is recovering, a key store that did not answer); a refused one is written as
/// its rejected result and the partition moves on.
enum CommandsConsumer {
    static func run(partition: Int32, bootstrap: String, topic: String, reader: CommandRecordReader, router: CommandRouter,
                    logger: Logger) async {
        var consumer: Consumer?
        reading: while !Task.isCancelled {
            do {
                let current: Consumer
                if let consumer { current = consumer } else {
                    // Upstream commands are not waited on by a caller: a fetch may wait 100 ms at the
                    // broker (the readers' default of 10 ms, times one consumer per partition, keeps a
                    // core busy polling an idle topic).
                    current = try Consumer(bootstrapServers: bootstrap, config: ["group.id": CommandRecordReader.group, "fetch.wait.max.ms": "100"])
                    try await current.assign([(topic: topic, partition: partition, start: .committed)])
                    consumer = current
                }
                for event in try await current.poll(max: 500, timeout: .milliseconds(100)) {
                    guard case .record(let record) = event else { continue }
                    try await hand(record, partition: partition, topic: topic, reader: reader, router: router, logger: logger)
                }
            } catch is CancellationError {
                break reading
            } catch {
                // The consumer itself failed: start again from the committed offset.
                logger.error("commands consumer failed; reading again from the committed offset",
                             metadata: ["partition": "\(partition)", "reason": "\(error)"])
                if let consumer { await consumer.close() }
                consumer = nil
                do { try await Task.sleep(for: .seconds(1)) } catch { break reading }
            }
        }
        await consumer?.close()
    }

    /// Until the record's transaction commits (or the task is cancelled: the next start reads it again).
    private static func hand(_ record: ConsumedRecord, partition: Int32, topic: String, reader: CommandRecordReader,
                             router: CommandRouter, logger: Logger) async throws {
        let offsets = GroupOffsets(group: CommandRecordReader.group, topic: topic, next: [partition: record.offset + 1])
        var delay = Duration.milliseconds(50)
        while true {
            try Task.checkCancellation()
            do {
                let (org, consumed) = try await reader.read(record, offsets: offsets)
                let result = try await router.submit(consumed, organizationId: org, recordPartition: partition)
                logger.debug("command consumed", metadata: ["partition": "\(partition)", "offset": "\(record.offset)",
                                                            "status": "\(result.status.rawValue)"])
                return
            } catch {
                logger.warning("command not taken yet; offering it again", metadata: [
                    "partition": "\(partition)", "offset": "\(record.offset)", "reason": "\(error)"])
                try await Task.sleep(for: delay)
                delay = min(delay * 2, .seconds(5))
            }
        }
    }
}
