import ArgumentParser
import Foundation
import PostgresNIO
import ReadModels

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply the SQL migrations to DATABASE_URL.")

    func run() async throws {
        let logger = CLILogging.logger("clinicledger.migrate")
        guard let url = ProcessInfo.processInfo.environment["DATABASE_URL"] else { throw CLIError("DATABASE_URL is not set") }
        let client = PostgresClient(configuration: try PostgresSettings(url: url).clientConfiguration, backgroundLogger: logger)
        let task = Task { await client.run() }
        defer { task.cancel() }
        let applied = try await Migrator.migrate(client, logger: logger)
        print(applied.isEmpty ? "schema is up to date" : "applied: " + applied.map { "\($0.version) \($0.name)" }.joined(separator: ", "))
    }
}
