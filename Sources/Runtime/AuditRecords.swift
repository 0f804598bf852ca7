import Domain
import EventStore
import Foundation
import HTTPAPI
import Logging
import PostgresNIO
import ReadModels

/// `clinicledger patient` (what the record said at T) and `clinicledger disclosures` (who read it),
/// as functions the tests call too. Read-only; the answer goes through `write` (stdout in the CLI),
/// and nothing they log names a patient's data.
extension AuditReplay {
    public enum PatientFormat: String, CaseIterable, Sendable { case table, json }
    public enum DisclosuresFormat: String, CaseIterable, Sendable { case table, json }

    /// `clinicledger patient` against DATABASE_URL's database.
    public static func patient(_ configuration: RuntimeConfiguration, organizationId: UUID, patientId: UUID, asOf: Date?,
                               format: PatientFormat, logger: Logger, write: @Sendable (String) -> Void) async throws -> Bool {
        try await ProjectionsAdmin.withPostgres(configuration, logger: logger, migrate: false) { client in
            try await patient(client: client, organizationId: organizationId, patientId: patientId, asOf: asOf, format: format,
                              logger: logger, write: write)
        }
    }

    /// The patient's record as it stood at `asOf` (nil: now), folded from the archive. Returns false,
    /// writing nothing, when the organization had no such patient by then.
    public static func patient(client: PostgresClient, organizationId: UUID, patientId: UUID, asOf: Date?, format: PatientFormat,
                               logger: Logger, write: (String) -> Void) async throws -> Bool {
        let queries = ReadModelQueries(client: client, logger: logger)
        guard let p = try await queries.patient(org: organizationId, patientId: patientId, asOf: asOf) else { return false }
        let head: [(String, JSONValue)] = [
            ("patient_id", .id(patientId)), ("as_of", asOf.map { .string(RFC3339.format($0)) } ?? .null),
            ("created_at", .string(RFC3339.format(p.createdAt))), ("updated_at", .string(RFC3339.format(p.updatedAt))),
            ("version", .int(p.version)),
        ]
        switch format {
        case .json:
            let document = JSONValue.object(head + [("fields", .object(p.fields.map { ($0.field, $0.value) }))])
            write(String(decoding: document.orderedText, as: UTF8.self))
        case .table:
            aligned([["FIELD", "VALUE"]] + (head.filter { $0.0 != "patient_id" } + p.fields.map { ($0.field, $0.value) })
                .map { [$0.0, cell($0.1)] }).forEach(write)
        }
        return true
    }

    /// `clinicledger disclosures` against DATABASE_URL's database; returns how many reads it listed.
    public static func disclosures(_ configuration: RuntimeConfiguration, organizationId: UUID, patientId: UUID, from: Date?, to: Date?,
                                   format: DisclosuresFormat, logger: Logger, write: @Sendable (String) -> Void) async throws -> Int {
        try await ProjectionsAdmin.withPostgres(configuration, logger: logger, migrate: false) { client in
            try await disclosures(client: client, organizationId: organizationId, patientId: patientId, from: from, to: to,
                                  format: format, logger: logger, write: write)
        }
    }

    /// Who read the patient's record, oldest first: when, who, credential, channel, route.
    @discardableResult
    public static func disclosures(client: PostgresClient, organizationId: UUID, patientId: UUID, from: Date?, to: Date?,
                                   format: DisclosuresFormat, logger: Logger, write: (String) -> Void) async throws -> Int {
        let reads = try await ReadModelQueries(client: client, logger: logger)
            .disclosures(org: organizationId, patientId: patientId, from: from, to: to)
        switch format {
        case .json:
            let items = reads.map { d in
                JSONValue.object([("accessed_at", .string(RFC3339.format(d.accessedAt))), ("actor", .string(d.actor)),
                                  ("credential", .string(d.credential)), ("channel", .string(d.channel)), ("route", .string(d.route))])
            }
            write(String(decoding: JSONValue.object([("patient_id", .id(patientId)), ("items", .array(items))]).orderedText, as: UTF8.self))
        case .table:
            aligned([["WHEN", "WHO", "CREDENTIAL", "CHANNEL", "ROUTE"]]
                     + reads.map { [RFC3339.format($0.accessedAt), $0.actor, $0.credential, $0.channel, $0.route] }).forEach(write)
        }
        return reads.count
    }
}
