import Foundation

/// A practitioner's new availability as the waitlist offers it: when a block is lifted, the first
/// free stretch of their working hours inside the block's range (not before `from`), at the
/// location those hours are at. One offer per lift: the rest of the range stays bookable directly.
public enum LiftedTime {
    public static func openSlot(_ lift: UnavailableBlockRemoved, reference: ReferenceDataState, calendar: CalendarState,
                                from earliest: Date) -> OpenSlot? {
        guard let start = lift.startsAt, let end = lift.endsAt, let practitioner = reference.practitioners[lift.practitionerId] else {
            return nil  // an event written before lifts carried their times, or a practitioner no longer known
        }
        let from = max(start, earliest)
        guard from < end else { return nil }
        // Working hours are local days: a day either side of the UTC days covers every zone.
        let occupancy = Occupancy(reference: reference, calendar: calendar)
        let stretches = occupancy.freeTime(of: practitioner, from: CalendarDate(utcDayOf: from).adding(days: -1),
                                           to: CalendarDate(utcDayOf: end).adding(days: 1))
        for (stretch, _) in stretches {
            let s = max(stretch.start, from), e = min(stretch.end, end)
            if s < e { return OpenSlot(slot: TimeSlot(practitionerId: practitioner.id, locationId: stretch.locationId, start: s, end: e)) }
        }
        return nil
    }
}
