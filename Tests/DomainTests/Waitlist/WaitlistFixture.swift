import Foundation
import Testing
import Domain

/// Waitlist fixtures on top of `Scheduling.state`: Lakeside (Chicago, its address now with a ZIP) runs a waitlist with two
/// categories — Physical Therapy (Consult, 60 min, INITIAL_EVAL) and Quick Follow Up (Check,
/// 45 min declared as 30, FOLLOW_UP); Main Clinic (New York) has none. The clock is Scheduling's:
/// Tuesday 2026-10-20 12:00Z, before the US fall-back on 2026-11-01.
enum Waitlist {
    static let declaration = ReferenceDataDeclaration(locations: [
        LocationDeclaration(name: "Lakeside", address: "5 Lake Rd, Chicago, IL 60601", timezone: "America/Chicago"),
    ], waitlists: [
        ClinicWaitlistDeclaration(clinic: "Lakeside", categories: [
            WaitlistCategoryDeclaration(label: "Physical Therapy", appointmentType: "Consult", kind: "Initial Evaluation"),
            WaitlistCategoryDeclaration(label: "Quick Follow Up", appointmentType: "Check", kind: "FOLLOW_UP", durationMinutes: 30),
        ]),
    ])

    static let state: OrganizationState = {
        let events = try! decide(.organization(.applyReferenceData(declaration)), state: Scheduling.state,
                                 context: Scheduling.context(seed: 900)).events
        return Scheduling.applying(events, to: Scheduling.state)
    }()

    static var lakeside: UUID { Scheduling.lakeside }
    static var mainClinic: UUID { Fixture.locationId }
    static func category(_ label: String) -> WaitlistCategory {
        state.reference.waitlists[lakeside]!.categories.first { $0.label == label }!
    }
    static var therapy: WaitlistCategory { category("Physical Therapy") }
    static var followUp: WaitlistCategory { category("Quick Follow Up") }

    static let staff = WaitlistActor.staff(userId: "user-123")
    static let patient = WaitlistActor.patient(userId: "user-p8", patientId: Fixture.existingPatientId)

    static func create(actor: WaitlistActor = staff, patient: UUID = Fixture.existingPatientId, clinic: UUID? = nil,
                       providers: [UUID] = [], slots: [PartOfDay] = [], days: [Weekday] = [],
                       from: String = "2026-10-26", to: String = "2026-11-20", category: UUID? = nil, label: String? = nil,
                       kind: VisitKind? = nil, payment: PaymentType = .insurancePay, priority: Int? = nil) -> WaitlistCommand {
        .create(CreateWaitlistRequest(actor: actor, patientId: patient, clinicId: clinic ?? lakeside, preferredProviders: providers,
                                      preferredTimeSlots: slots, preferredDays: days, dateRangeStart: Scheduling.day(from),
                                      dateRangeEnd: Scheduling.day(to), categoryId: category ?? therapy.id, categoryLabel: label,
                                      appointmentKind: kind, paymentType: payment, priority: priority))
    }

    static func decideOn(_ state: OrganizationState = state, _ command: WaitlistCommand, now: Date = Scheduling.now,
                         seed: Int = 1) throws(DomainError) -> Decision<CommandReply> {
        try decide(.waitlist(command), state: state, context: Scheduling.context(now: now, seed: seed))
    }

    static func refusal(_ command: WaitlistCommand, state: OrganizationState = state, now: Date = Scheduling.now) -> DomainError? {
        do { _ = try decideOn(state, command, now: now); return nil } catch { return error }
    }

    /// The state after `command`, and the request it made.
    static func made(_ command: WaitlistCommand, on state: OrganizationState = state, now: Date = Scheduling.now,
                     seed: Int = 1) throws -> (OrganizationState, WaitlistRequest) {
        let decision = try decideOn(state, command, now: now, seed: seed)
        guard case .waitlist(.requestCreated(let e)) = try #require(decision.events.first) else {
            Issue.record("no request created"); throw DomainError(.invalidValue, "no request")
        }
        return (Scheduling.applying(decision.events, to: state), e.request)
    }
}
