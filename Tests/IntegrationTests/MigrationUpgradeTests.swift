import EventStore
import Foundation
import Logging
import PostgresNIO
import ReadModels
import Testing

@Suite("Migration upgrade", .serialized)
struct MigrationUpgradeTests {
    @Test("A database on yesterday's schema (migrations 1–3, one read_models projection) upgrades without loss")
    func upgradeKeepsRowsAndSeedsPositions() async throws {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        try await TestDatabase.withClient(logger: logger) { database, client in
            try await Self.exercise(database, client, logger: logger)
        }
    }

    static func exercise(_ database: TestDatabase, _ client: PostgresClient, logger: Logger) async throws {
        let old = try await Migrator.migrate(client, through: 3, logger: logger)
        #expect(old.map(\.version) == [1, 2, 3])

        // What today's read_models projection leaves behind: rows, its positions, its event ids.
        let org = UUID(), patient = UUID(), duplicate = UUID(), events = (0..<3).map { _ in UUID() }
        let topic = "clinicledger.events"
        for sql in [
            "INSERT INTO organizations VALUES ('\(org)', 'Old clinic', now())",
            "INSERT INTO tags VALUES ('\(org)', '\(UUID())', 'vip', now())",
            """
            INSERT INTO patients (organization_id, id, first_name, last_name, created_from, created_offset, version, created_at, updated_at)
            VALUES ('\(org)', '\(patient)', 'Ann', 'Lee', 'api', 7, 1, now(), now())
            """,
            """
            INSERT INTO patient_history VALUES ('\(org)', '\(events[0])', '\(patient)', now(), 'clinicledger.patient.created.v1',
                'created', 'key', 'api', '[]')
            """,
            "INSERT INTO projection_positions (projector, topic, partition, next_offset) VALUES ('read_models', '\(topic)', 0, 42), ('read_models', '\(topic)', 1, 17)",
            "INSERT INTO projection_positions (projector, topic, partition, next_offset) VALUES ('event_archive', '\(topic)', 0, 45), ('event_archive', '\(topic)', 1, 17)",
            "INSERT INTO projected_events SELECT 'read_models', unnest(ARRAY['\(events[0])', '\(events[1])', '\(events[2])']::uuid[])",
            // A possible duplicate archived before the review queue's table existed (migration 12 fills it from the archive).
            """
            INSERT INTO event_archive (event_id, organization_id, topic, partition, "offset", event_type, aggregate_type, aggregate_id,
                aggregate_version, command_id, occurred_at, record_key, headers, payload)
            VALUES ('\(UUID())', '\(org)', '\(topic)', 0, 44, 'clinicledger.patient.possible_duplicate_found.v1', 'patient', '\(duplicate)',
                2, '\(UUID())', now(), '\\x00', '{}',
                '{"patient_id": "\(duplicate)", "candidate_id": "\(patient)", "probability": 0.8, "weights_version": "default-1",
                  "evidence": [{"field": "given_name", "level": "exact", "weight": 6.2}]}')
            """,
        ] {
            try await client.query(PostgresQuery(unsafeSQL: sql), logger: logger)
        }

        let applied = try await Migrator.migrate(client, logger: logger)
        #expect(applied.map(\.version) == [4, 5, 6, 7, 8, 9, 10, 11, 12, 13])
        #expect(try await Migrator.migrate(client, logger: logger).isEmpty, "a second run applies nothing")

        #expect(try await database.scalars("SELECT version || ' ' || name FROM schema_migrations ORDER BY version", logger: logger) == [
            "1 initial", "2 upsert", "3 projection_per_read_model", "4 projection_per_slice", "5 scheduling", "6 cliniko_ids", "7 group_appointments",
            "8 hash_chain", "9 disclosures", "10 waitlist", "11 jwt_keys", "12 review_queue", "13 writer_snapshots",
        ])
        #expect(try await database.scalars("""
            SELECT patient_id || ' ' || candidate_id || ' ' || status FROM patient_possible_duplicates WHERE organization_id = '\(org)'
            """, logger: logger) == ["\(duplicate.lowercased) \(patient.lowercased) open"])
        for table in ["organizations", "tags", "patients", "patient_history"] {
            #expect(try await database.scalars("SELECT count(*)::text FROM \(table)", logger: logger) == ["1"], "\(table) keeps its row")
        }
        for name in [ReferenceDataProjection.name, PatientsProjection.name, PatientHistoryProjection.name] {
            let positions = try await ReadModelProjections.named(name)!.positions(topic: topic, client: client, logger: logger)
            #expect(positions == [0: 42, 1: 17], "\(name) starts where read_models was")
            #expect(try await database.scalars("SELECT count(*)::text FROM projected_events WHERE projector = '\(name)'", logger: logger) == ["3"])
            let lease = try await ProjectionLease.load(name, client: client, logger: logger)
            #expect(lease == ProjectionLease(status: .running, generation: 0))
        }
        #expect(try await ArchiveProjection().positions(topic: topic, client: client, logger: logger) == [0: 45, 1: 17])
        #expect(try await database.scalars("SELECT count(*)::text FROM projection_positions WHERE projector = 'read_models'", logger: logger) == ["0"])
        #expect(try await database.scalars("SELECT count(*)::text FROM projected_events WHERE projector = 'read_models'", logger: logger) == ["0"])
    }

    @Test("Every event type is applied by some read model, and each names only registered types")
    func projectionsCoverTheRegistry() {
        // Every projection but the archive (which keeps everything): the API's read models and the
        // accounting of disclosures.
        let readModels = ReadModelProjections.all.filter { $0.name != ArchiveProjection.name }
        let wanted = readModels.map { $0.eventTypes ?? Set(EventTypes.all) }
        for (projection, types) in zip(readModels, wanted) {
            #expect(types.isSubset(of: Set(EventTypes.all)), "\(projection.name) names unknown types: \(types.subtracting(EventTypes.all))")
        }
        #expect(wanted.reduce(Set<String>()) { $0.union($1) } == Set(EventTypes.all))
        let tables = ReadModelProjections.all.flatMap(\.tables)
        #expect(Set(tables).count == tables.count, "no table belongs to two projections")
    }
}
