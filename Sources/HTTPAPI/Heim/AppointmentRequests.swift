import Domain
import Foundation

/// Heim's request bodies, read into commands. Ids arrive in Heim's spelling (`p_…`, `tsk_…`,
/// `win_…`); one that is not an id of its kind is 422 naming the field.
enum AppointmentRequests {
    struct Create: Decodable {
        var patientId: String
        var taskId: String
        var windowId: String?
        var externalReference: String?
        var note: String?
        var phone: String
        var location: AppointmentAddress
        var documentIds: [String]?
        var planFrom: String?
        var planTo: String?
        var metadata: JSONValue?
    }

    /// The command of a `POST /v1/appointments` body (also `clinicledger.command.appointments.create.v1`).
    static func create(_ body: RequestDecoding.Body) throws(HeimError) -> AppointmentCommand {
        .createAppointment(try create(try RequestDecoding.decode(Create.self, from: body.bytes, failure: HeimError.self)))
    }

    /// `POST /v1/appointments/{id}/schedule {windowId}`.
    static func schedule(_ id: UUID, _ body: RequestDecoding.Body) throws(HeimError) -> AppointmentCommand {
        let req = try RequestDecoding.decode(Schedule.self, from: body.bytes, failure: HeimError.self)
        return .scheduleAppointment(ScheduleAppointment(appointmentId: id, window: try window(req.windowId)))
    }

    /// `POST /v1/appointments/{id}/cancel {note?, causingEntity?, cancellingEntity?, reasonCode?}`.
    static func cancel(_ id: UUID, _ body: RequestDecoding.Body) throws(HeimError) -> AppointmentCommand {
        let req = try RequestDecoding.decode(Cancel.self, from: body.bytes, failure: HeimError.self)
        let reason = CancellationReason(note: req.note, causingEntity: req.causingEntity, cancellingEntity: req.cancellingEntity,
                                        reasonCode: req.reasonCode)
        return .cancelAppointment(CancelAppointment(appointmentId: id, reason: reason))
    }

    static func create(_ r: Create) throws(HeimError) -> CreateAppointment {
        CreateAppointment(
            patientId: try id(r.patientId, .patient, field: "patientId"), taskId: try id(r.taskId, .task, field: "taskId"),
            phone: r.phone, location: r.location, window: try r.windowId.map { id throws(HeimError) in try window(id) },
            externalReference: r.externalReference, note: r.note, documentIds: r.documentIds ?? [],
            planFrom: try date(r.planFrom, field: "planFrom"), planTo: try date(r.planTo, field: "planTo"),
            metadata: r.metadata == .null ? nil : r.metadata)
    }

    struct Schedule: Decodable { var windowId: String }

    struct Cancel: Decodable {
        var note: String?
        var causingEntity: String?
        var cancellingEntity: String?
        var reasonCode: String?
    }

    /// PATCH: a field sent is set (null clears it), a field left out is kept; any other field is
    /// refused, so a misspelt one is not silently ignored.
    static func update(_ id: UUID, _ body: JSONValue) throws(HeimError) -> UpdateAppointment {
        guard case .object(let pairs) = body else { throw .invalid("invalid_type", "the body must be a JSON object", field: nil) }
        var u = UpdateAppointment(appointmentId: id)
        for (key, value) in pairs {
            switch key {
            case "note": u.note = .set(try text(value, field: key))
            case "externalReference": u.externalReference = .set(try text(value, field: key))
            case "metadata": u.metadata = .set(value == .null ? nil : value)
            case "documentIds":
                switch value {
                case .null: u.documentIds = .set(nil)
                case .array(let items):
                    var ids: [String] = []
                    for (i, item) in items.enumerated() {
                        guard case .string(let s) = item else { throw .invalid("invalid_type", "documentIds[\(i)] must be a string", field: "documentIds[\(i)]") }
                        ids.append(s)
                    }
                    u.documentIds = .set(ids)
                default: throw .invalid("invalid_type", "documentIds must be an array of strings", field: key)
                }
            default:
                throw .invalid("unknown_field", "\(InputScreen.printable(key)) cannot be changed; PATCH takes note, metadata, externalReference, documentIds",
                               field: key)
            }
        }
        return u
    }

    static func window(_ text: String, field: String = "windowId") throws(HeimError) -> WindowRef {
        guard let w = HeimIds.parseWindow(text) else {
            throw .invalid("invalid_value", "\(field) must be a window id from the availability API (win_…)", field: field)
        }
        return WindowRef(practitionerId: w.practitioner, start: w.start)
    }

    static func id(_ text: String, _ kind: HeimIds.Kind, field: String) throws(HeimError) -> UUID {
        guard let id = HeimIds.uuid(text, kind) else {
            throw .invalid("invalid_value", "\(field) must be a \(kind.name) id starting with \(kind.rawValue)", field: field)
        }
        return id
    }

    static func date(_ text: String?, field: String) throws(HeimError) -> CalendarDate? {
        guard let text else { return nil }
        guard let date = CalendarDate(iso: text) else { throw .invalid("invalid_value", "\(field) must be a date, YYYY-MM-DD", field: field) }
        return date
    }

    private static func text(_ value: JSONValue, field: String) throws(HeimError) -> String? {
        switch value {
        case .null: return nil
        case .string(let s): return s
        default: throw .invalid("invalid_type", "\(field) must be a string or null", field: field)
        }
    }
}
