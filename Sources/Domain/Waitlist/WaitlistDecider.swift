import Foundation

/// The waitlist commands, each decided in its own file. Requests refer to the organization's
/// clinics (locations with waitlist settings), their categories, practitioners and patients.
/// Offers read across slices: the calendar and classes (is the time free), appointments and
/// classes (is the patient free).
public func decide(_ command: WaitlistCommand, state: OrganizationState, context: DecisionContext) throws(DomainError) -> Decision<WaitlistReply> {
    try command.checkLimits()
    let world = WaitlistWorld(waitlist: state.waitlist, patients: state.patients, appointments: state.appointments,
                              groupAppointments: state.groupAppointments, reference: state.reference, calendar: state.calendar)
    switch command {
    case .create(let c):
        return try decideCreateWaitlistRequest(c, patients: state.patients, reference: state.reference, context: context)
    case .update(let c):
        return try decideUpdateWaitlistRequest(c, world: world, context: context)
    case .expireRequests(let asOf):
        return decideExpireWaitlistRequests(asOf: asOf, state: state.waitlist, reference: state.reference)
    case .offerSlot(let c):
        return decideOfferSlot(c, world: world, context: context)
    case .acceptInvite(let a):
        return try decideAcceptInvite(a, world: world, context: context)
    case .declineInvite(let a):
        return try decideDeclineInvite(a, world: world, context: context)
    case .expireInvites(let asOf):
        return decideExpireInvites(asOf: asOf, world: world, context: context)
    }
}

/// The request, if the actor may touch it: a patient only its own (403 before 404 would leak
/// nothing more: an unknown id is 404 for everyone).
func accessibleRequest(_ id: UUID, by actor: WaitlistActor, in state: WaitlistState) throws(DomainError) -> WaitlistState.Record {
    guard let record = state.requests[id] else {
        throw DomainError(.waitlistRequestNotFound, "no waitlist request with this id in the organization")
    }
    if case .patient(_, let patientId) = actor, record.request.patientId != patientId {
        throw DomainError(.notPermitted, "a patient may only act on its own waitlist requests")
    }
    return record
}

/// The clinic's waitlist settings and zone, or the seed's refusal.
func waitlistClinic(_ clinicId: UUID, reference: ReferenceDataState) throws(DomainError) -> (settings: ClinicWaitlist, zone: TimeZone) {
    guard let location = reference.locations[clinicId] else {
        throw DomainError(.unknownReference, "clinic_id names no clinic of this organization", field: "clinic_id")
    }
    guard let settings = reference.waitlists[clinicId], settings.enabled,
          let zone = location.timezone.flatMap(TimeZone.init(identifier:)) else {
        throw DomainError(.invalidValue, "waitlist feature not configured for this organization", field: "clinic_id")
    }
    return (settings, zone)
}

/// The rules a request's dates and providers keep, on create and after an update.
func checkWaitlistPreferences(_ r: WaitlistRequest, settings: ClinicWaitlist, zone: TimeZone, reference: ReferenceDataState,
                              now: Date) throws(DomainError) {
    guard r.dateRangeEnd >= r.dateRangeStart else {
        throw DomainError(.invalidValue, "date_range_end must be on or after date_range_start", field: "date_range_end")
    }
    let span = r.dateRangeStart.days(to: r.dateRangeEnd)
    guard span <= settings.maxSpanDays else {
        throw DomainError(.invalidValue, "date range must span at most \(settings.maxSpanDays) days (it spans \(span))", field: "date_range_end")
    }
    let today = CalendarDate(dayOf: now, in: zone)
    guard r.dateRangeEnd >= today else {
        throw DomainError(.invalidValue, "date_range_end is in the past in the clinic's time zone (today there is \(today))",
                          field: "date_range_end")
    }
    for (i, id) in r.preferredProviders.enumerated() {
        guard let practitioner = reference.practitioners[id], practitioner.locationIds.contains(r.clinicId) else {
            throw DomainError(.unknownReference, "preferred_providers[\(i)] names no provider of this clinic", field: "preferred_providers[\(i)]")
        }
    }
}

/// The category a request names, valid at its clinic.
func waitlistCategory(_ id: UUID, settings: ClinicWaitlist) throws(DomainError) -> WaitlistCategory {
    guard let category = settings.category(id) else {
        throw DomainError(.invalidValue, "appointment_category_id is not a category of this clinic", field: "appointment_category_id")
    }
    return category
}

/// An explicit appointment_type must agree with the category's kind.
func checkVisitKind(_ kind: VisitKind?, category: WaitlistCategory) throws(DomainError) {
    guard let kind, kind != category.kind else { return }
    throw DomainError(.invalidValue, "appointment_type \(kind.rawValue) does not match the category's \(category.kind.rawValue)",
                      field: "appointment_type")
}
