import ArgumentParser

@main
struct ClinicLedgerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clinicledger",
        abstract: "Event-sourced clinic backend: patients, appointments, waitlists.",
        subcommands: [Serve.self, Broker.self, Migrate.self, Restore.self, Org.self, Projections.self, History.self, Replay.self, Verify.self, Send.self, Patient.self, Disclosures.self, Token.self, Matching.self, Bench.self])
}
