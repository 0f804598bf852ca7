import Foundation

/// The scheduling part of a reference-data declaration: practitioners with their working hours,
/// appointment types, tasks, and unavailable blocks. `state` already holds the declaration's
/// locations, stages, users and types, so names resolve whether declared now or before.
func decideSchedulingReferenceData(_ d: ReferenceDataDeclaration, state: ReferenceDataState,
                                   ids: inout IdMinter) throws(DomainError) -> [OrganizationEvent] {
    var after = state
    var events: [OrganizationEvent] = []
    func record(_ event: OrganizationEvent) { events.append(event); after.apply(event) }

    let locations = byKey(state.locations.values) { NameKey.of($0.name) }
    let practitioners = byKey(state.practitioners.values) { NameKey.of($0.name) }
    var seen = Set<String>()
    for (i, decl) in d.practitioners.enumerated() {
        let field = "practitioners[\(i)]"
        let name = try requiredText(decl.name, field: "\(field).name")
        try unique(name, in: &seen, field: "\(field).name")
        try optionalText(decl.email, field: "\(field).email", max: InputLimits.email)
        guard let email = EmailAddress.normalize(decl.email) else {
            throw DomainError(.invalidValue, "email is not a valid e-mail address", field: "\(field).email")
        }
        var locationIds: [UUID] = []
        for (j, locationName) in decl.locations.enumerated() {
            guard let location = locations[NameKey.of(locationName)] else {
                throw DomainError(.unknownReference, "no location is named \(InputScreen.printable(locationName)); declare it under locations",
                                  field: "\(field).locations[\(j)]")
            }
            if !locationIds.contains(location.id) { locationIds.append(location.id) }
        }
        let hours = try WorkingHoursDeclaration.periods(decl.workingHours, locationIds: locationIds, locations: state.locations,
                                                        field: "\(field).working_hours")
        let existing = practitioners[NameKey.of(name)]
        let practitioner = Practitioner(id: existing?.id ?? ids.mint(), name: name, email: email, locationIds: locationIds, workingHours: hours)
        if existing == nil { record(.practitionerCreated(practitioner)) }
        else if existing != practitioner { record(.practitionerUpdated(practitioner)) }
    }

    let types = byKey(state.appointmentTypes.values) { NameKey.of($0.name) }
    seen = []
    for (i, decl) in d.appointmentTypes.enumerated() {
        let field = "appointment_types[\(i)]"
        let name = try requiredText(decl.name, field: "\(field).name")
        try unique(name, in: &seen, field: "\(field).name")
        guard (1...InputLimits.appointmentMinutes).contains(decl.durationMinutes) else {
            throw DomainError(.invalidValue, "duration_minutes must be 1 to \(InputLimits.appointmentMinutes)", field: "\(field).duration_minutes")
        }
        let attendees = decl.maxAttendees ?? 1
        guard (1...InputLimits.maxAttendees).contains(attendees) else {
            throw DomainError(.invalidValue, "max_attendees must be 1 to \(InputLimits.maxAttendees)", field: "\(field).max_attendees")
        }
        try optionalText(decl.category, field: "\(field).category", max: InputLimits.referenceName)
        try optionalText(decl.waitlistType, field: "\(field).waitlist_type", max: InputLimits.code)
        let existing = types[NameKey.of(name)]
        let type = AppointmentType(id: existing?.id ?? ids.mint(), name: name, durationMinutes: decl.durationMinutes,
                                   maxAttendees: attendees, category: decl.category, waitlistType: decl.waitlistType)
        if existing == nil { record(.appointmentTypeCreated(type)) }
        else if existing != type { record(.appointmentTypeUpdated(type)) }
    }

    let typesAfter = byKey(after.appointmentTypes.values) { NameKey.of($0.name) }
    let tasks = byKey(state.tasks.values) { NameKey.of($0.name) }
    seen = []
    for (i, decl) in d.tasks.enumerated() {
        let field = "tasks[\(i)]"
        let name = try requiredText(decl.name, field: "\(field).name")
        try unique(name, in: &seen, field: "\(field).name")
        guard let type = typesAfter[NameKey.of(decl.appointmentType)] else {
            throw DomainError(.unknownReference, "no appointment type is named \(InputScreen.printable(decl.appointmentType)); declare it under appointment_types",
                              field: "\(field).appointment_type")
        }
        let minPlanDays = decl.minPlanDays ?? 0
        guard (0...InputLimits.planDays).contains(minPlanDays) else {
            throw DomainError(.invalidValue, "min_plan_days must be 0 to \(InputLimits.planDays)", field: "\(field).min_plan_days")
        }
        let existing = tasks[NameKey.of(name)]
        let task = CareTask(id: existing?.id ?? ids.mint(), name: name, appointmentTypeId: type.id,
                            scheduled: decl.scheduled ?? false, minPlanDays: minPlanDays)
        if existing == nil { record(.taskCreated(task)) }
        else if existing != task { record(.taskUpdated(task)) }
    }

    let practitionersAfter = byKey(after.practitioners.values) { NameKey.of($0.name) }
    struct BlockKey: Hashable { let practitioner: UUID; let start: Date; let end: Date }
    let blocks = Dictionary(state.unavailableBlocks.values.map { (BlockKey(practitioner: $0.practitionerId, start: $0.startsAt, end: $0.endsAt), $0) },
                            uniquingKeysWith: { first, _ in first })
    var seenBlocks = Set<BlockKey>()
    for (i, decl) in d.unavailableBlocks.enumerated() {
        let field = "unavailable_blocks[\(i)]"
        guard let practitioner = practitionersAfter[NameKey.of(decl.practitioner)] else {
            throw DomainError(.unknownReference, "no practitioner is named \(InputScreen.printable(decl.practitioner)); declare it under practitioners",
                              field: "\(field).practitioner")
        }
        let start = try instant(decl.startsAt, field: "\(field).starts_at")
        let end = try instant(decl.endsAt, field: "\(field).ends_at")
        guard start < end else { throw DomainError(.invalidValue, "ends_at must be after starts_at", field: "\(field).ends_at") }
        guard end.timeIntervalSince(start) <= Double(InputLimits.blockDays) * 86_400 else {
            throw DomainError(.invalidValue, "a block may last at most \(InputLimits.blockDays) days", field: "\(field).ends_at")
        }
        let key = BlockKey(practitioner: practitioner.id, start: start, end: end)
        guard seenBlocks.insert(key).inserted else {
            throw DomainError(.duplicateDeclaration, "\(field) is declared twice", field: field)
        }
        let existing = blocks[key]
        if decl.removed {
            if let existing { record(.unavailableBlockRemoved(UnavailableBlockRemoved(
                blockId: existing.id, practitionerId: practitioner.id, startsAt: existing.startsAt, endsAt: existing.endsAt))) }
        } else if existing == nil {
            record(.unavailableBlockAdded(UnavailableBlock(id: ids.mint(), practitionerId: practitioner.id, startsAt: start, endsAt: end)))
        }
    }
    // Working hours are local times: a location practitioners work at must keep its time zone.
    for practitioner in after.practitioners.values.sorted(by: { $0.name < $1.name }) {
        for period in practitioner.workingHours where after.locations[period.locationId]?.timezone.flatMap(TimeZone.init(identifier:)) == nil {
            let name = after.locations[period.locationId]?.name ?? ""
            let index = d.locations.firstIndex { NameKey.of($0.name) == NameKey.of(name) }
            throw DomainError(.missingField, "location \(name) has no timezone, and \(practitioner.name) works there: working hours are local times",
                              field: index.map { "locations[\($0)].timezone" } ?? "locations")
        }
    }
    for event in try decideWaitlistReferenceData(d.waitlists, state: after, ids: &ids) { record(event) }
    return events
}

