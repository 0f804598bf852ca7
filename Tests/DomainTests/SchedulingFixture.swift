import Foundation
import Testing
import Domain

/// Scheduling fixtures on top of `Fixture.state`: a Chicago location, two practitioners working
/// Monday mornings (Ada at Lakeside, Chicago, 09:00-12:00; Bo at Main Clinic, New York,
/// 09:00-10:00), a 60- and a 45-minute appointment type, and three tasks (one scheduled, with a
/// plan range of at least 7 days). Built only through `decide` and `OrganizationState.apply`.
/// The clock stands on Tuesday 2026-10-20, before the US fall-back (2026-11-01) and
/// spring-forward (2027-03-14).
enum Scheduling {
    static let now = at("2026-10-20T12:00:00Z")

    static func at(_ text: String) -> Date { RFC3339.parse(text)! }
    static func day(_ text: String) -> CalendarDate { CalendarDate(iso: text)! }

    static let declaration = ReferenceDataDeclaration(
        locations: [LocationDeclaration(name: "Lakeside", address: "5 Lake Rd", timezone: "America/Chicago")],
        practitioners: [
            PractitionerDeclaration(name: "Ada Park", email: "ada@acme.test", locations: ["Lakeside"],
                                    workingHours: ["monday": ["09:00-12:00"]]),
            PractitionerDeclaration(name: "Bo Chen", email: "bo@acme.test", locations: ["Main Clinic"],
                                    workingHours: ["monday": ["09:00-10:00"]]),
        ],
        appointmentTypes: [AppointmentTypeDeclaration(name: "Consult", durationMinutes: 60),
                           AppointmentTypeDeclaration(name: "Check", durationMinutes: 45)],
        tasks: [TaskDeclaration(name: "Consult visit", appointmentType: "Consult"),
                TaskDeclaration(name: "Quick check", appointmentType: "Check"),
                TaskDeclaration(name: "Planned visit", appointmentType: "Consult", scheduled: true, minPlanDays: 7)])

    static let state: OrganizationState = {
        let events = try! decide(.organization(.applyReferenceData(declaration)), state: Fixture.state, context: Fixture.context()).events
        return applying(events, to: Fixture.state)
    }()

    static func practitioner(_ name: String, in state: OrganizationState = state) -> UUID {
        state.reference.practitioners.values.first { $0.name == name }!.id
    }
    static func task(_ name: String) -> UUID { state.reference.tasks.values.first { $0.name == name }!.id }
    static func location(_ name: String) -> UUID { state.reference.locations.values.first { $0.name == name }!.id }

    static var ada: UUID { practitioner("Ada Park") }
    static var bo: UUID { practitioner("Bo Chen") }
    static var consult: UUID { task("Consult visit") }
    static var check: UUID { task("Quick check") }
    static var planned: UUID { task("Planned visit") }
    static var lakeside: UUID { location("Lakeside") }

    static func applying(_ events: [DomainEvent], to state: OrganizationState) -> OrganizationState {
        var next = state
        for event in events { next.apply(event) }
        return next
    }

    /// A context at `now`; each decision that mints ids in one test takes its own `seed`.
    static func context(now: Date = now, seed: Int = 1) -> DecisionContext {
        DecisionContext(organizationId: Fixture.orgId, now: now, channel: .api,
                        idSeed: UUID(uuidString: String(format: "0197abcd-0000-7abc-8def-%012d", seed))!)
    }

    static func windows(task: UUID = consult, from: String, to: String, practitioner: UUID? = nil, location: UUID? = nil,
                        state: OrganizationState = state, now: Date = now) throws(DomainError) -> [AvailableWindow] {
        try Availability.windows(AvailabilityQuery(taskId: task, from: day(from), to: day(to), practitionerId: practitioner, locationId: location),
                                 reference: state.reference, calendar: state.calendar, now: now)
    }

    static func windowRefusal(task: UUID = consult, from: String, to: String, practitioner: UUID? = nil, location: UUID? = nil,
                              now: Date = now) -> DomainError? {
        do {
            _ = try windows(task: task, from: from, to: to, practitioner: practitioner, location: location, now: now)
            return nil
        } catch { return error }
    }

    /// A valid create: the fixture's patient, a consult, an E.164 phone and an address.
    static func create(task: UUID = consult, window: WindowRef? = nil, planFrom: String? = nil, planTo: String? = nil,
                       phone: String = "+14155550123", address: AppointmentAddress = AppointmentAddress(line1: "1 Elm St", postcode: "60601"),
                       patient: UUID = Fixture.existingPatientId, metadata: JSONValue? = nil) -> AppointmentCommand {
        .createAppointment(CreateAppointment(patientId: patient, taskId: task, phone: phone, location: address, window: window,
                                             planFrom: planFrom.map(day), planTo: planTo.map(day), metadata: metadata))
    }

    static func decideAppointment(_ command: AppointmentCommand, state: OrganizationState = state,
                                  context: DecisionContext = context()) throws(DomainError) -> Decision<CommandReply> {
        try decide(.appointments(command), state: state, context: context)
    }

    static func refusal(_ command: AppointmentCommand, state: OrganizationState = state, context: DecisionContext = context()) -> DomainError? {
        Fixture.refusal(.appointments(command), state: state, context: context)
    }

    /// The command decided and its events applied: the state after, and the appointment's id.
    static func accept(_ command: AppointmentCommand, state: OrganizationState = state,
                       context: DecisionContext = context()) throws -> (OrganizationState, UUID) {
        let decision = try decideAppointment(command, state: state, context: context)
        guard case .appointments(.appointment(let id, _)) = decision.reply else {
            Issue.record("unexpected reply \(decision.reply)")
            return (state, UUID())
        }
        return (applying(decision.events, to: state), id)
    }

    /// Ada's 09:00 Chicago on Monday 2026-10-26 (CDT, UTC-5).
    static var adaMonday9: WindowRef { WindowRef(practitionerId: ada, start: at("2026-10-26T14:00:00Z")) }
}
