import Domain
import Foundation

/// A Cliniko request body read field by field, as Cliniko's docs type them: each read says
/// whether the field was left out (`.keep`), sent as null (`.set(nil)`) or sent (`.set(value)`),
/// and a value of the wrong type is 422 naming the field. Fields it is not asked for are ignored,
/// as Cliniko ignores them.
struct ClinikoBody {
    let fields: [String: JSONValue]

    init(_ value: JSONValue) throws(ClinikoError) {
        guard case .object(let pairs) = value else { throw .invalid("the body must be a JSON object", field: nil) }
        fields = Dictionary(pairs, uniquingKeysWith: { $1 })  // a repeated key: the last one, as JSON parsers do
    }

    private func read<T: Sendable & Equatable>(_ name: String, _ convert: (JSONValue) -> T?, expected: String) throws(ClinikoError) -> FieldUpdate<T> {
        guard let value = fields[name] else { return .keep }
        if value == .null { return .set(nil) }
        guard let converted = convert(value) else { throw .invalid("must be \(expected)", field: name) }
        return .set(converted)
    }

    /// An id: Cliniko's int64 as a string, or as a JSON number (clients that lose nothing to
    /// doubles send them so). Its digits are checked where it is looked up.
    func id(_ name: String) throws(ClinikoError) -> FieldUpdate<String> {
        try read(name, { v in
            switch v {
            case .string(let s): s
            case .int(let n): String(n)
            default: nil
            }
        }, expected: "an id (a string of digits)")
    }

    func text(_ name: String) throws(ClinikoError) -> FieldUpdate<String> {
        try read(name, { if case .string(let s) = $0 { s } else { nil } }, expected: "a string")
    }

    /// RFC 3339, `Z` or an offset.
    func time(_ name: String) throws(ClinikoError) -> FieldUpdate<Date> {
        let text: String
        switch try self.text(name) {
        case .keep: return .keep
        case .set(nil): return .set(nil)
        case .set(let t?): text = t
        }
        guard let date = RFC3339.parse(text) else {
            throw .invalid("must be a date-time in RFC 3339 (2026-12-01T09:00:00Z or with an offset)", field: name)
        }
        return .set(date)
    }

    /// A whole number, also sent as a string of digits.
    func int(_ name: String) throws(ClinikoError) -> FieldUpdate<Int> {
        try read(name, { v in
            switch v {
            case .int(let n): n
            case .string(let s) where !s.isEmpty && s.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }): Int(s)
            default: nil
            }
        }, expected: "a whole number")
    }

    func bool(_ name: String) throws(ClinikoError) -> FieldUpdate<Bool> {
        try read(name, { if case .bool(let b) = $0 { b } else { nil } }, expected: "true or false")
    }

    func object(_ name: String) throws(ClinikoError) -> FieldUpdate<ClinikoBody> {
        switch try read(name, { if case .object = $0 { $0 } else { nil } }, expected: "an object") {
        case .keep: return .keep
        case .set(nil): return .set(nil)
        case .set(let value?): return .set(try ClinikoBody(value))
        }
    }

    /// A field that must be sent and not null: 422 naming it otherwise.
    static func required<T: Sendable & Equatable>(_ sent: FieldUpdate<T>, _ name: String) throws(ClinikoError) -> T {
        guard case .set(let value?) = sent else { throw .invalid("is required", field: name) }
        return value
    }
}

extension ClinikoBody: Equatable, Sendable {}

/// The bodies of `POST` and `PATCH /v1/group_appointments`, read before their ids are looked up.
/// Ids stay text here: `GroupAppointmentRoutes` resolves each through its reference resource
/// (422 naming the field when it names nothing of the organization).
struct GroupAppointmentBody {
    var appointmentTypeId: FieldUpdate<String>
    var businessId: FieldUpdate<String>
    var practitionerId: FieldUpdate<String>
    var startsAt: FieldUpdate<Date>
    var endsAt: FieldUpdate<Date>
    var maxAttendees: FieldUpdate<Int>
    var notes: FieldUpdate<String>
    var telehealthUrl: FieldUpdate<String>
    var repeatRule: FieldUpdate<RepeatRule>

    init(_ value: JSONValue) throws(ClinikoError) {
        let body = try ClinikoBody(value)
        appointmentTypeId = try body.id("appointment_type_id")
        businessId = try body.id("business_id")
        practitionerId = try body.id("practitioner_id")
        startsAt = try body.time("starts_at")
        endsAt = try body.time("ends_at")
        maxAttendees = try body.int("max_attendees")
        notes = try body.text("notes")
        telehealthUrl = try body.text("telehealth_url")
        switch try body.object("repeat_rule") {
        case .keep: repeatRule = .keep
        case .set(nil): repeatRule = .set(nil)
        case .set(let rule?): repeatRule = .set(try Self.repeatRule(rule))
        }
    }

    /// `{repeat_type: Daily|Weekly|Monthly, number_of_repeats, repeating_interval}`, each
    /// required; the ranges (1–51, 1–100) are the domain's to check.
    static func repeatRule(_ body: ClinikoBody) throws(ClinikoError) -> RepeatRule {
        let typeText = try ClinikoBody.required(body.text("repeat_type"), "repeat_rule.repeat_type")
        guard let type = RepeatType(rawValue: typeText) else {
            throw .invalid("must be one of \(RepeatType.allCases.map(\.rawValue).joined(separator: ", "))", field: "repeat_rule.repeat_type")
        }
        func whole(_ name: String) throws(ClinikoError) -> Int {
            do { return try ClinikoBody.required(body.int(name), name) } catch {
                throw .invalid(error.errors.first?.message ?? "is required", field: "repeat_rule.\(name)")
            }
        }
        return RepeatRule(repeatType: type, numberOfRepeats: try whole("number_of_repeats"), repeatingInterval: try whole("repeating_interval"))
    }

    /// The fields `POST` requires, in the order Cliniko's docs list them.
    func checkRequired() throws(ClinikoError) {
        _ = try ClinikoBody.required(appointmentTypeId, "appointment_type_id")
        _ = try ClinikoBody.required(businessId, "business_id")
        _ = try ClinikoBody.required(practitionerId, "practitioner_id")
        _ = try ClinikoBody.required(startsAt, "starts_at")
    }
}

/// `POST /v1/attendees {booking_id, patient_id, notes?}`.
struct AttendeeBody {
    var bookingId: String
    var patientId: String
    var notes: String?

    init(_ value: JSONValue) throws(ClinikoError) {
        let body = try ClinikoBody(value)
        bookingId = try ClinikoBody.required(body.id("booking_id"), "booking_id")
        patientId = try ClinikoBody.required(body.id("patient_id"), "patient_id")
        if case .set(let v) = try body.text("notes") { notes = v }
    }
}

/// `PATCH /v1/attendees/{id}/cancel {cancellation_reason, cancellation_note?, apply_to_repeats?}`.
/// Which reasons exist is the domain's to check (422 naming cancellation_reason).
struct CancelAttendeeBody {
    var reason: Int
    var note: String?
    var applyToRepeats: Bool

    init(_ value: JSONValue) throws(ClinikoError) {
        let body = try ClinikoBody(value)
        reason = try ClinikoBody.required(body.int("cancellation_reason"), "cancellation_reason")
        if case .set(let v) = try body.text("cancellation_note") { note = v }
        if case .set(let v?) = try body.bool("apply_to_repeats") { applyToRepeats = v } else { applyToRepeats = false }
    }
}
