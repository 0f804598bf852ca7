import Domain
import EventStore
import Foundation
import Logging
import PostgresNIO
import ReadModels

/// `clinicledger verify` and `clinicledger verify --projections`, as functions the tests call too
/// (docs/audit.md). Both read `event_archive`, the complete log; the report is data, its lines are
/// for the CLI. Nothing they log or print quotes a payload.
public enum AuditVerify {
    /// Recomputes the organizations' hash chains from the archive (one organization's, or all).
    public static func chain(_ configuration: RuntimeConfiguration, organizationId: UUID?, logger: Logger) async throws -> ChainVerifier.Report {
        try await ProjectionsAdmin.withPostgres(configuration, logger: logger, migrate: false) { client in
            try await chain(client: client, topic: Topics(prefix: configuration.topicPrefix).events, organizationId: organizationId, logger: logger)
        }
    }

    /// Walks the archive in log order a page at a time; holds one small state per organization.
    public static func chain(client: PostgresClient, topic: String, organizationId: UUID?, pageSize: Int = 1000,
                             logger: Logger) async throws -> ChainVerifier.Report {
        var verifier = ChainVerifier()
        try await EventArchive(client: client, logger: logger).scan(topic: topic, organizationId: organizationId, pageSize: pageSize) {
            verifier.add($0)
        }
        return verifier.report
    }

    /// Rebuilds every read model into a scratch schema and compares it with the live tables.
    public static func projections(_ configuration: RuntimeConfiguration, logger: Logger) async throws -> ProjectionVerify.Report {
        try await ProjectionsAdmin.withPostgres(configuration, logger: logger, migrate: false) { client in
            try await ProjectionVerify.run(client: client, settings: configuration.database,
                                           topic: Topics(prefix: configuration.topicPrefix).events, logger: logger)
        }
    }

    /// What `clinicledger verify` prints: the verdict first, then each organization's break or head.
    public static func lines(_ report: ChainVerifier.Report) -> [String] {
        var out: [String] = []
        if report.verified {
            out.append("verified \(report.events) events (\(report.organizations) organizations)")
        } else {
            out.append("chain broken in \(report.breaks.count) of \(report.organizations) organizations (\(report.events) events read)")
            for b in report.breaks {
                out.append("\(b.problem.rawValue): organization \(b.organizationId?.lowercased ?? "?") event \(b.eventId) "
                           + "(partition \(b.partition) offset \(b.offset)): \(b.detail)")
            }
        }
        if report.unchainedLegacy > 0 {
            out.append("\(report.unchainedLegacy) unchained legacy events (written before the hash chain; hashed into it all the same)")
        }
        for (org, head) in report.heads.sorted(by: { $0.key.lowercased < $1.key.lowercased }) {
            out.append("head: organization \(org.lowercased) \(head.hash) after \(head.length) events")
        }
        return out
    }

    public static func lines(_ report: ProjectionVerify.Report) -> [String] {
        var out: [String] = report.verified
            ? ["projections verified (\(report.projections.count) projections, \(report.tables) tables)"] : []
        for d in report.differences {
            out.append("differs: \(d.projection) table \(d.table) (\(d.liveRows) rows live, \(d.rebuiltRows) rebuilt from event_archive)")
            out += d.keys.map { "  key \($0)" }
        }
        out += report.moved.map { "moved: \($0) applied new events while it was compared; run verify --projections again" }
        out += report.aheadOfArchive.map { "ahead: \($0) has applied events event_archive does not hold yet; run again when the archive caught up" }
        return out
    }
}
