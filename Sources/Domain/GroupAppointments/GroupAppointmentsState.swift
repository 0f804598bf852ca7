import Foundation

/// What the group appointment rules need: each group appointment (slot, type, capacity, archived,
/// series), each attendee (its class, patient, cancelled), and each series' members. Every one is
/// kept: a cancel or an archive years later must still be answered.
public struct GroupAppointmentsState: Sendable {
    public internal(set) var appointments: [UUID: GroupAppointmentRecord] = [:]
    public internal(set) var attendees: [UUID: AttendeeRecord] = [:]
    /// Series root (the first occurrence) → every occurrence, the root first, in creation order.
    public internal(set) var series: [UUID: [UUID]] = [:]

    public init() {}

    /// The attendees holding a place now, in the order they were added.
    public func activeAttendees(of groupAppointmentId: UUID) -> [AttendeeRecord] {
        (appointments[groupAppointmentId]?.activeAttendeeIds ?? []).compactMap { attendees[$0] }
    }

    /// Places still free (never negative).
    public func placesLeft(in groupAppointmentId: UUID) -> Int {
        guard let a = appointments[groupAppointmentId] else { return 0 }
        return max(0, a.maxAttendees - a.activeAttendeeIds.count)
    }

    /// The occurrences of the series `groupAppointmentId` belongs to, the root first (just itself
    /// when it does not repeat).
    public func occurrences(ofSeriesOf groupAppointmentId: UUID) -> [UUID] {
        guard let a = appointments[groupAppointmentId] else { return [] }
        return series[a.seriesRoot] ?? [a.id]
    }

    public mutating func apply(_ event: GroupAppointmentEvent) {
        switch event {
        case .groupAppointmentCreated(let e):
            appointments[e.groupAppointmentId] = GroupAppointmentRecord(
                id: e.groupAppointmentId, appointmentTypeId: e.appointmentTypeId, locationId: e.locationId, practitionerId: e.practitionerId,
                startsAt: e.startsAt, endsAt: e.endsAt, maxAttendees: e.maxAttendees, notes: e.notes, telehealthUrl: e.telehealthUrl,
                repeatRule: e.repeatRule, repeatedFrom: e.repeatedFrom, archived: false, activeAttendeeIds: [])
            if let root = e.repeatedFrom {
                series[root, default: [root]].append(e.groupAppointmentId)
            }
        case .groupAppointmentUpdated(let e):
            guard var a = appointments[e.groupAppointmentId] else { return }
            a.appointmentTypeId = e.appointmentTypeId; a.locationId = e.locationId; a.practitionerId = e.practitionerId
            a.startsAt = e.startsAt; a.endsAt = e.endsAt; a.maxAttendees = e.maxAttendees
            a.notes = e.notes; a.telehealthUrl = e.telehealthUrl
            if let rule = e.repeatRule { a.repeatRule = rule }
            appointments[e.groupAppointmentId] = a
        case .appointmentArchived(let e):
            appointments[e.appointmentId]?.archived = true
        case .attendeeAdded(let e):
            attendees[e.attendeeId] = AttendeeRecord(id: e.attendeeId, groupAppointmentId: e.groupAppointmentId, patientId: e.patientId,
                                                     notes: e.notes, cancelled: false)
            appointments[e.groupAppointmentId]?.activeAttendeeIds.append(e.attendeeId)
        case .attendeeCancelled(let e):
            attendees[e.attendeeId]?.cancelled = true
            appointments[e.groupAppointmentId]?.activeAttendeeIds.removeAll { $0 == e.attendeeId }
        }
    }
}

public struct GroupAppointmentRecord: Sendable, Equatable {
    public var id: UUID
    public var appointmentTypeId: UUID
    public var locationId: UUID
    public var practitionerId: UUID
    public var startsAt: Date
    public var endsAt: Date
    public var maxAttendees: Int
    public var notes: String?
    public var telehealthUrl: String?
    public var repeatRule: RepeatRule?
    public var repeatedFrom: UUID?
    public var archived: Bool
    /// Attendees holding a place, in the order they were added.
    public var activeAttendeeIds: [UUID]

    public var slot: TimeSlot { TimeSlot(practitionerId: practitionerId, locationId: locationId, start: startsAt, end: endsAt) }
    /// The first occurrence of its series (itself when it is the first or does not repeat).
    public var seriesRoot: UUID { repeatedFrom ?? id }
}

public struct AttendeeRecord: Sendable, Equatable {
    public var id: UUID
    public var groupAppointmentId: UUID
    public var patientId: UUID
    public var notes: String?
    public var cancelled: Bool
}

extension CalendarState {
    /// A group appointment takes its practitioner's time when created, moves it when updated
    /// (`book` frees the old slot first), and gives it back when archived.
    public mutating func apply(_ event: GroupAppointmentEvent) {
        switch event {
        case .groupAppointmentCreated(let e): book(e.groupAppointmentId, e.slot, at: e.createdAt)
        case .groupAppointmentUpdated(let e) where e.freedSlot != nil: book(e.groupAppointmentId, e.slot, at: e.updatedAt)
        case .appointmentArchived(let e): free(e.appointmentId)
        case .groupAppointmentUpdated, .attendeeAdded, .attendeeCancelled: return
        }
    }
}

/// Snapshot coding: bump `OrganizationState.snapshotFormat` when a stored property changes.
extension GroupAppointmentsState: Codable {}
extension GroupAppointmentRecord: Codable {}
extension AttendeeRecord: Codable {}
