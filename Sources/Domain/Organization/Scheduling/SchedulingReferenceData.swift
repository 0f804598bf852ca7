import Foundation

/// A practitioner whose calendar appointments book: where they work and when, as wall-clock
/// times in each location's time zone (a 09:00 start stays 09:00 local across a DST change).
public struct Practitioner: Codable, Sendable, Equatable {
    public var id: UUID
    public var name: String
    public var email: String
    public var locationIds: [UUID]
    /// Sorted by weekday, then start.
    public var workingHours: [WorkingPeriod]

    public init(id: UUID, name: String, email: String, locationIds: [UUID], workingHours: [WorkingPeriod]) {
        self.id = id; self.name = name; self.email = email; self.locationIds = locationIds; self.workingHours = workingHours
    }

    enum CodingKeys: String, CodingKey {
        case id, name, email, locationIds = "location_ids", workingHours = "working_hours"
    }
}

/// One stretch of a practitioner's week at one location: `start..<end` local time on `weekday`.
public struct WorkingPeriod: Codable, Sendable, Equatable, Comparable {
    public var weekday: Weekday
    public var start: LocalTime
    public var end: LocalTime
    public var locationId: UUID

    public init(weekday: Weekday, start: LocalTime, end: LocalTime, locationId: UUID) {
        self.weekday = weekday; self.start = start; self.end = end; self.locationId = locationId
    }

    public static func < (a: WorkingPeriod, b: WorkingPeriod) -> Bool {
        (a.weekday.number, a.start.minutes) < (b.weekday.number, b.start.minutes)
    }

    enum CodingKeys: String, CodingKey { case weekday, start, end, locationId = "location_id" }
}

/// What kind of visit a booking is, and how long it takes (`appointment_type_id` in Cliniko,
/// the category behind SPRY's durations).
public struct AppointmentType: Codable, Sendable, Equatable {
    public var id: UUID
    public var name: String
    public var durationMinutes: Int
    public var maxAttendees: Int
    public var category: String?
    public var waitlistType: String?

    public init(id: UUID, name: String, durationMinutes: Int, maxAttendees: Int, category: String? = nil, waitlistType: String? = nil) {
        self.id = id; self.name = name; self.durationMinutes = durationMinutes; self.maxAttendees = maxAttendees
        self.category = category; self.waitlistType = waitlistType
    }

    enum CodingKeys: String, CodingKey {
        case id, name, durationMinutes = "duration_minutes", maxAttendees = "max_attendees", category, waitlistType = "waitlist_type"
    }
}

/// What Heim books (`tsk_…`): a task is carried out as an appointment of its type. A `scheduled`
/// task takes a plan range (planFrom…planTo, at least `minPlanDays` apart).
public struct CareTask: Codable, Sendable, Equatable {
    public var id: UUID
    public var name: String
    public var appointmentTypeId: UUID
    public var scheduled: Bool
    public var minPlanDays: Int

    public init(id: UUID, name: String, appointmentTypeId: UUID, scheduled: Bool, minPlanDays: Int) {
        self.id = id; self.name = name; self.appointmentTypeId = appointmentTypeId; self.scheduled = scheduled; self.minPlanDays = minPlanDays
    }

    enum CodingKeys: String, CodingKey {
        case id, name, appointmentTypeId = "appointment_type_id", scheduled, minPlanDays = "min_plan_days"
    }
}

/// Time a practitioner cannot be booked (leave, training), `startsAt..<endsAt`.
public struct UnavailableBlock: Codable, Sendable, Equatable {
    public var id: UUID
    public var practitionerId: UUID
    public var startsAt: Date
    public var endsAt: Date

    public init(id: UUID, practitionerId: UUID, startsAt: Date, endsAt: Date) {
        self.id = id; self.practitionerId = practitionerId; self.startsAt = startsAt; self.endsAt = endsAt
    }

    enum CodingKeys: String, CodingKey { case id, practitionerId = "practitioner_id", startsAt = "starts_at", endsAt = "ends_at" }
}

/// An unavailable block was lifted: the time is bookable again.
public struct UnavailableBlockRemoved: Codable, Sendable, Equatable {
    public var blockId: UUID
    public var practitionerId: UUID
    /// The time given back, so readers of the log (the waitlist's process manager) know it
    /// without the block; nil in events written before they carried it.
    public var startsAt: Date?
    public var endsAt: Date?
    public init(blockId: UUID, practitionerId: UUID, startsAt: Date? = nil, endsAt: Date? = nil) {
        self.blockId = blockId; self.practitionerId = practitionerId; self.startsAt = startsAt; self.endsAt = endsAt
    }
    enum CodingKeys: String, CodingKey { case blockId = "block_id", practitionerId = "practitioner_id", startsAt = "starts_at", endsAt = "ends_at" }
}
