import Foundation
import Logging
import ReadModels
import Runtime
import Testing

@Suite("Database reachability")
struct DatabaseReachabilityTests {
    @Test("An unknown user (or wrong password) or a closed port stops start-up with a message naming the server, the user and PostgreSQL's reason")
    func unreachableDatabaseIsNamed() async throws {
        guard let url = ProcessInfo.processInfo.environment["DATABASE_URL"], !url.isEmpty else { throw TestDatabase.Missing() }
        let good = try PostgresSettings(url: url)
        // An unknown role fails under every authentication method (a laptop's cluster may trust any password).
        var wrongPassword = good
        wrongPassword.username = "no_such_role_ck"
        wrongPassword.password = "not-the-password"
        var closedPort = good
        closedPort.port = 1
        closedPort.unixSocketDirectory = nil
        let logger = Logger(label: "test")
        for (settings, reasons) in [(wrongPassword, ["password authentication failed", "does not exist"]), (closedPort, ["onnection refused"])] {
            do {
                let runtime = try await ClinicLedgerRuntime.start(RuntimeConfiguration(database: settings), logger: logger)
                await runtime.shutdown()
                Issue.record("start-up should have failed for \(settings.redacted)")
            } catch let error as DatabaseReachability.Unreachable {
                #expect(error.description.contains("cannot connect to PostgreSQL at"), "\(error)")
                #expect(error.description.contains(settings.username))
                #expect(reasons.contains { error.description.contains($0) }, "\(error)")
                #expect(!error.description.contains("not-the-password"))
            }
        }
    }
}
