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
        guard let start = calendar.instant(on: date, minutes: period.start.minutes),
              let end = calendar.instant(on: date, minutes: period.end.minutes), start < end else { return nil }
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
        guard let period = workingPeriod(of: practitioner, holding: start, end) else { return nil }
        let free = subtractBusy(practitionerId, start, end)
        guard free.count == 1, free[0].0 == start, free[0].1 == end else { return nil }
        return TimeSlot(practitionerId: practitionerId, locationId: period.locationId, start: start, end: end)
    }

    /// The practitioner's working period that holds `start..<end` wholly, on the local date
    /// `start` falls on at the period's location (optionally only periods at `locationId`).
    public func workingPeriod(of practitioner: Practitioner, holding start: Date, _ end: Date, at locationId: UUID? = nil) -> WorkingPeriod? {
        practitioner.workingHours.first { period in
            guard locationId == nil || period.locationId == locationId, let zone = calendars[period.locationId]?.timeZone else { return false }
            let date = CalendarDate(dayOf: start, in: zone)
            guard date.weekday == period.weekday, let (s, e, _) = instants(of: period, on: date) else { return false }
            return s <= start && end <= e
        }
    }

    /// The practitioner's unavailable blocks that overlap `start..<end`.
    public func blocks(of practitionerId: UUID, overlapping start: Date, _ end: Date) -> [UnavailableBlock] {
        reference.unavailableBlocks.values.filter { $0.practitionerId == practitionerId && $0.startsAt < end && start < $0.endsAt }
    }

    /// `start..<end` minus the practitioner's blocks and bookings.
    func subtractBusy(_ practitionerId: UUID, _ start: Date, _ end: Date) -> [(Date, Date)] {
        var busy = calendar.overlapping(practitionerId, start, end).map { ($0.slot.start, $0.slot.end) }
        for block in blocks(of: practitionerId, overlapping: start, end) { busy.append((block.startsAt, block.endsAt)) }
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
