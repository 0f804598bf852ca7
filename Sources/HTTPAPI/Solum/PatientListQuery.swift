import Domain
import Foundation
import Hummingbird
import ReadModels

/// Query string of `GET /v1/patients`: `skip`, `limit` (1–100, default 50) and filters. A filter
/// takes repeated parameters or a comma list: `states=new_york,texas` or `states=new_york&states=texas`,
/// at most `InputLimits.queryValues` values. A bad parameter is 400 naming it (the request's
/// address is malformed; 422 is for bodies).
struct PatientListQuery {
    static let defaultLimit = 50
    static let maxLimit = 100

    var skip = 0
    var limit = defaultLimit
    var filter = PatientFilter()

    init(_ params: Parameters) throws {
        (skip, limit) = try Self.paging(params)
        filter.workflowStageIds = try Self.values(params, "workflow_stage_ids").map { try Self.uuid($0, "workflow_stage_ids") }
        filter.locationIds = try Self.values(params, "locations").map { try Self.uuid($0, "locations") }
        filter.tags = try Self.values(params, "tags")
        filter.states = try Self.values(params, "states").map { s in
            guard USState(rawValue: s) != nil else { throw SolumError.badRequest("invalid_value", "states: \(s) is not a state (use the lowercase form, e.g. new_york)", param: "states") }
            return s
        }
        filter.createdFrom = try Self.values(params, "created_from").map { s in
            guard SourceChannel(rawValue: s) != nil else {
                throw SolumError.badRequest("invalid_value", "created_from must be one of: \(SourceChannel.allCases.map(\.rawValue).joined(separator: ", "))", param: "created_from")
            }
            return s
        }
    }

    /// `skip` and `limit` of any Solum list (also the review queue's).
    static func paging(_ params: Parameters) throws -> (skip: Int, limit: Int) {
        var skip = 0, limit = defaultLimit
        if let s = params.get("skip") {
            guard let v = Int(s), v >= 0 else { throw SolumError.badRequest("invalid_value", "skip must be a whole number ≥ 0", param: "skip") }
            skip = v
        }
        if let s = params.get("limit") {
            guard let v = Int(s), (1...Self.maxLimit).contains(v) else {
                throw SolumError.badRequest("invalid_value", "limit must be a whole number from 1 to \(Self.maxLimit)", param: "limit")
            }
            limit = v
        }
        return (skip, limit)
    }

    private static func values(_ params: Parameters, _ name: String) throws -> [String] {
        let values = (params.getAll(name) + params.getAll(name + "[]"))
            .flatMap { $0.split(separator: ",") }
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        do { try InputScreen.count(values.count, max: InputLimits.queryValues, field: name) } catch { throw SolumError.badRequest(error) }
        return values
    }

    private static func uuid(_ s: String, _ name: String) throws -> UUID {
        guard let id = UUID(uuidString: s) else { throw SolumError.badRequest("invalid_value", "\(name): \(s) is not an id", param: name) }
        return id
    }
}
