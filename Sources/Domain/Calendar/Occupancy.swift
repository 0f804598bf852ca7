import Foundation

/// A practitioner's free time: working hours (wall-clock times in each location's zone) minus
/// unavailable blocks minus bookings. Pure: reads reference data and the calendar, writes nothing.
public struct Occupancy: Sendable {
    public let reference: ReferenceDataState
    public let calendar: CalendarState
    /// A Gregorian calendar in each location's zone, built once per query, not per working period.
    private var calendars: [UUID: Calendar] = [:]

    public init(reference: ReferenceDataState, calendar: CalendarState) {
        self.reference = reference; self.calendar = calendar
        for location in reference.locations.values {
            guard let name = location.timezone, let zone = TimeZone(identifier: name) else { continue }
            var gregorian = Calendar(identifier: .gregorian)
            gregorian.timeZone = zone
            calendars[location.id] = gregorian
        }
    }

    /// A working period's instants on one local date, DST-correct: 09:00 is 09:00 on that day's
    /// clock, whatever the offset. Nil when the location has no zone.
    public func instants(of period: WorkingPeriod, on date: CalendarDate) -> (start: Date, end: Date, zone: TimeZone)? {
        guard let calendar = calendars[period.locationId] else { return nil }
        func at(_ time: LocalTime) -> Date? {
            // 24:00 is the next day's midnight; a time a DST gap skips moves forward, as clocks do.
            var parts = DateComponents(year: date.year, month: date.month, day: date.day, hour: time.minutes / 60, minute: time.minutes % 60)
            if time.minutes == 24 * 60 { parts.hour = 0; parts.day = date.day + 1 }
            return calendar.date(from: parts)
        }
        guard let start = at(period.start), let end = at(period.end), start < end else { return nil }
        return (start, end, calendar.timeZone)
    }

    /// Free stretches of one practitioner's working time on the local dates `from...to`, each
    /// with its location and the local date it falls on, in time order.
    public func freeTime(of practitioner: Practitioner, from: CalendarDate, to: CalendarDate) -> [(TimeSlot, CalendarDate)] {
        var out: [(TimeSlot, CalendarDate)] = []
        var date = from
        while date <= to {
            for period in practitioner.workingHours where period.weekday == date.weekday {
                guard let (start, end, _) = instants(of: period, on: date) else { continue }
                for (s, e) in subtractBusy(practitioner.id, start, end) {
                    out.append((TimeSlot(practitionerId: practitioner.id, locationId: period.locationId, start: s, end: e), date))
                }
            }
            date = date.adding(days: 1)
        }
        return out.sorted { $0.0.start < $1.0.start }
    }

    /// Whether `start..<start+minutes` is free for the practitioner: inside one working period,
    /// clear of blocks and bookings. Returns the slot (with its location) when it is.
    public func freeSlot(_ practitionerId: UUID, start: Date, minutes: Int) -> TimeSlot? {
        guard let practitioner = reference.practitioners[practitionerId] else { return nil }
        let end = start.addingTimeInterval(Double(minutes) * 60)
        for period in practitioner.workingHours {
            guard let zone = calendars[period.locationId]?.timeZone else { continue }
            let date = CalendarDate(dayOf: start, in: zone)
            guard date.weekday == period.weekday, let (s, e, _) = instants(of: period, on: date), s <= start, end <= e else { continue }
            let free = subtractBusy(practitionerId, start, end)
            guard free.count == 1, free[0].0 == start, free[0].1 == end else { return nil }
            return TimeSlot(practitionerId: practitionerId, locationId: period.locationId, start: start, end: end)
        }
        return nil
    }

    /// `start..<end` minus the practitioner's blocks and bookings.
    func subtractBusy(_ practitionerId: UUID, _ start: Date, _ end: Date) -> [(Date, Date)] {
        var busy = calendar.overlapping(practitionerId, start, end).map { ($0.slot.start, $0.slot.end) }
        for block in reference.unavailableBlocks.values where block.practitionerId == practitionerId
            && block.startsAt < end && start < block.endsAt {
            busy.append((block.startsAt, block.endsAt))
        }
        busy.sort { $0.0 < $1.0 }
        var free: [(Date, Date)] = []
        var cursor = start
        for (s, e) in busy {
            if s > cursor { free.append((cursor, min(s, end))) }
            cursor = max(cursor, e)
            if cursor >= end { break }
        }
        if cursor < end { free.append((cursor, end)) }
        return free
    }
}
