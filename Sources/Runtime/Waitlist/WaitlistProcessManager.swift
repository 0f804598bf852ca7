import CommandHandling
import Domain
import EventStore
import Foundation
import Logging
import PostgresNIO
import ReadModels

/// The waitlist's process manager: reads the events topic like a projection (its positions in
/// `projection_positions`, so a restart resumes where it stopped) and, for every event that frees
/// time (a cancellation, a place given back, a class archived or moved, a block lifted), sends
/// `offerSlot` through the router with that event as the cause. A redelivered event
/// offers nothing twice: the decider remembers the causes it offered. It owns no tables and is not
/// a read model (no reply waits for it, a rebuild never replays it).
struct WaitlistProcessManager: Projection {
    let router: CommandRouter

    static let projectionName = "waitlist_process_manager"
    var name: String { Self.projectionName }
    var tables: [String] { [] }
    var eventTypes: Set<String>? {
        [AppointmentEventType.appointmentCancelled.rawValue, GroupAppointmentEventType.attendeeCancelled.rawValue,
         GroupAppointmentEventType.appointmentArchived.rawValue, GroupAppointmentEventType.groupAppointmentUpdated.rawValue,
         OrganizationEventType.unavailableBlockRemoved.rawValue]
    }

    /// The time an event gives back, if any: practitioner time (any type may take it) or a class place.
    static func freed(by event: DomainEvent) -> OpenSlot? {
        switch event {
        case .appointments(.appointmentCancelled(let e)):
            return e.freedSlot.map { OpenSlot(slot: $0) }
        case .groupAppointments(.attendeeCancelled(let e)):
            let p = e.freedPlace
            return OpenSlot(slot: TimeSlot(practitionerId: p.practitionerId, locationId: p.locationId, start: p.startsAt, end: p.endsAt),
                            appointmentTypeId: p.appointmentTypeId, groupAppointmentId: p.groupAppointmentId)
        case .groupAppointments(.appointmentArchived(let e)):
            return OpenSlot(slot: e.freedSlot)
        case .groupAppointments(.groupAppointmentUpdated(let e)):
            return e.freedSlot.map { OpenSlot(slot: $0) }
        default:
            return nil
        }
    }

    /// What an event frees. A lifted block's time is found in the organization's committed state
    /// (its working hours, bookings and holds now): time starting within the minute is not offered.
    func freed(by e: EventEnvelope) async -> OpenSlot? {
        guard case .organization(.unavailableBlockRemoved(let lift)) = e.event else { return Self.freed(by: e.event) }
        let state = await router.committedState(of: e.organizationId)
        return LiftedTime.openSlot(lift, reference: state.reference, calendar: state.calendar, from: Date().addingTimeInterval(60))
    }

    func apply(_ events: [StoredEvent], on conn: PostgresConnection, logger: Logger) async throws {
        for stored in events {
            let e = stored.envelope
            guard let open = await freed(by: e), open.slot.start > Date() else { continue }
            let command = CommandEnvelope(organizationId: e.organizationId, command: .waitlist(.offerSlot(OfferSlot(open: open, causeEventId: e.eventId))),
                                          actor: "system:waitlist", channel: .api, commandId: UUIDv7.make(at: Date()),
                                          correlationId: e.correlationId)
            // Refusals cannot happen for an organization that wrote the event; anything else
            // (the writer unavailable) fails the batch, which the runner retries.
            _ = try await router.send(command)
        }
    }
}

/// The waitlist's clock: once a second it asks every writer which organizations have an invite
/// whose hold ended or a request whose last day passed, and sends them the expiry commands.
/// Decided from state, so a restart neither loses an expiry (it is still due) nor repeats one
/// (an expired invite is no longer live).
enum WaitlistScheduler {
    static func run(router: CommandRouter, every interval: Duration = .seconds(1), logger: Logger) async {
        while !Task.isCancelled {
            let now = Date()
            for due in await router.waitlistDue(at: now) {
                var commands: [WaitlistCommand] = []
                if due.invites { commands.append(.expireInvites(asOf: now)) }
                if due.requests { commands.append(.expireRequests(asOf: now)) }
                for command in commands {
                    do {
                        _ = try await router.send(CommandEnvelope(organizationId: due.organizationId, command: .waitlist(command),
                                                                  actor: "system:waitlist", channel: .api, commandId: UUIDv7.make(at: now)))
                    } catch {
                        logger.warning("waitlist expiry not sent; retried next tick", metadata: ["reason": "\(error)"])
                    }
                }
            }
            try? await Task.sleep(for: interval)
        }
    }
}
