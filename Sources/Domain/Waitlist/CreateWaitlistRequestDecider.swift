import Foundation

func decideCreateWaitlistRequest(_ c: CreateWaitlistRequest, patients: PatientsState, reference: ReferenceDataState,
                                 context: DecisionContext) throws(DomainError) -> Decision<WaitlistReply> {
    if case .patient(_, let own) = c.actor, own != c.patientId {
        throw DomainError(.notPermitted, "a patient may only join the waitlist for itself")
    }
    let (settings, zone) = try waitlistClinic(c.clinicId, reference: reference)
    guard patients.records[c.patientId] != nil else {
        throw DomainError(.patientNotFound, "patient_id names no patient of this organization", field: "patient_id")
    }
    let category = try waitlistCategory(c.categoryId, settings: settings)
    if let label = c.categoryLabel, NameKey.of(label) != NameKey.of(category.label) {
        throw DomainError(.invalidValue, "appointment_category does not match the label of appointment_category_id (\(category.label))",
                          field: "appointment_category")
    }
    try checkVisitKind(c.appointmentKind, category: category)
    let request = WaitlistRequest(
        requestId: context.newId(0), patientId: c.patientId, clinicId: c.clinicId, preferredProviders: unique(c.preferredProviders),
        preferredTimeSlots: unique(c.preferredTimeSlots), preferredDays: unique(c.preferredDays),
        dateRangeStart: c.dateRangeStart, dateRangeEnd: c.dateRangeEnd, categoryId: category.id,
        appointmentTypeId: category.appointmentTypeId, appointmentKind: category.kind, durationMinutes: category.durationMinutes,
        paymentType: c.paymentType, priority: c.priority ?? WaitlistRequest.defaultPriority, notes: c.notes,
        createdAt: context.now, createdBy: c.actor.userId, updatedAt: context.now, updatedBy: c.actor.userId)
    try checkWaitlistPreferences(request, settings: settings, zone: zone, reference: reference, now: context.now)
    return Decision([.waitlist(.requestCreated(WaitlistRequestCreated(request: request)))], reply: .request(id: request.requestId))
}

/// In first-seen order: a repeated preference adds nothing.
func unique<T: Hashable>(_ values: [T]) -> [T] {
    var seen = Set<T>()
    return values.filter { seen.insert($0).inserted }
}
