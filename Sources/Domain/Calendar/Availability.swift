import Foundation

/// `GET /v1/availability`: free windows of a task's duration, for every practitioner (or one),
/// at every location (or one), on local dates `from...to`.
public struct AvailabilityQuery: Sendable, Equatable {
    public var taskId: UUID
    public var from: CalendarDate
    public var to: CalendarDate
    public var practitionerId: UUID?
    public var locationId: UUID?

    public init(taskId: UUID, from: CalendarDate, to: CalendarDate, practitionerId: UUID? = nil, locationId: UUID? = nil) {
        self.taskId = taskId; self.from = from; self.to = to; self.practitionerId = practitionerId; self.locationId = locationId
    }
}

/// A free window: bookable as it stands. Its identity is the practitioner and the start.
public struct AvailableWindow: Sendable, Equatable {
    public var slot: TimeSlot
    /// The date on the location's clock.
    public var localDate: CalendarDate
    public var window: WindowRef { WindowRef(practitionerId: slot.practitionerId, start: slot.start) }
}

public enum Availability {
    /// Windows start at the beginning of each free stretch and follow each other at the task's
    /// duration, so a day's windows do not overlap and fill the day; windows that start before
    /// `now` are left out. Refuses (naming the parameter) an unknown task or practitioner, a
    /// reversed or too wide range, and dates outside today-1 … today+horizon.
    public static func windows(_ q: AvailabilityQuery, reference: ReferenceDataState, calendar: CalendarState,
                               now: Date) throws(DomainError) -> [AvailableWindow] {
        guard let task = reference.tasks[q.taskId] else {
            throw DomainError(.unknownReference, "taskId names no task of this organization", field: "taskId")
        }
        guard let type = reference.appointmentTypes[task.appointmentTypeId] else {
            throw DomainError(.unknownReference, "the task's appointment type is unknown", field: "taskId")
        }
        guard q.from <= q.to else { throw DomainError(.invalidValue, "to must not be before from", field: "to") }
        guard q.from.days(to: q.to) < InputLimits.availabilitySpanDays else {
            throw DomainError(.invalidValue, "from…to may span at most \(InputLimits.availabilitySpanDays) days", field: "to")
        }
        // Yesterday (UTC) is still today somewhere west; older dates can hold no future window.
        let today = CalendarDate(utcDayOf: now)
        guard today.days(to: q.from) >= -1 else { throw DomainError(.invalidValue, "from must not be in the past", field: "from") }
        guard today.days(to: q.to) <= InputLimits.bookingHorizonDays else {
            throw DomainError(.invalidValue, "to may be at most \(InputLimits.bookingHorizonDays) days ahead", field: "to")
        }
        let practitioners: [Practitioner]
        if let id = q.practitionerId {
            guard let p = reference.practitioners[id] else {
                throw DomainError(.unknownReference, "practitionerId names no practitioner of this organization", field: "practitionerId")
            }
            practitioners = [p]
        } else {
            practitioners = reference.practitioners.values.sorted { $0.name < $1.name }
        }
        if let id = q.locationId, reference.locations[id] == nil {
            throw DomainError(.unknownReference, "location names no location of this organization", field: "location")
        }
        let occupancy = Occupancy(reference: reference, calendar: calendar)
        let length = Double(type.durationMinutes) * 60
        var out: [(rank: Int, window: AvailableWindow)] = []
        for (rank, practitioner) in practitioners.enumerated() {
            for (free, date) in occupancy.freeTime(of: practitioner, from: q.from, to: q.to)
            where q.locationId == nil || free.locationId == q.locationId {
                var start = free.start
                while start.addingTimeInterval(length) <= free.end {
                    if start >= now {
                        var slot = free
                        slot.start = start
                        slot.end = start.addingTimeInterval(length)
                        out.append((rank, AvailableWindow(slot: slot, localDate: date)))
                    }
                    start = start.addingTimeInterval(length)
                }
            }
        }
        // By start, then practitioner (by name, as listed).
        return out.sorted { ($0.window.slot.start, $0.rank) < ($1.window.slot.start, $1.rank) }.map(\.window)
    }

    /// The slot a picked window books for a task, if it is still free: inside working hours,
    /// clear of blocks and bookings, not in the past, within the horizon. 409 otherwise.
    public static func take(_ window: WindowRef, minutes: Int, reference: ReferenceDataState, calendar: CalendarState,
                            now: Date, field: String) throws(DomainError) -> TimeSlot {
        guard reference.practitioners[window.practitionerId] != nil else {
            throw DomainError(.unknownReference, "\(field) names no window of this organization", field: field)
        }
        guard window.start >= now else {
            throw DomainError(.slotUnavailable, "the window has started or passed; ask availability for a current one", field: field)
        }
        // Availability lists local dates up to today + horizon; a window on that date may fall on the next UTC day.
        guard CalendarDate(utcDayOf: now).days(to: CalendarDate(utcDayOf: window.start)) <= InputLimits.bookingHorizonDays + 1 else {
            throw DomainError(.invalidValue, "the window is more than \(InputLimits.bookingHorizonDays) days ahead", field: field)
        }
        guard let slot = Occupancy(reference: reference, calendar: calendar).freeSlot(window.practitionerId, start: window.start, minutes: minutes) else {
            throw DomainError(.slotUnavailable, "the window is no longer free; ask availability for a current one", field: field)
        }
        return slot
    }
}
