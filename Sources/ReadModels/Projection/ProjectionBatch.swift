import EventStore
import Logging
import PostgresNIO

/// One batch of a projection — its rows and its new positions — in one PostgreSQL transaction,
/// under the projection's lease. The server's runner and a rebuild commit through here alike.
enum ProjectionBatch {
    static func commit(_ items: [EventReader.Item], projection: any Projection, lease: ProjectionLease,
                       committed: [Int32: Int64], topic: String, client: PostgresClient, logger: Logger) async throws -> [Int32: Int64] {
        var events: [StoredEvent] = []
        var positions: [Int32: Int64] = [:]
        let name = projection.name
        for item in items {
            switch item {
            case .event(let s):
                // Events it does not want still move its positions, so its lag reads 0 when idle.
                if projection.wants(s) { events.append(s) }
                positions[s.partition] = max(positions[s.partition] ?? 0, s.offset + 1)
            case .undecodable(let p, let offset, _):
                // Not ours to interpret (a newer writer's type, or a foreign producer): leave it in the log.
                logger.warning("projection skipped an undecodable record", metadata: ["projection": "\(name)", "partition": "\(p)", "offset": "\(offset)"])
                positions[p] = max(positions[p] ?? 0, offset + 1)
            case .endOfPartition(let p, let offset):
                // On a broker that writes transaction markers the end lies past the last record:
                // moving there keeps positions equal to the log's end, so lag reads 0 when idle.
                if offset > max(positions[p] ?? 0, committed[p] ?? 0) { positions[p] = offset }
            case .offsetOutOfRange:
                break
            }
        }
        guard !positions.isEmpty else { return [:] }
        do {
            try await client.withTransaction(logger: logger) { conn in
                if !projection.commitsDurably { try await conn.query("SET LOCAL synchronous_commit TO OFF", logger: logger) }
                try await lease.check(name, on: conn, logger: logger)
                if !events.isEmpty { try await projection.apply(events, on: conn, logger: logger) }
                try await ProjectionPositions.save(projector: name, topic: topic, positions, on: conn, logger: logger)
            }
        } catch {
            // withTransaction wraps what the closure threw; callers tell a changed lease by its type.
            if let changed = LoggableError.underlying(error) as? ProjectionLease.Changed { throw changed }
            throw error
        }
        return positions
    }
}
