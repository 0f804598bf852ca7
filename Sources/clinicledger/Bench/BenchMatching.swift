import ArgumentParser

struct BenchMatching: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "matching",
        abstract: "Precision and recall of the upsert matcher on a generated, labelled data set.",
        discussion: """
            Generates --size existing patients (households sharing a phone or mailbox, namesakes born the same day, \
            external ids) and probes: the same people written differently (typos, nicknames, swapped names, missing \
            fields, phone / date / e-mail formats) and different people built to look like them. Each probe goes \
            through UpsertNormalizer and PatientMatcher, in-process, no database. Deterministic for a --seed.
            """)

    @Option(help: "Existing patients (probes: as many of known patients, half as many of new people).") var size = 5000
    @Option(help: "Seed of the generator.") var seed: UInt64 = 1

    func run() async throws {
        guard size > 0 else { throw ValidationError("--size must be positive") }
        print("bench matching: --size \(size) --seed \(seed), today \(MatchingDatasetGenerator.today)")
        print(MatchingBench.run(size: size, seed: seed).table())
    }
}
