import Domain
import Foundation
import Logging
import PostgresNIO

/// One entry of the review queue: a patient an upsert created, the existing patient it may
/// duplicate, and what the probabilistic tier saw.
public struct PossibleDuplicateView: Sendable {
    public struct Side: Sendable {
        public var id: UUID
        public var firstName: String?, lastName: String?, dateOfBirth: String?
        public var phoneNumber: String?, email: String?
        public var createdAt: Date
    }
    public var patient: Side
    public var candidate: Side
    public var probability: Double
    public var weightsVersion: String
    /// `[{field, level, weight}]` as recorded.
    public var evidenceJSON: String
    public var foundAt: Date
}

extension ReadModelQueries {
    /// The open possible duplicates of an organization, most probable first, and how many in all.
    /// A pair leaves the queue when a person merges it or marks it not a duplicate, or when either
    /// patient is merged into someone else.
    public func possibleDuplicates(org: UUID, skip: Int, limit: Int) async throws -> (items: [PossibleDuplicateView], total: Int) {
        let open = """
            FROM patient_possible_duplicates d
            JOIN patients p ON p.organization_id = d.organization_id AND p.id = d.patient_id AND p.merged_into IS NULL
            JOIN patients c ON c.organization_id = d.organization_id AND c.id = d.candidate_id AND c.merged_into IS NULL
            WHERE d.organization_id = $1 AND d.status = 'open'
            """
        var b = PostgresBindings()
        b.append(org)
        var total = 0
        for try await n in try await client.query(PostgresQuery(unsafeSQL: "SELECT count(*) \(open)", binds: b), logger: logger).decode(Int.self) {
            total = n
        }
        b.append(skip)
        b.append(limit)
        let rows = try await client.query(PostgresQuery(unsafeSQL: """
            SELECT d.probability, d.weights_version, d.evidence::text AS evidence, d.found_at,
                   p.id AS p_id, p.first_name AS p_first, p.last_name AS p_last, p.date_of_birth::text AS p_dob,
                   p.phone_number AS p_phone, p.email AS p_email, p.created_at AS p_created,
                   c.id AS c_id, c.first_name AS c_first, c.last_name AS c_last, c.date_of_birth::text AS c_dob,
                   c.phone_number AS c_phone, c.email AS c_email, c.created_at AS c_created
            \(open)
            ORDER BY d.probability DESC, d.found_at, d.patient_id, d.candidate_id OFFSET $2 LIMIT $3
            """, binds: b), logger: logger)
        var items: [PossibleDuplicateView] = []
        for try await row in rows {
            let r = row.makeRandomAccess()
            func side(_ p: String) throws -> PossibleDuplicateView.Side {
                PossibleDuplicateView.Side(
                    id: try r["\(p)_id"].decode(UUID.self), firstName: try r["\(p)_first"].decode(String?.self),
                    lastName: try r["\(p)_last"].decode(String?.self), dateOfBirth: try r["\(p)_dob"].decode(String?.self),
                    phoneNumber: try r["\(p)_phone"].decode(String?.self), email: try r["\(p)_email"].decode(String?.self),
                    createdAt: try r["\(p)_created"].decode(Date.self))
            }
            items.append(PossibleDuplicateView(
                patient: try side("p"), candidate: try side("c"), probability: try r["probability"].decode(Double.self),
                weightsVersion: try r["weights_version"].decode(String.self), evidenceJSON: try r["evidence"].decode(String.self),
                foundAt: try r["found_at"].decode(Date.self)))
        }
        return (items, total)
    }
}
