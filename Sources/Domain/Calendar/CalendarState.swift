import Foundation

/// Every practitioner's booked time, from the events of every slice that books it (appointments,
/// group appointments). Working hours and unavailable blocks are reference data
/// (`ReferenceDataState`); occupancy is the three together (`Occupancy`).
///
/// Only future occupancy is kept: bookings that ended more than a day before the newest event
/// fall away, so the state does not grow with history. The sweep runs at most once a day of event
/// time (it reads every booking), so a booking may stay until events are two days past its end.
public struct CalendarState: Sendable {
    /// Per practitioner, sorted by start; never overlapping (deciders refuse overlaps).
    public private(set) var bookings: [UUID: [Booking]] = [:]
    /// Which practitioner holds each booking, to free it.
    private var holders: [UUID: UUID] = [:]
    /// The newest event time seen; pruning runs when it passes `nextPrune`.
    private var nextPrune = Date.distantPast

    public struct Booking: Sendable, Equatable {
        public var id: UUID
        public var slot: TimeSlot
    }

    public init() {}

    public var bookingCount: Int { holders.count }

    public mutating func book(_ id: UUID, _ slot: TimeSlot, at time: Date) {
        free(id)
        var list = bookings[slot.practitionerId, default: []]
        let i = list.firstIndex { $0.slot.start > slot.start } ?? list.endIndex
        list.insert(Booking(id: id, slot: slot), at: i)
        bookings[slot.practitionerId] = list
        holders[id] = slot.practitionerId
        pruneIfDue(time)
    }

    public mutating func free(_ id: UUID) {
        guard let practitioner = holders.removeValue(forKey: id) else { return }
        bookings[practitioner]?.removeAll { $0.id == id }
    }

    /// Bookings of a practitioner that overlap `start..<end`.
    public func overlapping(_ practitionerId: UUID, _ start: Date, _ end: Date) -> [Booking] {
        guard let list = bookings[practitionerId], !list.isEmpty else { return [] }
        // First booking starting at or after `end`; only those before it can overlap, and of
        // those only the ones ending after `start` (sorted by start and disjoint, so sorted by end).
        var lo = 0, hi = list.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if list[mid].slot.start < end { lo = mid + 1 } else { hi = mid }
        }
        var out: [Booking] = []
        var i = lo - 1
        while i >= 0, list[i].slot.end > start { out.append(list[i]); i -= 1 }
        return out.reversed()
    }

    private mutating func pruneIfDue(_ time: Date) {
        guard time >= nextPrune else { return }
        let cutoff = time.addingTimeInterval(-86_400)
        for (practitioner, list) in bookings {
            let kept = list.filter { $0.slot.end >= cutoff }
            guard kept.count != list.count else { continue }
            for gone in list where gone.slot.end < cutoff { holders[gone.id] = nil }
            bookings[practitioner] = kept.isEmpty ? nil : kept
        }
        nextPrune = time.addingTimeInterval(86_400)
    }
}

/// Snapshot coding: bump `OrganizationState.snapshotFormat` when a stored property changes. Who
/// holds each booking is derived from the bookings, so it is rebuilt, not stored.
extension CalendarState: Codable {
    private enum CodingKeys: String, CodingKey { case bookings, nextPrune }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        bookings = try c.decode([UUID: [Booking]].self, forKey: .bookings)
        nextPrune = try c.decode(Date.self, forKey: .nextPrune)
        for (practitioner, list) in bookings { for booking in list { holders[booking.id] = practitioner } }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(bookings, forKey: .bookings)
        try c.encode(nextPrune, forKey: .nextPrune)
    }
}

extension CalendarState.Booking: Codable {}
