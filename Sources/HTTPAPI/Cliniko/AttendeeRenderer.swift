import Domain
import Foundation
import ReadModels

/// Cliniko's attendee: a patient's place in a group appointment, which Cliniko calls its
/// `booking`.
enum AttendeeRenderer {
    /// Cliniko's `cancellation_reason` codes and the texts its API gives for them.
    static let reasons: [Int: String] = [
        10: "Feeling better", 20: "Condition worse", 30: "Sick", 31: "Away", 40: "Other", 50: "Work", 60: "Schedule",
    ]

    static func render(_ a: AttendeeView, _ links: ClinikoLinks) -> JSONValue {
        .object([
            ("id", .string(ClinikoIds.text(a.id))),
            ("archived_at", .null),
            ("booking", GroupAppointmentRenderer.link(links, "/v1/group_appointments/\(ClinikoIds.text(a.groupAppointmentId))")),
            ("cancellation_note", .text(a.cancellationNote)),
            ("cancellation_reason", a.cancellationReason.map(JSONValue.int) ?? .null),
            // Cliniko sends an empty description, not null, while nothing is cancelled.
            ("cancellation_reason_description", .string(a.cancellationReason.flatMap { reasons[$0] } ?? "")),
            ("cancelled_at", .clinikoTime(a.cancelledAt)),
            ("created_at", .clinikoTime(a.createdAt)),
            ("notes", .text(a.notes)),
            ("patient", GroupAppointmentRenderer.link(links, "/v1/patients/\(ClinikoIds.text(a.patientId))")),
            ("updated_at", .clinikoTime(a.updatedAt)),
            ("links", .object([("self", .string(links.url("/v1/attendees/\(ClinikoIds.text(a.id))")))])),
        ])
    }
}
