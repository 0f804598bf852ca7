import Domain
import Foundation
import ReadModels

/// A waitlist request as SPRY shows it (seed 004's `data`), with what ClinicLedger adds:
/// `matched_invites` (every offer made to it, with why it matched and whom it was ranked above)
/// and `booking` once fulfilled (the booking's ids as Heim and Cliniko spell them).
enum WaitlistRequestRenderer {
    static func render(_ v: WaitlistRequestView) -> JSONValue {
        let r = v.request
        var fields: [(String, JSONValue)] = [
            ("id", .id(r.requestId)),
            ("clinic_id", .id(r.clinicId)),
            ("patient_id", .id(r.patientId)),
            ("preferred_providers", .array(r.preferredProviders.map { .id($0) })),
        ]
        // The seed omits the details when no provider is preferred.
        if !v.providers.isEmpty {
            fields.append(("preferred_provider_details", .array(v.providers.map {
                .object([("id", .id($0.id)), ("name", .text($0.name))])
            })))
        }
        fields += [
            ("preferred_time_slots", .array(r.preferredTimeSlots.map { .string($0.rawValue) })),
            ("preferred_days", .array(r.preferredDays.map { .string($0.sprySpelling) })),
            ("date_range_start", .string(r.dateRangeStart.description)),
            ("date_range_end", .string(r.dateRangeEnd.description)),
            ("appointment_category_id", .id(r.categoryId)),
            ("appointment_category", .text(v.categoryLabel)),
            ("appointment_type", .string(r.appointmentKind.rawValue)),
            ("appointment_duration", .int(r.durationMinutes)),
            ("payment_type", .string(r.paymentType.rawValue)),
            ("priority", .int(r.priority)),
            ("status", .string(v.status.rawValue)),
            ("notes", .text(r.notes)),
            ("patient", .object([("id", .id(r.patientId)), ("first_name", .text(v.patientFirstName)), ("last_name", .text(v.patientLastName))])),
            ("matched_invites", .array(v.invites.map(invite))),
            ("booking", booking(v)),
            ("created_at", .time(r.createdAt)),
            ("created_at_epoch_ms", .int(Int((r.createdAt.timeIntervalSince1970 * 1000).rounded(.down)))),
            // Cancelling, fulfilling or expiring a request changes it too (an expiry has no user: the last one stays).
            ("updated_at", .time(v.endedAt ?? r.updatedAt)),
            ("created_by", .string(r.createdBy)),
            ("updated_by", .string(v.endedBy ?? r.updatedBy)),
        ]
        return .object(fields)
    }

    static func invite(_ i: WaitlistInviteView) -> JSONValue {
        .object([
            ("invite_id", .id(i.inviteId)),
            ("waitlist_id", .id(i.requestId)),
            ("status", .string(i.status.rawValue)),
            ("match_type", .string(i.matchType.rawValue)),
            ("slot_start", .time(i.slotStart)),
            ("slot_end", .time(i.slotEnd)),
            ("provider_id", .id(i.providerId)),
            ("clinic_id", .id(i.clinicId)),
            ("group_appointment_id", i.groupAppointmentId.map { .string(ClinikoIds.text($0)) } ?? .null),
            ("sent_at", .time(i.sentAt)),
            ("expires_at", .time(i.expiresAt)),
            ("responded_at", .time(i.answeredAt)),
            ("reason", .object([
                ("summary", .string(i.reason.summary)),
                ("priority", .int(i.reason.priority)),
                ("waiting_since", .time(i.reason.waitingSince)),
                ("local_date", .string(i.reason.localDate.description)),
                ("weekday", .string(i.reason.weekday.sprySpelling)),
                ("part_of_day", .string(i.reason.partOfDay.rawValue)),
            ])),
            ("ranked_above", .array(i.rankedAbove.map { .id($0) })),
        ])
    }

    /// What accepting booked: a Heim appointment, or a place (attendee) in a Cliniko group appointment.
    static func booking(_ v: WaitlistRequestView) -> JSONValue {
        if let appointment = v.appointmentId {
            return .object([("kind", .string("appointment")), ("appointment_id", .string(HeimIds.string(appointment, .appointment)))])
        }
        if let group = v.groupAppointmentId, let attendee = v.attendeeId {
            return .object([("kind", .string("group_appointment")), ("group_appointment_id", .string(ClinikoIds.text(group))),
                            ("attendee_id", .string(ClinikoIds.text(attendee)))])
        }
        return .null
    }
}
