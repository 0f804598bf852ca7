import Domain
import Foundation

/// SPRY's waitlist request bodies, read into commands. Enums, dates and ids are checked here,
/// each refusal a 400 naming the field; the rules that need the clinic, its categories or the
/// calendar are the domain's (`Domain/Waitlist`). Ids are UUIDs (docs/ids.md#spry).
enum WaitlistRequestBodies {
    struct Create: Decodable {
        var clinicId: String
        var preferredProviders: [String]?
        var preferredTimeSlots: [String]?
        var preferredDays: [String]?
        var dateRangeStart: String
        var dateRangeEnd: String
        var appointmentCategoryId: String
        var appointmentCategory: String?
        var appointmentType: String?
        var paymentType: String
        var priority: Int?
        var notes: String?

        enum CodingKeys: String, CodingKey {
            case clinicId = "clinic_id", preferredProviders = "preferred_providers", preferredTimeSlots = "preferred_time_slots"
            case preferredDays = "preferred_days", dateRangeStart = "date_range_start", dateRangeEnd = "date_range_end"
            case appointmentCategoryId = "appointment_category_id", appointmentCategory = "appointment_category"
            case appointmentType = "appointment_type", paymentType = "payment_type", priority, notes
        }
    }

    /// `POST /apis/v1/waitlist-requests` for `patientId` (the token's patient, or staff's `?patient_id=`).
    static func create(_ body: RequestDecoding.Body, actor: WaitlistActor, patientId: UUID) throws(SpryError) -> WaitlistCommand {
        let r = try RequestDecoding.decode(Create.self, from: body.bytes, failure: SpryError.self)
        return .create(CreateWaitlistRequest(
            actor: actor, patientId: patientId, clinicId: try id(r.clinicId, field: "clinic_id"),
            preferredProviders: try ids(r.preferredProviders ?? [], field: "preferred_providers"),
            preferredTimeSlots: try parts(r.preferredTimeSlots ?? []), preferredDays: try days(r.preferredDays ?? []),
            dateRangeStart: try date(r.dateRangeStart, field: "date_range_start"),
            dateRangeEnd: try date(r.dateRangeEnd, field: "date_range_end"),
            categoryId: try id(r.appointmentCategoryId, field: "appointment_category_id"), categoryLabel: r.appointmentCategory,
            appointmentKind: try r.appointmentType.map { text throws(SpryError) in try kind(text) },
            paymentType: try payment(r.paymentType), priority: r.priority, notes: r.notes))
    }

    /// `PATCH /apis/v1/waitlist-requests/{id}`: partial; arrays replace; `notes: null` clears;
    /// `status: CANCELLED` cancels. A field that cannot change, or an unknown one, is refused
    /// rather than ignored, so a misspelt field is not silently dropped.
    static func update(_ requestId: UUID, _ body: JSONValue, actor: WaitlistActor) throws(SpryError) -> WaitlistCommand {
        guard case .object(let pairs) = body else { throw .badRequest("the body must be a JSON object") }
        var u = UpdateWaitlistRequest(actor: actor, requestId: requestId)
        for (key, value) in pairs {
            switch key {
            case "preferred_providers": u.preferredProviders = try ids(try strings(value, field: key), field: key)
            case "preferred_time_slots": u.preferredTimeSlots = try parts(try strings(value, field: key))
            case "preferred_days": u.preferredDays = try days(try strings(value, field: key))
            case "date_range_start": u.dateRangeStart = try date(try string(value, field: key), field: key)
            case "date_range_end": u.dateRangeEnd = try date(try string(value, field: key), field: key)
            case "appointment_category_id": u.categoryId = try id(try string(value, field: key), field: key)
            case "appointment_type": u.appointmentKind = try kind(try string(value, field: key))
            case "payment_type": u.paymentType = try payment(try string(value, field: key))
            case "priority":
                guard case .int(let p) = value else { throw .badRequest("priority must be an integer from 1 (most urgent) to 5") }
                u.priority = p
            case "notes":
                switch value {
                case .null: u.notes = .set(nil)
                case .string(let s): u.notes = .set(s)
                default: throw .badRequest("notes must be a string or null")
                }
            case "status":
                let text = try string(value, field: key)
                guard let status = WaitlistStatus(rawValue: text) else {
                    throw .badRequest("status must be one of \(WaitlistStatus.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                u.status = status
            case "clinic_id", "patient_id", "appointment_category":
                throw .badRequest("\(key) cannot be changed; create a new request instead")
            default:
                throw .badRequest("\(InputScreen.printable(key)) is not a field of a waitlist request")
            }
        }
        return .update(u)
    }

    static func id(_ text: String, field: String) throws(SpryError) -> UUID {
        guard let id = UUID(uuidString: text) else { throw .badRequest("\(field) must be an id") }
        return id
    }

    static func ids(_ texts: [String], field: String) throws(SpryError) -> [UUID] {
        var out: [UUID] = []
        for (i, text) in texts.enumerated() { out.append(try id(text, field: "\(field)[\(i)]")) }
        return out
    }

    static func date(_ text: String, field: String) throws(SpryError) -> CalendarDate {
        guard let date = CalendarDate(iso: text) else { throw .badRequest("\(field) must be a date in YYYY-MM-DD format") }
        return date
    }

    static func parts(_ texts: [String]) throws(SpryError) -> [PartOfDay] {
        guard texts.count <= PartOfDay.allCases.count else { throw .badRequest("preferred_time_slots lists more than its 4 values") }
        return try texts.enumerated().map { (i, text) throws(SpryError) in
            guard let part = PartOfDay(rawValue: text) else {
                throw .badRequest("preferred_time_slots[\(i)] must be one of \(PartOfDay.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return part
        }
    }

    static func days(_ texts: [String]) throws(SpryError) -> [Weekday] {
        guard texts.count <= Weekday.allCases.count else { throw .badRequest("preferred_days lists more than the 7 days") }
        return try texts.enumerated().map { (i, text) throws(SpryError) in
            guard let day = Weekday(spry: text) else {
                throw .badRequest("preferred_days[\(i)] must be one of \(Weekday.allCases.map(\.sprySpelling).joined(separator: ", "))")
            }
            return day
        }
    }

    static func kind(_ text: String) throws(SpryError) -> VisitKind {
        guard let kind = VisitKind(spelling: text) else {
            throw .badRequest("appointment_type must be Initial Evaluation, Follow Up, INITIAL_EVAL or FOLLOW_UP")
        }
        return kind
    }

    static func payment(_ text: String) throws(SpryError) -> PaymentType {
        guard let type = PaymentType(rawValue: text) else {
            throw .badRequest("payment_type must be one of \(PaymentType.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return type
    }

    private static func string(_ value: JSONValue, field: String) throws(SpryError) -> String {
        guard case .string(let s) = value else { throw .badRequest("\(field) must be a string") }
        return s
    }

    private static func strings(_ value: JSONValue, field: String) throws(SpryError) -> [String] {
        guard case .array(let items) = value else { throw .badRequest("\(field) must be an array of strings") }
        var out: [String] = []
        for (i, item) in items.enumerated() {
            guard case .string(let s) = item else { throw .badRequest("\(field)[\(i)] must be a string") }
            out.append(s)
        }
        return out
    }
}
