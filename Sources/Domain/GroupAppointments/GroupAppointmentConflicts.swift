import Foundation

/// `GET /group_appointments/{id}/conflicts`: whether the practitioner's time is troubled. Cliniko
/// leaves the rule undocumented; here a conflict is another booking of the practitioner overlapping
/// it (any dialect's), an unavailable block overlapping it, or its not lying wholly inside one
/// working period of the practitioner at its business on that local date. An archived (or
/// unknown) appointment has none. Pure: reads state, writes nothing.
public enum GroupAppointmentConflicts {
    public static func exist(id: UUID, state: GroupAppointmentsState, reference: ReferenceDataState, calendar: CalendarState) -> Bool {
        guard let a = state.appointments[id], !a.archived else { return false }
        if calendar.overlapping(a.practitionerId, a.startsAt, a.endsAt).contains(where: { $0.id != a.id }) { return true }
        let occupancy = Occupancy(reference: reference, calendar: calendar)
        if !occupancy.blocks(of: a.practitionerId, overlapping: a.startsAt, a.endsAt).isEmpty { return true }
        guard let practitioner = reference.practitioners[a.practitionerId] else { return true }
        return occupancy.workingPeriod(of: practitioner, holding: a.startsAt, a.endsAt, at: a.locationId) == nil
    }
}
