import ArgumentParser
import Domain
import Foundation
import HTTPAPI
import NIOCore

struct BenchBooking: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "booking",
        abstract: "Availability queries and bookings through Heim's GET /v1/availability and POST /v1/appointments.",
        discussion: """
            Declares one location, --practitioners practitioners (Monday-Friday 08:00-17:00), a 30-minute appointment \
            type and a task through the admin API, and creates --patients patients with the batch API (none of it \
            timed). Then sends --queries availability queries over 21-day spans starting 1-70 days ahead (half for \
            one random practitioner, half for all), and --bookings bookings of distinct free windows from the next \
            90 days, each from --concurrency clients. Prints queries/s, bookings/s, p50/p99 latency, the mean number \
            of windows per answer and the bookings' statuses, beside the raw limit measured in the same run: as many \
            GET /health requests through the same HTTP client and clients.
            """)

    @Option(help: "Practitioners, each working Monday-Friday 08:00-17:00 at the one location.") var practitioners = 50
    @Option(help: "Patients created before the timed runs (the bookings cycle through them).") var patients = 500
    @Option(help: "Availability queries in the timed run.") var queries = 2000
    @Option(help: "Bookings in the timed run.") var bookings = 5000
    @Option(help: "Concurrent HTTP clients.") var concurrency = 8
    @Option(help: "Partitions of the events topic.") var partitions: Int32 = 4

    func run() async throws {
        guard practitioners >= 1, patients >= 1, queries >= 1, bookings >= 1, concurrency >= 1 else {
            throw CLIError("--practitioners, --patients, --queries, --bookings and --concurrency must be at least 1")
        }
        try await BenchHarness.with(label: "booking", partitions: partitions, organizations: 1, measure)
    }

    private func measure(_ harness: BenchHarness) async throws {
        let (task, practitionerIds) = try await declareReferenceData(harness)
        let patientIds = try await harness.createPatients(patients).map { HeimIds.string($0, .patient) }
        print("bench booking: \(practitioners) practitioners, \(patientIds.count) patients, \(queries) availability queries, "
              + "\(bookings) bookings, \(concurrency) clients, \(partitions) partitions")

        // The floor: an HTTP round trip that does no work, as many as the larger timed run.
        let healthCount = max(queries, bookings)
        let health = try await harness.send(Array(repeating: BenchHarness.BenchRequest(.GET, "/health"), count: healthCount), keyHeader: .noKey,
                                            concurrency: concurrency) { index, status, body in
            guard status == .ok else { throw CLIError("GET /health \(index) answered \(status.code): \(String(buffer: body).prefix(300))") }
        }
        print(String(format: "raw limit, same run: GET /health %.0f requests/s (%d requests, %.2f s); latency p50 %.2f ms, p99 %.2f ms",
                     Double(healthCount) / health.seconds, healthCount, health.seconds,
                     health.latencies.percentile(50) * 1000, health.latencies.percentile(99) * 1000))

        // Availability: 21-day spans (from D to D+20) with D 1-70 days ahead; even queries name one practitioner.
        let today = CalendarDate(utcDayOf: Date())
        var rng = MatchingRandom(seed: 42)
        let availability = (0..<queries).map { i -> BenchHarness.BenchRequest in
            let from = today.adding(days: 1 + Int(rng.next() % 70))
            var path = "/v1/availability?taskId=\(task)&from=\(from)&to=\(from.adding(days: 20))"
            if i % 2 == 0 { path += "&practitionerId=\(rng.pick(practitionerIds))" }
            return .init(.GET, path)
        }
        let answered = try await harness.send(availability, keyHeader: .authorization, concurrency: concurrency) { index, status, body in
            guard status == .ok else { throw CLIError("availability query \(index) answered \(status.code): \(String(buffer: body).prefix(300))") }
            return Self.windowCount(body)
        }
        func mean(_ counts: some Sequence<Int>) -> Double {
            let all = Array(counts)
            return all.isEmpty ? 0 : Double(all.reduce(0, +)) / Double(all.count)
        }
        let one = answered.answers.enumerated().filter { $0.offset % 2 == 0 }.map(\.element)
        let every = answered.answers.enumerated().filter { $0.offset % 2 == 1 }.map(\.element)
        print(String(format: "availability: %.0f queries/s (%.2f s); latency p50 %.1f ms, p99 %.1f ms; windows per answer: mean %.0f "
                     + "(one practitioner %.0f, all %d %.0f)",
                     Double(queries) / answered.seconds, answered.seconds, answered.latencies.percentile(50) * 1000,
                     answered.latencies.percentile(99) * 1000, mean(answered.answers), mean(one), practitioners, mean(every)))

        // Distinct free windows from the next 90 days (not timed), shuffled, one booking each.
        let spans = stride(from: 1, through: 90, by: 21).map { start in
            BenchHarness.BenchRequest(.GET, "/v1/availability?taskId=\(task)&from=\(today.adding(days: start))&to=\(today.adding(days: min(90, start + 20)))")
        }
        let listed = try await harness.send(spans, keyHeader: .authorization, concurrency: concurrency) { index, status, body in
            guard status == .ok else { throw CLIError("availability span \(index) answered \(status.code): \(String(buffer: body).prefix(300))") }
            let json = try JSONSerialization.jsonObject(with: Data(buffer: body)) as? [String: Any]
            return (json?["data"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
        }
        var windows = Array(Set(listed.answers.joined())).sorted()
        guard windows.count >= bookings else {
            throw CLIError("only \(windows.count) free windows in the next 90 days for \(bookings) bookings: add --practitioners")
        }
        windows.shuffle(using: &rng)
        let bookingBodies = try (0..<bookings).map { i in
            BenchHarness.BenchRequest(.POST, "/v1/appointments", body: try JSONSerialization.data(withJSONObject: [
                "patientId": patientIds[i % patientIds.count], "taskId": task, "windowId": windows[i], "phone": "+14155550123",
                "location": ["line1": "1 River Rd", "postcode": "60601"],
            ] as [String: Any]))
        }
        let booked = try await harness.send(bookingBodies, keyHeader: .authorization, concurrency: concurrency) { _, status, body in
            (status.code, status.code == 201 || status.code == 409 ? "" : String(buffer: body).prefix(300).description)
        }
        let created = booked.answers.filter { $0.0 == 201 }.count, conflicts = booked.answers.filter { $0.0 == 409 }.count
        print(String(format: "bookings: %.0f bookings/s (%.2f s, %d distinct windows of %d free); latency p50 %.1f ms, p99 %.1f ms; %d × 201, %d × 409",
                     Double(bookings) / booked.seconds, booked.seconds, bookings, windows.count,
                     booked.latencies.percentile(50) * 1000, booked.latencies.percentile(99) * 1000, created, conflicts))
        let others = booked.answers.filter { $0.0 != 201 && $0.0 != 409 }
        if !others.isEmpty {
            let byStatus = Dictionary(grouping: others) { $0.0 }.sorted { $0.key < $1.key }
            print("other statuses: " + byStatus.map { "\($0.value.count) × \($0.key) (first: \($0.value[0].1))" }.joined(separator: "; "))
        }
    }

    /// The organization's reference data through the admin API; returns the task's and the
    /// practitioners' ids in Heim's spelling.
    private func declareReferenceData(_ harness: BenchHarness) async throws -> (task: String, practitioners: [String]) {
        let hours = Dictionary(uniqueKeysWithValues: ["monday", "tuesday", "wednesday", "thursday", "friday"].map { ($0, ["08:00-17:00"]) })
        let reply = try await harness.applyReferenceData(organization: harness.organizationIds[0], [
            "locations": [["name": "Riverside", "timezone": "America/Chicago"]],
            "practitioners": (0..<practitioners).map { i -> [String: Any] in
                ["name": String(format: "Practitioner %04d", i), "email": "practitioner\(i)@riverside.example",
                 "locations": ["Riverside"], "working_hours": hours]
            },
            "appointment_types": [["name": "Visit", "duration_minutes": 30, "max_attendees": 1]],
            "tasks": [["name": "Home visit", "appointment_type": "Visit"]],
        ])
        func ids(_ list: String) -> [UUID] {
            (reply[list] as? [[String: Any]] ?? []).compactMap { ($0["id"] as? String).flatMap(UUID.init(uuidString:)) }
        }
        guard let task = ids("tasks").first else { throw CLIError("the reference data's reply names no task") }
        let practitionerIds = ids("practitioners")
        guard practitionerIds.count == practitioners else {
            throw CLIError("the reference data's reply names \(practitionerIds.count) practitioners, not \(practitioners)")
        }
        return (HeimIds.string(task, .task), practitionerIds.map { HeimIds.string($0, .practitioner) })
    }

    /// Windows in an availability answer, without parsing it: each has one `"win_…"` id.
    static func windowCount(_ body: ByteBuffer) -> Int {
        let pattern = Array("\"win_".utf8)
        return body.withUnsafeReadableBytes { bytes in
            guard bytes.count >= pattern.count else { return 0 }
            var count = 0
            for i in 0...(bytes.count - pattern.count) where bytes[i] == pattern[0] {
                if bytes[i + 1] == pattern[1], bytes[i + 2] == pattern[2], bytes[i + 3] == pattern[3], bytes[i + 4] == pattern[4] { count += 1 }
            }
            return count
        }
    }
}
