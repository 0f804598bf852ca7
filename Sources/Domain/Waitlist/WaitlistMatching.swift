import Foundation

/// Time that became bookable: a cancelled appointment's slot, a place freed in a class, or a
/// practitioner's newly opened hours. `appointmentTypeId` is what the time was for (nil when any
/// type may take it); `groupAppointmentId` names the class when the slot is a place in one.
public struct OpenSlot: Codable, Sendable, Equatable {
    public var slot: TimeSlot
    public var appointmentTypeId: UUID?
    public var groupAppointmentId: UUID?

    public init(slot: TimeSlot, appointmentTypeId: UUID? = nil, groupAppointmentId: UUID? = nil) {
        self.slot = slot; self.appointmentTypeId = appointmentTypeId; self.groupAppointmentId = groupAppointmentId
    }

    enum CodingKeys: String, CodingKey { case slot, appointmentTypeId = "appointment_type_id", groupAppointmentId = "group_appointment_id" }
}

/// SPRY's match_type: EXACT when the slot's provider is one the patient named, ANY_PROVIDER when
/// the patient left the provider open.
public enum WaitlistMatchType: String, Codable, Sendable {
    case exact = "EXACT"
    case anyProvider = "ANY_PROVIDER"
}

/// Why a request fits a slot, as the patient and staff are shown it: everything the rules
/// compared, in the clinic's local terms.
public struct WaitlistMatchReason: Codable, Sendable, Equatable {
    public var matchType: WaitlistMatchType
    public var priority: Int
    public var waitingSince: Date
    public var localDate: CalendarDate
    public var weekday: Weekday
    public var partOfDay: PartOfDay
    /// The time the booking would take: the slot's start plus the request's duration.
    public var bookingEnd: Date

    enum CodingKeys: String, CodingKey {
        case matchType = "match_type", priority, waitingSince = "waiting_since", localDate = "local_date", weekday
        case partOfDay = "part_of_day", bookingEnd = "booking_end"
    }

    /// One line for people: "priority 2, waiting since …; provider as preferred; monday MORNING 2026-05-18".
    public var summary: String {
        let provider = matchType == .exact ? "the provider asked for" : "any provider, as asked"
        return "priority \(priority), waiting since \(RFC3339.format(waitingSince)); \(provider); "
            + "\(weekday.sprySpelling) \(partOfDay.rawValue) \(localDate) in the clinic's time zone"
    }
}

/// The waitlist's matching and fairness rules, pure: which ACTIVE requests a slot fits, and in
/// which order they are offered it (priority, then who asked first).
public enum WaitlistMatching {
    /// Why `request` fits `open` (in the clinic's `zone`), or nil when it does not: same clinic;
    /// the category's appointment type when the slot is for one; a class place needs the class's
    /// type, other time must be at least the category's duration; a preferred provider or any;
    /// the slot's local day inside the date range, on a preferred day, in a preferred part of the
    /// day (by its start); and the patient free for the whole booking.
    public static func fit(_ request: WaitlistRequest, _ open: OpenSlot, zone: TimeZone,
                           patientBusy: (UUID, Date, Date) -> Bool) -> WaitlistMatchReason? {
        let slot = open.slot
        guard request.clinicId == slot.locationId else { return nil }
        if let type = open.appointmentTypeId, type != request.appointmentTypeId { return nil }
        let end: Date
        if open.groupAppointmentId != nil {
            guard open.appointmentTypeId == request.appointmentTypeId else { return nil }
            end = slot.end
        } else {
            end = slot.start.addingTimeInterval(Double(request.durationMinutes) * 60)
            guard end <= slot.end else { return nil }
        }
        let exact = request.preferredProviders.contains(slot.practitionerId)
        guard exact || request.preferredProviders.isEmpty else { return nil }

        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let local = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: slot.start)
        guard let day = CalendarDate(year: local.year!, month: local.month!, day: local.day!) else { return nil }
        guard day >= request.dateRangeStart, day <= request.dateRangeEnd else { return nil }
        let weekday = day.weekday
        guard request.preferredDays.isEmpty || request.preferredDays.contains(weekday) else { return nil }
        let part = PartOfDay.of(minutes: local.hour! * 60 + local.minute!)
        let parts = request.preferredTimeSlots
        guard parts.isEmpty || parts.contains(.anytime) || parts.contains(part) else { return nil }
        guard !patientBusy(request.patientId, slot.start, end) else { return nil }
        return WaitlistMatchReason(matchType: exact ? .exact : .anyProvider, priority: request.priority, waitingSince: request.createdAt,
                                   localDate: day, weekday: weekday, partOfDay: part, bookingEnd: end)
    }

    /// The requests `open` fits, best first: priority 1 before 5, then the earlier request
    /// (first come, first served), then the request id so the order never depends on a hash.
    public static func ranked(_ requests: [WaitlistRequest], for open: OpenSlot, zone: TimeZone,
                              patientBusy: (UUID, Date, Date) -> Bool) -> [(request: WaitlistRequest, reason: WaitlistMatchReason)] {
        requests.compactMap { r in fit(r, open, zone: zone, patientBusy: patientBusy).map { (r, $0) } }
            .sorted { a, b in
                (a.request.priority, a.request.createdAt, a.request.requestId.uuidString)
                    < (b.request.priority, b.request.createdAt, b.request.requestId.uuidString)
            }
    }
}