/// An instant with its offset (`2026-12-24T00:00:00-06:00`): a block is a span of real time.
private func instant(_ text: String, field: String) throws(DomainError) -> Date {
    guard InputLimits.length(text) <= InputLimits.code, let date = RFC3339.parse(text) else {
        throw DomainError(.invalidValue, "must be an RFC 3339 date-time with an offset, such as 2026-12-24T00:00:00-06:00", field: field)
    }
    return date
}

/// `working_hours: {monday: ["08:00-12:00", "13:00-17:00@Riverside"]}` → sorted periods.
enum WorkingHoursDeclaration {
    static func periods(_ declared: [String: [String]], locationIds: [UUID], locations: [UUID: Location],
                        field: String) throws(DomainError) -> [WorkingPeriod] {
        var out: [WorkingPeriod] = []
        for (key, ranges) in declared.sorted(by: { $0.key < $1.key }) {
            guard let weekday = Weekday(rawValue: key.lowercased()) else {
                throw DomainError(.invalidValue, "\(InputScreen.printable(key)) is not a weekday; use monday … sunday", field: "\(field).\(key)")
            }
            guard ranges.count <= InputLimits.periodsPerDay else {
                throw DomainError(.tooManyItems, "at most \(InputLimits.periodsPerDay) ranges a day", field: "\(field).\(key)")
            }
            var day: [WorkingPeriod] = []
            for (j, text) in ranges.enumerated() {
                let at = "\(field).\(key)[\(j)]"
                // Empty pieces kept: an empty range ("") would otherwise leave no parts[0] and trap the writer.
                let parts = text.split(separator: "@", maxSplits: 1, omittingEmptySubsequences: false)
                    .map { $0.trimmingCharacters(in: .whitespaces) }
                let times = parts[0].split(separator: "-", omittingEmptySubsequences: false)
                guard times.count == 2, let start = LocalTime(times[0]), let end = LocalTime(times[1]) else {
                    throw DomainError(.invalidValue, "a range is HH:MM-HH:MM, optionally @Location (got \(InputScreen.printable(text)))", field: at)
                }
                guard start < end else { throw DomainError(.invalidValue, "a range must end after it starts", field: at) }
                let locationId: UUID
                if parts.count == 2 {
                    guard let id = locationIds.first(where: { NameKey.of(locations[$0]?.name ?? "") == NameKey.of(parts[1]) }) else {
                        throw DomainError(.unknownReference, "\(InputScreen.printable(parts[1])) is not one of the practitioner's locations", field: at)
                    }
                    locationId = id
                } else {
                    guard let first = locationIds.first else {
                        throw DomainError(.missingField, "working hours need a location: list the practitioner's locations", field: at)
                    }
                    locationId = first
                }
                guard let zone = locations[locationId]?.timezone, TimeZone(identifier: zone) != nil else {
                    throw DomainError(.missingField, """
                        location \(locations[locationId]?.name ?? "") has no timezone: working hours are local times, \
                        declare the location's timezone (IANA, e.g. America/Chicago)
                        """, field: at)
                }
                let period = WorkingPeriod(weekday: weekday, start: start, end: end, locationId: locationId)
                // Against every range of this weekday so far, not only this key's: `Monday` and
                // `monday` are two keys of one day.
                if (out + day).contains(where: { $0.weekday == weekday && $0.start < end && start < $0.end }) {
                    throw DomainError(.invalidValue, "ranges of one day must not overlap", field: at)
                }
                day.append(period)
            }
            out += day
        }
        return out.sorted()
    }
}
