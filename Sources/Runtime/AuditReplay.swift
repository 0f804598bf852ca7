import Domain
import EventStore
import Foundation
import HTTPAPI
import Logging
import PostgresNIO
import ReadModels

/// `clinicledger history` and `clinicledger replay`, as functions the tests call too. Both read
/// `event_archive`, the complete log (docs/audit.md), and write their result line by line through
/// `write` (stdout in the CLI); nothing they log names a patient or quotes a payload.
public enum AuditReplay {
    public enum HistoryFormat: String, CaseIterable, Sendable { case table, json }
    public enum ReplayFormat: String, CaseIterable, Sendable { case jsonl, table }

    /// `clinicledger history` against DATABASE_URL's database (never migrated by a read).
    public static func history(_ configuration: RuntimeConfiguration, organizationId: UUID, patientId: UUID, asOf: Date?,
                               format: HistoryFormat, logger: Logger, write: @Sendable (String) -> Void) async throws -> Bool {
        try await ProjectionsAdmin.withPostgres(configuration, logger: logger, migrate: false) { client in
            try await history(client: client, organizationId: organizationId, patientId: patientId, asOf: asOf, format: format,
                              logger: logger, write: write)
        }
    }

    /// `clinicledger replay` against DATABASE_URL's database.
    public static func replay(_ configuration: RuntimeConfiguration, filter: EventArchive.ReplayFilter, format: ReplayFormat,
                              logger: Logger, write: @Sendable (String) -> Void) async throws -> Int {
        try await ProjectionsAdmin.withPostgres(configuration, logger: logger, migrate: false) { client in
            try await replay(client: client, filter: filter, format: format, logger: logger, write: write)
        }
    }

    /// The History of a patient as it stood at `asOf` (nil: now), built from the archive.
    /// Returns false, writing nothing, when the organization had no such patient by then.
    public static func history(client: PostgresClient, organizationId: UUID, patientId: UUID, asOf: Date?, format: HistoryFormat,
                               logger: Logger, write: (String) -> Void) async throws -> Bool {
        let queries = ReadModelQueries(client: client, logger: logger)
        guard let entries = try await queries.history(org: organizationId, patientId: patientId, asOf: asOf) else { return false }
        switch format {
        case .json: write(HistoryDocument.text(patientId: patientId, entries: entries))
        case .table: historyTable(entries).forEach(write)
        }
        return true
    }

    /// One line per change: when, action, actor, channel, `field: old → new`; an entry's further
    /// changes continue below it with the first four columns blank.
    public static func historyTable(_ entries: [HistoryEntryView]) -> [String] {
        var rows: [[String]] = [["WHEN", "ACTION", "ACTOR", "CHANNEL", "CHANGE"]]
        for e in entries {
            let changes = e.changes.isEmpty ? ["-"] : e.changes.map { "\($0.field): \(cell($0.old)) → \(cell($0.new))" }
            for (i, change) in changes.enumerated() {
                rows.append(i == 0 ? [RFC3339.format(e.occurredAt), e.action, e.actor, e.channel, change] : ["", "", "", "", change])
            }
        }
        return aligned(rows)
    }

    /// Streams the organization's archived events in log order, a page at a time; returns how many.
    @discardableResult
    public static func replay(client: PostgresClient, filter: EventArchive.ReplayFilter, format: ReplayFormat, pageSize: Int = 1000,
                              logger: Logger, write: (String) -> Void) async throws -> Int {
        if format == .table { write(replayTableHeader) }
        return try await EventArchive(client: client, logger: logger).replay(filter, pageSize: pageSize) { event in
            write(format == .jsonl ? replayLine(event) : replayTableRow(event))
        }
    }

    /// One event as a JSON line: its envelope's attributes, where the log holds it, and its payload.
    public static func replayLine(_ s: StoredEvent) -> String {
        let e = s.envelope
        var pairs: [(String, JSONValue)] = [
            ("event_id", .id(e.eventId)), ("time", .string(RFC3339.format(e.time))), ("type", .string(e.type)),
            ("organization_id", .id(e.organizationId)), ("aggregate_type", .string(e.aggregateType)),
            ("aggregate_id", .id(e.aggregateId)), ("aggregate_version", .int(e.aggregateVersion)),
            ("command_id", .id(e.commandId)), ("correlation_id", .id(e.correlationId)), ("causation_id", .id(e.causationId)),
            ("actor", .string(e.actor)), ("channel", .string(e.channel.rawValue)),
        ]
        if let key = e.idempotencyKey { pairs.append(("idempotency_key", .string(key))) }
        pairs += [("topic", .string(s.topic)), ("partition", .int(Int(s.partition))), ("offset", .int(Int(s.offset))),
                  ("payload", JSONValue.parse(String(decoding: s.payload, as: UTF8.self)))]
        return String(decoding: JSONValue.object(pairs).orderedText, as: UTF8.self)
    }

    /// Fixed widths: a stream cannot measure its rows first.
    static let replayTableHeader = replayColumns(["TIME", "PARTITION:OFFSET", "TYPE", "AGGREGATE", "VERSION", "ACTOR", "CHANNEL", "EVENT_ID"])

    public static func replayTableRow(_ s: StoredEvent) -> String {
        let e = s.envelope
        return replayColumns([RFC3339.format(e.time), "\(s.partition):\(s.offset)", e.type, "\(e.aggregateType)/\(e.aggregateId.lowercased)",
                              String(e.aggregateVersion), e.actor, e.channel.rawValue, e.eventId.lowercased])
    }

    private static func replayColumns(_ cells: [String]) -> String {
        let widths = [24, 16, 50, 56, 7, 44, 12]
        return zip(cells, widths + [0]).map { cell, width in pad(cell, width) }.joined(separator: " ").trailingSpacesDropped
    }

    /// A value as a reader wants it in a table: strings bare, nothing as `∅`, anything else as JSON.
    static func cell(_ v: JSONValue) -> String {
        switch v {
        case .null: return "∅"
        case .string(let s): return s
        default: return String(decoding: v.orderedText, as: UTF8.self)
        }
    }

    static func aligned(_ rows: [[String]]) -> [String] {
        let columns = rows.map(\.count).max() ?? 0
        let widths = (0..<columns).map { c in rows.map { c < $0.count ? $0[c].count : 0 }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { c, cell in c == row.count - 1 ? cell : pad(cell, widths[c]) }.joined(separator: "  ")
                .trailingSpacesDropped
        }
    }

    private static func pad(_ s: String, _ width: Int) -> String {
        s.count >= width ? s : s + String(repeating: " ", count: width - s.count)
    }
}

private extension String {
    /// Without the padding after the last cell; leading blanks (a continuation row) stay.
    var trailingSpacesDropped: String {
        var s = Substring(self)
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
