import Foundation
import Testing
import Domain

/// Group appointment fixtures on top of `Scheduling.state` (clock: Tuesday 2026-10-20 12:00Z): a
/// Sydney business and one without a time zone; Gus Hale working Monday 09:00-12:00 at Lakeside
/// (Chicago) and Tuesday 09:00-12:00 at Main Clinic (New York), also listed at Bondi (Sydney) and
/// the Annex; Ada Park (Lakeside) listed at Lakeside only; a 60-minute Pilates type of 8 places, a
/// 90-minute Yoga type of 12, and ten patients. Built only through `decide` and `apply`.
enum Group {
    static let declaration = ReferenceDataDeclaration(
        locations: [LocationDeclaration(name: "Bondi", address: "1 Campbell Pde", timezone: "Australia/Sydney"),
                    LocationDeclaration(name: "Annex")],
        practitioners: [
            PractitionerDeclaration(name: "Gus Hale", email: "gus@acme.test", locations: ["Lakeside", "Main Clinic", "Bondi", "Annex"],
                                    workingHours: ["monday": ["09:00-12:00@Lakeside"], "tuesday": ["09:00-12:00@Main Clinic"]]),
        ],
        appointmentTypes: [AppointmentTypeDeclaration(name: "Pilates", durationMinutes: 60, maxAttendees: 8),
                           AppointmentTypeDeclaration(name: "Yoga", durationMinutes: 90, maxAttendees: 12),
                           AppointmentTypeDeclaration(name: "Huge", durationMinutes: 60, maxAttendees: 500)])

    static let patients: [UUID] = (0..<10).map { Fixture.id(900 + $0) }

    static let state: OrganizationState = {
        var events = try! decide(.organization(.applyReferenceData(declaration)), state: Scheduling.state, context: Scheduling.context(seed: 77)).events
        for (i, id) in patients.enumerated() {
            events.append(.patients(.patientCreated(PatientCreated(
                patientId: id, profile: PatientProfile(firstName: "Pat\(i)", lastName: "Ient"), tagIds: [], referrals: [], externalIds: [],
                createdFrom: .api))))
        }
        return Scheduling.applying(events, to: Scheduling.state)
    }()

    static var gus: UUID { Scheduling.practitioner("Gus Hale", in: state) }
    static var ada: UUID { Scheduling.ada }
    static var lakeside: UUID { Scheduling.lakeside }
    static var mainClinic: UUID { Fixture.locationId }
    static var bondi: UUID { location("Bondi") }
    static var annex: UUID { location("Annex") }
    static var pilates: UUID { type("Pilates") }
    static var yoga: UUID { type("Yoga") }
    static var huge: UUID { type("Huge") }
    /// The Heim fixture's 60-minute, one-patient type.
    static var consult: UUID { type("Consult") }

    static func location(_ name: String) -> UUID { state.reference.locations.values.first { $0.name == name }!.id }
    static func type(_ name: String) -> UUID { state.reference.appointmentTypes.values.first { $0.name == name }!.id }

    /// Monday 2026-10-26 09:00 Chicago (CDT, UTC-5): inside Gus's and Ada's Lakeside hours.
    static let monday9 = Scheduling.at("2026-10-26T14:00:00Z")

    static func create(type: UUID = pilates, location: UUID = lakeside, practitioner: UUID = gus, start: Date = monday9, end: Date? = nil,
                       max: Int? = nil, notes: String? = nil, url: String? = nil, rule: RepeatRule? = nil) -> GroupAppointmentCommand {
        .create(CreateGroupAppointment(appointmentTypeId: type, locationId: location, practitionerId: practitioner, startsAt: start,
                                       endsAt: end, maxAttendees: max, notes: notes, telehealthUrl: url, repeatRule: rule))
    }

    static func decideGroup(_ command: GroupAppointmentCommand, state: OrganizationState = state,
                            context: DecisionContext = Scheduling.context()) throws(DomainError) -> Decision<CommandReply> {
        try decide(.groupAppointments(command), state: state, context: context)
    }

    static func refusal(_ command: GroupAppointmentCommand, state: OrganizationState = state,
                        context: DecisionContext = Scheduling.context()) -> DomainError? {
        Fixture.refusal(.groupAppointments(command), state: state, context: context)
    }

    /// The command decided and its events applied: the state after, the reply and the events.
    static func accept(_ command: GroupAppointmentCommand, state: OrganizationState = state, seed: Int = 1) throws
        -> (state: OrganizationState, reply: GroupAppointmentReply, events: [GroupAppointmentEvent]) {
        let decision = try decideGroup(command, state: state, context: Scheduling.context(seed: seed))
        guard case .groupAppointments(let reply) = decision.reply else {
            Issue.record("unexpected reply \(decision.reply)")
            return (state, .attendees(ids: []), [])
        }
        let events = decision.events.compactMap { event -> GroupAppointmentEvent? in
            if case .groupAppointments(let e) = event { return e } else { return nil }
        }
        #expect(events.count == decision.events.count, "only group appointment events")
        return (Scheduling.applying(decision.events, to: state), reply, events)
    }

    /// Creates and returns the state and the occurrences' ids.
    static func created(_ command: GroupAppointmentCommand, state: OrganizationState = state, seed: Int = 1) throws -> (OrganizationState, [UUID]) {
        let (after, reply, _) = try accept(command, state: state, seed: seed)
        guard case .groupAppointments(let ids) = reply else {
            Issue.record("unexpected reply \(reply)")
            return (after, [])
        }
        return (after, ids)
    }

    /// Adds `patients` to `groupAppointment`, one command each; returns the state and the attendee ids.
    static func attended(_ groupAppointment: UUID, by patients: [UUID], state: OrganizationState, seed: Int = 100) throws -> (OrganizationState, [UUID]) {
        var state = state
        var ids: [UUID] = []
        for (i, patient) in patients.enumerated() {
            let (after, reply, _) = try accept(.addAttendee(AddAttendee(groupAppointmentId: groupAppointment, patientId: patient)),
                                               state: state, seed: seed + i)
            guard case .attendees(let added) = reply else { Issue.record("unexpected reply \(reply)"); break }
            state = after
            ids += added
        }
        return (state, ids)
    }

    static func rule(_ type: RepeatType, _ repeats: Int, every interval: Int = 1) -> RepeatRule {
        RepeatRule(repeatType: type, numberOfRepeats: repeats, repeatingInterval: interval)
    }
}
