import Foundation

/// A practitioner's time at one location, `start..<end`: what a booking takes from the calendar.
public struct TimeSlot: Codable, Sendable, Equatable, Hashable {
    public var practitionerId: UUID
    public var locationId: UUID
    public var start: Date
    public var end: Date

    public init(practitionerId: UUID, locationId: UUID, start: Date, end: Date) {
        self.practitionerId = practitionerId; self.locationId = locationId; self.start = start; self.end = end
    }

    enum CodingKeys: String, CodingKey { case practitionerId = "practitioner_id", locationId = "location_id", start, end }
}

/// A window a caller picked (Heim's `win_…`): a practitioner and a start. Its length comes from
/// the task booked into it, and whether it is still free is decided when it is booked.
public struct WindowRef: Sendable, Equatable, Hashable {
    public var practitionerId: UUID
    public var start: Date
    public init(practitionerId: UUID, start: Date) { self.practitionerId = practitionerId; self.start = start }
}
