import ArgumentParser
import CommandHandling
import Domain
import EventStore
import Foundation

struct BenchWaitlist: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "waitlist",
        abstract: "Time from a cancellation to the waitlist invite it causes, over many active requests.",
        discussion: """
            Declares one clinic with its waitlist on (--practitioners practitioners, Monday-Friday 08:00-19:00 in \
            America/Chicago, a 30-minute appointment type and one category), creates --patients patients with the batch \
            API, books --cancellations appointments in distinct free windows of the next 42 days and makes --requests \
            ACTIVE waitlist requests (random patients, priorities, parts of day, providers, weekdays and date ranges over \
            the next 8 weeks), none of it timed. Requests and bookings go through the command router: the SPRY dialect \
            has no HTTP routes yet. Then cancels the appointments one at a time, in random order: each cancellation is \
            sent once the one before is settled (its invite committed, or the process manager past it without one). \
            Prints the time from the cancel's acknowledgement (appended and archived) to the invite's commit, p50/p90/ \
            p99/max, the share of freed slots invited and why the others were not, beside the raw limit measured in the \
            same run: as many offerSlot commands sent straight to the router for other free windows (the process \
            manager's decision and append without its read of the log), and the ranking of the active requests alone.
            """)

    @Option(help: "ACTIVE waitlist requests made before the timed run.") var requests = 10_000
    @Option(help: "Appointments booked, then cancelled one at a time (each frees a slot).") var cancellations = 1_000
    @Option(help: "Patients the requests and bookings are spread over.") var patients = 2_000
    @Option(help: "Practitioners at the clinic.") var practitioners = 6
    @Option(help: "Seed of the generated requests, bookings and order.") var seed: UInt64 = 42
    @Option(help: "Partitions of the events topic.") var partitions: Int32 = 4

    /// `WaitlistProcessManager.projectionName` (internal to Runtime); a rename fails the run loudly.
    static let processManagerName = "waitlist_process_manager"

    /// How long one cancellation may take to settle before the run fails (a stalled process manager).
    static let settleTimeout: Duration = .seconds(120)

    func run() async throws {
        guard requests >= 1, cancellations >= 1, patients >= 1, practitioners >= 1 else {
            throw CLIError("--requests, --cancellations, --patients and --practitioners must be at least 1")
        }
        try await BenchHarness.with(label: "waitlist", partitions: partitions, organizations: 1, measure)
    }

    /// The clinic's ids, read back from decision state after the declaration.
    struct Clinic {
        let id: UUID
        let zone: TimeZone
        let categoryId: UUID
        let taskId: UUID
        let practitioners: [UUID]
    }

    private func measure(_ harness: BenchHarness) async throws {
        let org = harness.organizationIds[0], router = harness.runtime.services.commands
        let setupStarted = ContinuousClock.now
        let clinic = try await declareClinic(harness)
        let patientIds = try await harness.createPatients(patients)
        var rng = MatchingRandom(seed: seed)

        // Distinct free windows of the next 42 days, half booked (and later cancelled), the rest for the raw limit.
        let today = CalendarDate(utcDayOf: Date())
        var windows: [AvailableWindow] = []
        for start in [1, 22] {
            windows += try await router.availability(organizationId: org, query: AvailabilityQuery(
                taskId: clinic.taskId, from: today.adding(days: start), to: today.adding(days: start + 20)))
        }
        guard windows.count >= 2 * cancellations else {
            throw CLIError("only \(windows.count) free windows in the next 42 days for \(cancellations) bookings and as many raw offers: "
                           + "add --practitioners")
        }
        windows.shuffle(using: &rng)
        let booked = try await sendAll(router, org, (0..<cancellations).map { i in
            .appointments(.createAppointment(CreateAppointment(
                patientId: patientIds[i % patientIds.count], taskId: clinic.taskId, phone: "+14155550123",
                location: AppointmentAddress(line1: "1 River Rd", postcode: "60601"), window: windows[i].window)))
        }).map { outcome -> UUID in
            guard case .appointments(.appointment(let id, _)) = outcome.reply else { throw CLIError("a booking answered \(outcome.reply)") }
            return id
        }
        let made = try await sendAll(router, org, (0..<requests).map { _ in
            .waitlist(.create(Self.request(clinic, patients: patientIds, today: CalendarDate(dayOf: Date(), in: clinic.zone), rng: &rng)))
        })
        let setupSeconds = (ContinuousClock.now - setupStarted).seconds
        print(String(format: "bench waitlist: %d ACTIVE requests over %d patients, %d practitioners; %d booked appointments cancelled "
                     + "one at a time; %d partitions (setup, not timed: %.1f s)",
                     made.count, patientIds.count, clinic.practitioners.count, booked.count, partitions, setupSeconds))

        let figures = try await cancelOneAtATime(harness, clinic, booked.shuffled(using: &rng))
        figures.print(cancellations: booked.count)

        let raw = try await rawLimit(harness, clinic, Array(windows[cancellations..<(2 * cancellations)]))
        print(String(format: "raw limit, same run: offerSlot straight to the router (decide over the active requests + append), %d "
                     + "other free windows: p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms; %d invited. Ranking alone "
                     + "(WaitlistMatching.ranked over %d active requests, in this process): p50 %.1f ms, p99 %.1f ms; "
                     + "%.0f requests fit a slot on average",
                     raw.offers.samples.count, raw.offers.percentile(50) * 1000, raw.offers.percentile(90) * 1000,
                     raw.offers.percentile(99) * 1000, raw.offers.percentile(100) * 1000, raw.invited, raw.rankedOver,
                     raw.ranking.percentile(50) * 1000, raw.ranking.percentile(99) * 1000, raw.meanFitting))
        print(String(format: "peak RSS %.0f MiB", BenchHarness.peakRSSMiB()))
    }

    /// One request, spread as a clinic's waitlist is: any priority; parts of day, providers and
    /// weekdays often left open; a range of 3-21 days starting within the next five weeks.
    static func request(_ clinic: Clinic, patients: [UUID], today: CalendarDate, rng: inout MatchingRandom) -> CreateWaitlistRequest {
        let parts: [PartOfDay] = rng.chance(0.4) ? (rng.chance(0.4) ? [.anytime] : [])
            : Array(Set([rng.pick([PartOfDay.morning, .afternoon, .evening]), rng.pick([PartOfDay.morning, .afternoon, .evening])]))
        let providers: [UUID] = rng.chance(0.5) ? [] : Array(Set((0..<(rng.chance(0.7) ? 1 : 2)).map { _ in rng.pick(clinic.practitioners) }))
        let weekdays: [Weekday] = [.monday, .tuesday, .wednesday, .thursday, .friday]
        let days: [Weekday] = rng.chance(0.6) ? [] : Array(Set((0..<3).map { _ in rng.pick(weekdays) }))
        let start = today.adding(days: 1 + Int(rng.next() % 35))
        return CreateWaitlistRequest(
            actor: .staff(userId: "bench"), patientId: rng.pick(patients), clinicId: clinic.id, preferredProviders: providers,
            preferredTimeSlots: parts, preferredDays: days, dateRangeStart: start, dateRangeEnd: start.adding(days: 2 + Int(rng.next() % 19)),
            categoryId: clinic.categoryId, paymentType: rng.chance(0.5) ? .selfPay : .insurancePay, priority: 1 + Int(rng.next() % 5))
    }

    struct Figures {
        /// The cancel's acknowledgement (router reply) → the invite seen committed.
        var replyToInvite = LatencyStats()
        /// The cancel's decision (its event's time, stamped by the writer just before the append)
        /// → the invite seen committed: the whole path, the cancel's own append and archiving included.
        var decidedToInvite = LatencyStats()
        /// The cancel's decision → the invite's decision (sentAt), both by the writer's clock: how
        /// soon the process manager acted, without the offer's own decision and append.
        var decidedToDecided = LatencyStats()
        var nobodyFit = 0
        var fitButNotInvited = 0
        var seconds = 0.0

        func print(cancellations: Int) {
            let invited = replyToInvite.samples.count
            func line(_ name: String, _ stats: LatencyStats) -> String {
                String(format: "%@ p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms", name, stats.percentile(50) * 1000,
                       stats.percentile(90) * 1000, stats.percentile(99) * 1000, stats.percentile(100) * 1000)
            }
            Swift.print(String(format: "freed slot → invite: %d of %d cancellations invited (%.1f%%) in %.1f s",
                               invited, cancellations, 100 * Double(invited) / Double(max(1, cancellations)), seconds))
            Swift.print("  " + line("cancel decided → invite committed:", decidedToInvite))
            Swift.print("  " + line("cancel acknowledged → invite committed:", replyToInvite))
            Swift.print("  " + line("cancel decided → invite decided:", decidedToDecided))
            Swift.print("not invited: \(nobodyFit + fitButNotInvited) (no request without a live invite fits the slot: \(nobodyFit); "
                        + "some fit by the rules but their patients were busy or the time taken: \(fitButNotInvited))")
        }
    }

    /// Cancels each appointment, then waits until the process manager has settled it: the invite
    /// it caused is in committed state, or the manager's committed position is past the
    /// cancellation with none (nobody fitted). One at a time, so no cancellation queues behind another.
    private func cancelOneAtATime(_ harness: BenchHarness, _ clinic: Clinic, _ appointments: [UUID]) async throws -> Figures {
        let org = harness.organizationIds[0], router = harness.runtime.services.commands
        let partition = router.partition(of: org)
        var figures = Figures()
        let started = ContinuousClock.now
        for appointment in appointments {
            let outcome = try await router.send(CommandEnvelope(
                organizationId: org, command: .appointments(.cancelAppointment(CancelAppointment(appointmentId: appointment, reason: CancellationReason(note: "bench")))),
                actor: "bench", channel: .api, commandId: UUIDv7.make(at: Date())))
            let acknowledged = ContinuousClock.now
            let freed = outcome.events.lazy.compactMap { envelope -> (EventEnvelope, OpenSlot)? in
                guard case .appointments(.appointmentCancelled(let e)) = envelope.event, let slot = e.freedSlot else { return nil }
                return (envelope, OpenSlot(slot: slot))
            }.first
            guard let (cancelled, open) = freed, let end = outcome.positions[partition] else {
                throw CLIError("cancelling \(appointment) wrote no AppointmentCancelled that frees time")
            }
            var lastPositionCheck = acknowledged
            while true {
                let state = await router.committedState(of: org)
                if state.waitlist.offeredCauses.contains(cancelled.eventId) {
                    figures.replyToInvite.record((ContinuousClock.now - acknowledged).seconds)
                    figures.decidedToInvite.record(Date().timeIntervalSince(cancelled.time))
                    if let sent = state.waitlist.invites.values.first(where: { $0.sent.causeEventId == cancelled.eventId })?.sent {
                        figures.decidedToDecided.record(sent.sentAt.timeIntervalSince(cancelled.time))
                    }
                    break
                }
                let now = ContinuousClock.now
                if now - acknowledged > Self.settleTimeout {
                    throw CLIError("cancellation of \(appointment) not settled in \(Self.settleTimeout): is the waitlist process manager "
                                   + "running, and still named \(Self.processManagerName) in projection_positions?")
                }
                // The manager commits its position after the offer it sent committed: past the
                // cancellation with no invite means nobody was invited. Asked now and then (a query).
                if now - lastPositionCheck > .milliseconds(50) {
                    lastPositionCheck = now
                    if try await processManagerPosition(harness, partition) >= end {
                        let settled = await router.committedState(of: org)
                        if settled.waitlist.offeredCauses.contains(cancelled.eventId) { continue }
                        if Self.fitting(open, clinic, settled).isEmpty { figures.nobodyFit += 1 } else { figures.fitButNotInvited += 1 }
                        break
                    }
                }
                try await Task.sleep(for: .milliseconds(2))
            }
        }
        figures.seconds = (ContinuousClock.now - started).seconds
        return figures
    }

    /// The requests `open` fits by the matching rules (the patient's other bookings aside), among
    /// those not holding an invite: what the process manager ranked.
    static func fitting(_ open: OpenSlot, _ clinic: Clinic, _ state: OrganizationState) -> [WaitlistRequest] {
        let waiting = state.waitlist.activeRequests(at: clinic.id).filter { state.waitlist.liveInvites[$0.requestId] == nil }
        return WaitlistMatching.ranked(waiting, for: open, zone: clinic.zone) { _, _, _ in false }.map(\.request)
    }

    /// The process manager's next offset on the partition, from this run's own database (the
    /// bench's scratch database: one organization, so no organization_id to scope by).
    private func processManagerPosition(_ harness: BenchHarness, _ partition: Int32) async throws -> Int64 {
        let text = try await harness.count("SELECT coalesce(max(next_offset), -1)::text FROM projection_positions WHERE projector = '"
                                           + Self.processManagerName + "' AND partition = \(partition)")
        guard let offset = Int64(text) else { throw CLIError("the position of \(Self.processManagerName) reads \(text)") }
        return offset
    }

    /// The floor under the process manager: its own command for other free windows, sent
    /// straight to the router (no read of the log between), and the ranking it decides with.
    private func rawLimit(_ harness: BenchHarness, _ clinic: Clinic, _ windows: [AvailableWindow])
        async throws -> (offers: LatencyStats, invited: Int, ranking: LatencyStats, rankedOver: Int, meanFitting: Double) {
        let org = harness.organizationIds[0], router = harness.runtime.services.commands
        let state = await router.committedState(of: org)
        var ranking = LatencyStats(), fits = 0
        let sample = windows.prefix(100)
        for window in sample {
            let t0 = ContinuousClock.now
            fits += Self.fitting(OpenSlot(slot: window.slot), clinic, state).count
            ranking.record((ContinuousClock.now - t0).seconds)
        }
        var offers = LatencyStats(), invited = 0
        for window in windows {
            let t0 = ContinuousClock.now
            let outcome = try await router.send(CommandEnvelope(
                organizationId: org, command: .waitlist(.offerSlot(OfferSlot(open: OpenSlot(slot: window.slot), causeEventId: UUIDv7.make(at: Date())))),
                actor: "bench", channel: .api, commandId: UUIDv7.make(at: Date())))
            offers.record((ContinuousClock.now - t0).seconds)
            if case .waitlist(.invite(_?)) = outcome.reply { invited += 1 }
        }
        return (offers, invited, ranking, state.waitlist.activeRequests(at: clinic.id).count, Double(fits) / Double(max(1, sample.count)))
    }

    /// Commands through the router from 8 concurrent senders (the partition's writer takes them
    /// one at a time; concurrency keeps its queue full). Any refusal fails the run.
    private func sendAll(_ router: CommandRouter, _ org: UUID, _ commands: [Command]) async throws -> [CommandOutcome] {
        let senders = 8
        return try await withThrowingTaskGroup(of: [(Int, CommandOutcome)].self) { group in
            for worker in 0..<senders {
                group.addTask {
                    var out: [(Int, CommandOutcome)] = []
                    for i in stride(from: worker, to: commands.count, by: senders) {
                        out.append((i, try await router.send(CommandEnvelope(organizationId: org, command: commands[i], actor: "bench",
                                                                             channel: .api, commandId: UUIDv7.make(at: Date())))))
                    }
                    return out
                }
            }
            var all: [(Int, CommandOutcome)] = []
            for try await part in group { all += part }
            return all.sorted { $0.0 < $1.0 }.map(\.1)
        }
    }

    /// The clinic through the admin API, its ids read back from decision state.
    private func declareClinic(_ harness: BenchHarness) async throws -> Clinic {
        let hours = Dictionary(uniqueKeysWithValues: ["monday", "tuesday", "wednesday", "thursday", "friday"].map { ($0, ["08:00-19:00"]) })
        _ = try await harness.applyReferenceData(organization: harness.organizationIds[0], [
            "locations": [["name": "Riverside", "address": "1 River Rd, Chicago, IL 60601", "timezone": "America/Chicago"]],
            "practitioners": (0..<practitioners).map { i -> [String: Any] in
                ["name": String(format: "Practitioner %04d", i), "email": "practitioner\(i)@riverside.example",
                 "locations": ["Riverside"], "working_hours": hours]
            },
            "appointment_types": [["name": "Visit", "duration_minutes": 30, "max_attendees": 1]],
            "tasks": [["name": "Clinic visit", "appointment_type": "Visit"]],
            "waitlists": [["clinic": "Riverside", "categories": [["label": "Follow-up visit", "appointment_type": "Visit", "kind": "FOLLOW_UP"]]]],
        ])
        let reference = await harness.runtime.services.commands.committedState(of: harness.organizationIds[0]).reference
        guard let (clinicId, settings) = reference.waitlists.first, let category = settings.categories.first,
              let zone = reference.locations[clinicId]?.timezone.flatMap(TimeZone.init(identifier:)),
              let task = reference.tasks.keys.first else {
            throw CLIError("the declared clinic, its category or its task is missing from decision state")
        }
        let practitionerIds = reference.practitioners.keys.sorted { $0.uuidString < $1.uuidString }
        guard practitionerIds.count == practitioners else {
            throw CLIError("decision state holds \(practitionerIds.count) practitioners, not \(practitioners)")
        }
        return Clinic(id: clinicId, zone: zone, categoryId: category.id, taskId: task, practitioners: practitionerIds)
    }
}
