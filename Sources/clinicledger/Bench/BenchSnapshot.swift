import ArgumentParser
import Domain
import Foundation

struct BenchSnapshot: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "snapshot",
        abstract: "Decision state of N patients in memory: its size, and what a writer snapshot of it costs in each coding.",
        discussion: """
            No broker, no database: builds one organization's decision state by deciding batches of the same synthetic \
            patients `bench restart` sends (through the batch decider, so the records are what the writer holds), then \
            prints the resident memory it added, the time and size of encoding and decoding it as JSON (what writer \
            snapshots use) and as a binary property list, and the cost of the writer's first in-place evolve while a \
            snapshot task still holds the state (the copy-on-write spike) against encoding inside the writer.
            """)

    @Option(help: "Patients in the organization.") var patients = 100_000
    @Flag(help: "Also measure the binary property list coding (slow at 1M).") var plist = false

    func run() async throws {
        let org = UUID()
        var state = OrganizationState(organizationId: org)
        state.apply(.organization(.organizationCreated(OrganizationCreated(organizationId: org, name: "Bench clinic"))))
        state.apply(.organization(.externalIdTypeCreated(ExternalIdType(id: UUID(), name: ExternalIdType.defaultName))))
        let generator = SyntheticPatients(runId: "snap")
        let rssBefore = Self.residentMiB()
        let built = ContinuousClock.now
        for start in stride(from: 0, to: patients, by: 500) {
            let items = try (start..<min(start + 500, patients)).map {
                try JSONDecoder().decode(PatientDraft.self, from: JSONSerialization.data(withJSONObject: generator.item($0)))
            }
            let context = DecisionContext(organizationId: org, now: Date(), channel: .api, idSeed: UUID())
            for event in try Domain.decide(.patients(.createPatientsBatch(CreatePatientsBatch(items: items))), state: state, context: context).events {
                state.apply(event)
            }
        }
        let buildSeconds = (ContinuousClock.now - built).seconds
        let rssAfter = Self.residentMiB()
        print(String(format: "bench snapshot: %d patients decided and applied in %.1f s; resident memory +%.0f MiB (%.0f → %.0f MiB): "
                     + "about %.0f MiB of decision state per 1M patients (RSS difference, allocator slack included)",
                     state.patients.records.count, buildSeconds, rssAfter - rssBefore, rssBefore, rssAfter,
                     (rssAfter - rssBefore) * 1_000_000 / Double(max(1, patients))))

        // The writer's next command after a snapshot began: alone, the state evolves in place; while
        // a snapshot task holds it, the first evolve copies the organization's patients.
        let extra = try (0..<2).map { i in
            let draft = try JSONDecoder().decode(PatientDraft.self, from: JSONSerialization.data(withJSONObject: generator.item(patients + i)))
            let context = DecisionContext(organizationId: org, now: Date(), channel: .api, idSeed: UUID())
            return try Domain.decide(.patients(.createPatientsBatch(CreatePatientsBatch(items: [draft]))), state: state, context: context).events
        }
        let alone = Self.time { for e in extra[0] { state.apply(e) } }
        let held = state
        let shared = Self.time { for e in extra[1] { state.apply(e) } }
        withExtendedLifetime(held) {}
        print(String(format: "one command's evolve: in place %.3f ms; while a snapshot holds the state %.0f ms (the copy); "
                     + "see the encode time below",
                     alone.seconds * 1000, shared.seconds * 1000))

        let organizations = [state]
        let json = try Self.time { try JSONEncoder().encode(organizations) }
        let back = try Self.time { try JSONDecoder().decode([OrganizationState].self, from: json.value) }
        guard back.value.first?.patients.records.count == state.patients.records.count else { throw CLIError("JSON round trip lost patients") }
        print(String(format: "JSON: %.1f MiB, encode %.2f s, decode (match index rebuilt) %.2f s",
                     Double(json.value.count) / 1_048_576, json.seconds, back.seconds))
        if plist {
            let encoder = PropertyListEncoder()
            encoder.outputFormat = .binary
            let coded = try Self.time { try encoder.encode(organizations) }
            let decoded = try Self.time { try PropertyListDecoder().decode([OrganizationState].self, from: coded.value) }
            print(String(format: "binary plist: %.1f MiB, encode %.2f s, decode %.2f s",
                         Double(coded.value.count) / 1_048_576, coded.seconds, decoded.seconds))
        }
    }

    static func time<T>(_ body: () throws -> T) rethrows -> (value: T, seconds: Double) {
        let start = ContinuousClock.now
        let value = try body()
        return (value, (ContinuousClock.now - start).seconds)
    }

    /// Current resident memory (VmRSS), in MiB.
    static func residentMiB() -> Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
              let kb = Double(line.split(separator: " ").dropFirst().first ?? "") else { return 0 }
        return kb / 1024
    }
}
