import ArgumentParser

struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure throughput and latency. Figures are printed, never asserted.",
        subcommands: [BenchBatch.self, BenchUpsert.self, BenchMatching.self, BenchRestart.self, BenchSnapshot.self, BenchBooking.self, BenchReads.self, BenchWaitlist.self])
}
