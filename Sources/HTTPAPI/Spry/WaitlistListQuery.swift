import Domain
import Foundation
import Hummingbird
import ReadModels

/// `GET /apis/v1/waitlist-requests`'s query string: `page` (from 1), `page_size` (1–100, default
/// 20), `sort_by` (created_at, updated_at, priority, date_range_start, date_range_end), `sort_dir`
/// (asc, desc; default desc), and the filters, ANDed: clinic_id, patient_id, status, priority,
/// provider_ids, payment_type, start_date, end_date, appointment_types, appointment_categories
/// (lists comma-separated). A value that cannot be read, or a parameter this list does not take,
/// is 400 naming it.
struct WaitlistListQuery {
    var filter = WaitlistRequestFilter()
    var sort = WaitlistSortField.createdAt
    var descending = true
    var page = 1
    var pageSize = 20

    static let maxPageSize = 100
    /// Accepted for SPRY clients that send it; invites are always included (`matched_invites`).
    static let ignored: Set<String> = ["include_waitlists"]

    init(_ parameters: Parameters) throws(SpryError) {
        for (rawKey, rawValue) in parameters {
            let key = String(rawKey), value = String(rawValue)
            switch key {
            case "page": page = try Self.int(value, key, in: 1...Int(Int32.max))
            case "page_size": pageSize = try Self.int(value, key, in: 1...Self.maxPageSize)
            case "sort_by":
                guard let s = WaitlistSortField(rawValue: value) else {
                    throw .badRequest("sort_by must be one of \(WaitlistSortField.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                sort = s
            case "sort_dir":
                switch value.lowercased() {
                case "asc": descending = false
                case "desc": descending = true
                default: throw .badRequest("sort_dir must be asc or desc")
                }
            case "clinic_id": filter.clinicId = try WaitlistRequestBodies.id(value, field: key)
            case "patient_id": filter.patientId = try WaitlistRequestBodies.id(value, field: key)
            case "status":
                filter.statuses = try Self.list(value, key) { WaitlistStatus(rawValue: $0) }
            case "priority":
                filter.priorities = try Self.list(value, key) { Int($0).flatMap { WaitlistRequest.priorities.contains($0) ? $0 : nil } }
            case "provider_ids": filter.providerIds = try Self.list(value, key) { UUID(uuidString: $0) }
            case "payment_type": filter.paymentType = try WaitlistRequestBodies.payment(value)
            case "start_date": filter.startDate = try WaitlistRequestBodies.date(value, field: key)
            case "end_date": filter.endDate = try WaitlistRequestBodies.date(value, field: key)
            case "appointment_types": filter.appointmentKinds = try Self.list(value, key) { VisitKind(spelling: $0) }
            case "appointment_categories": filter.categoryIds = try Self.list(value, key) { UUID(uuidString: $0) }
            default:
                guard Self.ignored.contains(key) else {
                    throw .badRequest("\(InputScreen.printable(key)) is not a parameter of this list; it takes page, page_size, sort_by, "
                        + "sort_dir, clinic_id, patient_id, status, priority, provider_ids, payment_type, start_date, end_date, "
                        + "appointment_types, appointment_categories")
                }
            }
        }
    }

    var offset: Int { (page - 1) * pageSize }

    private static func int(_ text: String, _ name: String, in range: ClosedRange<Int>) throws(SpryError) -> Int {
        guard let n = Int(text), range.contains(n) else {
            throw .badRequest("\(name) must be an integer from \(range.lowerBound) to \(range.upperBound)")
        }
        return n
    }

    /// A comma-separated list, each item read by `parse`; an item it cannot read names the parameter.
    private static func list<T>(_ text: String, _ name: String, _ parse: (String) -> T?) throws(SpryError) -> [T] {
        var out: [T] = []
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            let trimmed = item.trimmingCharacters(in: .whitespaces)
            guard let value = parse(trimmed) else {
                throw .badRequest("\(name) has a value it cannot use: \(InputScreen.printable(trimmed))")
            }
            out.append(value)
        }
        guard out.count <= 100 else { throw .badRequest("\(name) lists more than 100 values") }
        return out
    }
}
