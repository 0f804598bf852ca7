import ArgumentParser
import Domain
import Foundation
import HTTPAPI
import NIOCore
import NIOHTTP1

struct BenchReads: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reads",
        abstract: "What recording disclosures costs reads: GET /v1/patients/{id} and the list, with recording off and on.",
        discussion: """
            Runs the same reads twice in one run, each on a fresh system with --patients patients (loaded first, \
            not timed): once with the accounting of disclosures off, once on (batched every 500 ms or 500 reads). \
            Half the --requests are GET /v1/patients/{id}, half GET /v1/patients?limit=--list-limit pages, from \
            --concurrency clients. Prints reads/s and p50/p99 latency for both, side by side, and on/off ratios.
            """)

    @Option(help: "Patients present before the timed runs.") var patients = 5_000
    @Option(help: "Reads per timed run.") var requests = 20_000
    @Option(help: "Concurrent HTTP clients.") var concurrency = 8
    @Option(help: "Page size of the list reads.") var listLimit = 20
    @Option(help: "Partitions of the events topic.") var partitions: Int32 = 4

    struct Figures {
        var readsPerSecond: Double, p50: Double, p99: Double
    }

    func run() async throws {
        print("bench reads: \(requests) reads (half GET /v1/patients/{id}, half list pages of \(listLimit)) over \(patients) patients, \(concurrency) clients")
        let off = try await measure(recording: nil)
        let on = try await measure(recording: DisclosureRecorder.Settings())
        for (name, f) in [("recording off", off), ("recording on ", on)] {
            print(String(format: "%@: %.0f reads/s; latency p50 %.2f ms, p99 %.2f ms", name, f.readsPerSecond, f.p50 * 1000, f.p99 * 1000))
        }
        print(String(format: "on/off: throughput %.3f, p50 %.3f, p99 %.3f", on.readsPerSecond / off.readsPerSecond, on.p50 / off.p50, on.p99 / off.p99))
    }

    private func measure(recording: DisclosureRecorder.Settings?) async throws -> Figures {
        let harness = try await BenchHarness.start(label: "reads", partitions: partitions, organizations: 1, disclosures: recording)
        let generator = SyntheticPatients(runId: UUIDv7.make().lowercased)
        let loads = try stride(from: 0, to: patients, by: 500).map {
            BenchHarness.BenchRequest(.POST, "/v1/patients/batch", body: try generator.body(from: $0, count: min(500, patients - $0)))
        }
        let loaded = try await harness.send(loads, concurrency: 4) { index, status, body -> [String] in
            guard status == .ok, let reply = try? JSONSerialization.jsonObject(with: Data(buffer: body)) as? [String: Any],
                  let ids = reply["patient_ids"] as? [String] else { throw CLIError("load \(index) answered \(status.code)") }
            return ids
        }
        let ids = loaded.answers.flatMap { $0 }
        let pages = max(1, ids.count / listLimit)
        let reads = (0..<requests).map { i in
            i % 2 == 0 ? BenchHarness.BenchRequest(.GET, "/v1/patients/\(ids[(i / 2) % ids.count])")
                       : BenchHarness.BenchRequest(.GET, "/v1/patients?limit=\(listLimit)&skip=\(((i / 2) % pages) * listLimit)")
        }
        // A warm-up (connections, caches, the API key's lookup) outside the figures.
        _ = try await harness.send(Array(reads.prefix(200)), concurrency: concurrency) { _, _, _ in () }
        let run = try await harness.send(reads, concurrency: concurrency) { index, status, _ in
            guard status == .ok else { throw CLIError("read \(index) answered \(status.code)") }
        }
        await harness.stop()
        return Figures(readsPerSecond: Double(requests) / run.seconds, p50: run.latencies.percentile(50), p99: run.latencies.percentile(99))
    }
}
