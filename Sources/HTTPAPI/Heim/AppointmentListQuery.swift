import Domain
import Foundation
import Hummingbird
import ReadModels

/// Query string of `GET /v1/appointments`: `filter` as Heim documents it, `limit` (1–100, default
/// 20) and `offset`. Filterable: `externalRef` (`:` `~`), `status` (`:`), `patient.id` (`:`),
/// `createdAt` and `start` (`:` `>` `<` `>=` `<=`, a date-time or a date; `:` with a date is that
/// UTC day). A bad parameter is 400 naming it.
struct AppointmentListQuery {
    static let defaultLimit = 20
    static let maxLimit = 100
    static let allowed: [String: Set<HeimListFilter.Op>] = [
        "externalRef": [.equals, .contains], "status": [.equals], "patient.id": [.equals],
        "createdAt": [.equals, .greaterThan, .lessThan, .atLeast, .atMost],
        "start": [.equals, .greaterThan, .lessThan, .atLeast, .atMost],
    ]

    var offset = 0
    var limit = defaultLimit
    var filter = AppointmentFilter()

    init(_ params: Parameters) throws(HeimError) {
        if let s = params.get("offset") {
            guard let v = Int(s), v >= 0 else { throw .badRequest("invalid_value", "offset must be a whole number ≥ 0", field: "offset") }
            offset = v
        }
        if let s = params.get("limit") {
            guard let v = Int(s), (1...Self.maxLimit).contains(v) else {
                throw .badRequest("invalid_value", "limit must be a whole number from 1 to \(Self.maxLimit)", field: "limit")
            }
            limit = v
        }
        let conditions = try HeimListFilter(query: params)
        try conditions.validate(allowed: Self.allowed)
        for c in conditions.conditions {
            switch c.field {
            case "externalRef":
                if c.op == .contains { filter.externalReferenceContains.append(c.value) } else { filter.externalReferenceEquals.append(c.value) }
            case "status":
                guard let status = AppointmentStatus(rawValue: c.value) else {
                    throw .badRequest("invalid_filter", "status is one of \(AppointmentStatus.allCases.map(\.rawValue).joined(separator: ", "))", field: "filter")
                }
                filter.statuses.append(status)
            case "patient.id":
                guard let id = HeimIds.uuid(c.value, .patient) else {
                    throw .badRequest("invalid_filter", "patient.id takes a patient id (p_…)", field: "filter")
                }
                filter.patientIds.append(id)
            default:  // createdAt, start
                let comparisons = try Self.time(c)
                if c.field == "createdAt" { filter.createdAt += comparisons } else { filter.start += comparisons }
            }
        }
    }

    private static func time(_ c: HeimFilterCondition) throws(HeimError) -> [(AppointmentFilter.Comparison, Date)] {
        let op: AppointmentFilter.Comparison
        switch c.op {
        case .greaterThan: op = .greater
        case .lessThan: op = .less
        case .atLeast: op = .greaterOrEqual
        case .atMost: op = .lessOrEqual
        default: op = .equal
        }
        if let instant = RFC3339.parse(c.value) { return [(op, instant)] }
        guard let day = CalendarDate(iso: c.value), let start = RFC3339.parse("\(day)T00:00:00Z") else {
            throw .badRequest("invalid_filter", "\(c.field) takes a date-time (RFC 3339) or a date (YYYY-MM-DD), not \(InputScreen.printable(c.value))", field: "filter")
        }
        let end = start.addingTimeInterval(86_400)
        switch op {
        case .equal: return [(.greaterOrEqual, start), (.less, end)]
        case .greater: return [(.greaterOrEqual, end)]
        case .greaterOrEqual: return [(.greaterOrEqual, start)]
        case .less: return [(.less, start)]
        case .lessOrEqual: return [(.less, end)]
        }
    }
}
