import EventStore
import Foundation

/// A bench's timed writes, with what the system did meanwhile: what the appenders committed
/// (the raw producer's shape) and how the live projections kept up (issue 12).
struct WritePhase {
    var seconds: Double
    var latencies: LatencyStats
    /// Per partition, the transactions and records the writers committed during the writes.
    var committed: [Int32: AppendTally.Partition]
    /// Events projected by every read model by the last acknowledgement (log positions scaled to
    /// events: on a real Kafka each commit marker takes an offset too).
    var projectedDuringWrites: Double
    /// From the last acknowledgement until every read model passed the log's end.
    var lagSeconds: Double

    var events: Int { committed.values.reduce(0) { $0 + $1.events.records } }
    var records: Int { committed.values.reduce(0) { $0 + $1.events.records + $1.results.records } }
    var transactions: Int { committed.values.reduce(0) { $0 + $1.transactions } }
    /// Events per second the read models applied while the writes flowed.
    var liveRate: Double { projectedDuringWrites / max(seconds, 1e-9) }
    /// Every event of the writes, over the writes and the lag after them.
    var liveRateToCaughtUp: Double { Double(events) / max(seconds + lagSeconds, 1e-9) }

    static func measure(_ harness: BenchHarness, _ writes: () async throws -> (seconds: Double, latencies: LatencyStats)) async throws -> WritePhase {
        let runtime = harness.runtime, progress = runtime.services.progress
        let before = await EventAppender.tally.snapshot(eventsTopic: runtime.topics.events)
        let reader = try EventReader(bootstrapServers: runtime.bootstrapServers, topic: runtime.topics.events)
        do {
            let startPositions = await progress.positions()
            let (seconds, latencies) = try await writes()
            let acknowledged = ContinuousClock.now
            let positions = await progress.positions()
            var ends: [Int32: Int64] = [:]
            for p in 0..<runtime.partitions { ends[p] = try await reader.endOffset(partition: p) }
            guard await progress.waitUntilPassed(ends, timeout: .seconds(3600)) else {
                throw CLIError("the read models did not pass the log's end within an hour of the last write")
            }
            let lag = (ContinuousClock.now - acknowledged).seconds
            await reader.close()
            let after = await EventAppender.tally.snapshot(eventsTopic: runtime.topics.events)
            let committed = after.reduce(into: [Int32: AppendTally.Partition]()) { out, entry in
                out[entry.key] = entry.value - (before[entry.key] ?? AppendTally.Partition())
            }
            var span: Int64 = 0, done: Int64 = 0
            for (p, end) in ends {
                let start = min(startPositions[p] ?? 0, end)
                span += end - start
                done += min(max((positions[p] ?? 0) - start, 0), end - start)
            }
            let events = committed.values.reduce(0) { $0 + $1.events.records }
            return WritePhase(seconds: seconds, latencies: latencies, committed: committed,
                              projectedDuringWrites: span == 0 ? 0 : Double(events) * Double(done) / Double(span), lagSeconds: lag)
        } catch {
            await reader.close()
            throw error
        }
    }
}

/// How the benches print a figure beside its limit.
enum Figure {
    /// 31000.4 → "31,000".
    static func count(_ x: Double) -> String {
        let digits = String(Int(x.rounded()))
        var out = ""
        for (i, c) in digits.reversed().enumerated() {
            if i > 0, i % 3 == 0, c != "-" { out.append(",") }
            out.append(c)
        }
        return String(out.reversed())
    }

    static func ms(_ seconds: Double) -> String { String(format: "%.1f ms", seconds * 1000) }

    static func latencies(_ s: LatencyStats) -> String {
        "p50 \(ms(s.percentile(50))), p99 \(ms(s.percentile(99))), max \(ms(s.percentile(100)))"
    }

    static func ratio(_ measured: Double, _ limit: Double) -> String {
        limit > 0 ? String(format: "%.2f", measured / limit) : "n/a"
    }

    /// The lines both benches print after their own: each measured figure beside its raw limit.
    /// `unit`: what the bench writes ("patients", "upserts") and how many it wrote.
    static func printAgainstLimits(unit: String, count: Int, phase: WritePhase, produce: RawProduceLimit.Figures,
                                   copy: RawCopyLimit.Figures, catchUp: (events: Int, seconds: Double)? = nil, writePeakRSSMiB: Double) {
        let measured = Double(count) / phase.seconds
        let unitsPerRecord = Double(count) / Double(max(1, phase.records))
        print("\(unit)/s: write \(Self.count(measured)) \(unit)/s | raw produce \(Self.count(produce.recordsPerSecond)) records/s = "
              + "\(Self.count(produce.recordsPerSecond * unitsPerRecord)) \(unit)/s | ratio \(ratio(measured, produce.recordsPerSecond * unitsPerRecord))")
        print("  (raw produce: \(produce.records) records in \(produce.transactions) transactions, as the writers committed them: "
              + String(format: "%.1f records and %@ bytes a transaction, %.2f s)", Double(phase.records) / Double(max(1, phase.transactions)),
                       Self.count(Double(phase.committed.values.reduce(0) { $0 + $1.events.bytes + $1.results.bytes }) / Double(max(1, phase.transactions))),
                       produce.seconds))
        print("latency: request \(latencies(phase.latencies)) | raw transaction (begin → committed) \(latencies(produce.latencies)) "
              + "| request ÷ raw: p50 \(ratio(phase.latencies.percentile(50), produce.latencies.percentile(50))), "
              + "p99 \(ratio(phase.latencies.percentile(99), produce.latencies.percentile(99)))")
        print("live projection: \(Self.count(phase.liveRate)) events/s while writes flowed "
              + String(format: "(%.0f%% of %d events projected by the last acknowledgement), lag %.2f s after it; ",
                       100 * phase.projectedDuringWrites / Double(max(1, phase.events)), phase.events, phase.lagSeconds)
              + "\(Self.count(phase.liveRateToCaughtUp)) events/s to caught up | raw COPY \(Self.count(copy.eventsPerSecond)) events/s "
              + "| ratio \(ratio(phase.liveRateToCaughtUp, copy.eventsPerSecond))")
        if let catchUp {
            let rate = Double(catchUp.events) / catchUp.seconds
            print("projector catch-up: \(Self.count(rate)) events/s (\(catchUp.events) events replayed into an empty database in "
                  + String(format: "%.2f s)", catchUp.seconds) + " | raw COPY \(Self.count(copy.eventsPerSecond)) events/s | ratio \(ratio(rate, copy.eventsPerSecond))")
        }
        print("  (raw COPY: \(copy.rows) rows, \(String(format: "%.1f", copy.rowsPerEvent)) per event, "
              + "\(Self.count(copy.rowsPerSecond)) rows/s in \(String(format: "%.2f s", copy.seconds)); "
              + copy.tables.map { "\($0.name) \($0.rows)" }.joined(separator: ", ") + ")")
        print(String(format: "peak RSS %.0f MiB by the end of the writes (%.0f MiB by the end of the run, catch-up and raw limits included)",
                     writePeakRSSMiB, BenchHarness.peakRSSMiB()))
    }
}
