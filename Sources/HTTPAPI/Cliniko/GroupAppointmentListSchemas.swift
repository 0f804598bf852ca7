import Foundation
import ReadModels

/// The field tables of Cliniko's group appointments and attendees: which `q[]` fields and `sort`
/// keys each list takes (seed 003's list of filters), read from which column. Ids compare as
/// Cliniko numbers (`cliniko_id(uuid)`), so `business_id:=N` finds the location whose number is N.
enum GroupAppointmentListSchemas {
    static func number(_ column: String) -> ListColumn { ListColumn("cliniko_id(\(column))", .int64, sortable: true) }

    /// `group_appointments`. Archived rows are left out unless a condition names `archived_at`.
    /// Nothing is ever deleted (DELETE archives), so `deleted_at` is a null field. `patient_ids`
    /// holds the patients with a place now; `~N` asks whether patient N is one of them.
    static let groupAppointments = ClinikoReferenceData.schema("group_appointments", [
        "archived_at": ListColumn("group_appointments.archived_at", .dateTime, sortable: true),
        "deleted_at": ListColumn("NULL::timestamptz", .dateTime),
        "starts_at": ListColumn("group_appointments.starts_at", .dateTime, sortable: true),
        "ends_at": ListColumn("group_appointments.ends_at", .dateTime, sortable: true),
        "appointment_type_id": number("group_appointments.appointment_type_id"),
        "business_id": number("group_appointments.location_id"),
        "practitioner_id": number("group_appointments.practitioner_id"),
        "repeated_from_id": number("group_appointments.repeated_from"),
        "patient_ids": ListColumn("ARRAY(SELECT cliniko_id(p) FROM unnest(group_appointments.patient_ids) AS p)", .int64Array),
    ])

    /// What `GET /group_appointments/{id}` reads from `q[]` (the seed's two): an archived one is
    /// found only when a condition names `archived_at`. Conditions are then run against
    /// `groupAppointments`, which has the same fields.
    static let groupAppointmentGet = ListSchema(
        table: "group_appointments", columns: groupAppointments.columns.filter { ["archived_at", "deleted_at"].contains($0.key) },
        defaultSort: ListSort("created_at"), archivedField: "archived_at")

    /// `attendees`, cancelled ones included (`cancelled_at:!?` leaves them out). Attendees are
    /// cancelled, never archived: `archived_at` is a null field.
    static let attendees = ClinikoReferenceData.schema("attendees", [
        "booking_id": number("attendees.group_appointment_id"),
        "patient_id": number("attendees.patient_id"),
        "cancelled_at": ListColumn("attendees.cancelled_at", .dateTime, sortable: true),
    ])
}
