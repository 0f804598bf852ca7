import ArgumentParser
import Foundation
import Yams

struct Org: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Manage organizations through the admin API (CLINICLEDGER_URL, CLINICLEDGER_ADMIN_TOKEN).",
        subcommands: [Create.self, Apply.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create an organization; prints its id and API key (shown once).")
        @Option(help: "The organization's name.") var name: String

        func run() async throws {
            let client = try AdminAPIClient.fromEnvironment()
            let body = try await client.send(.POST, "/admin/v1/organizations", json: try JSONSerialization.data(withJSONObject: ["name": name]))
            let answer = try JSONSerialization.jsonObject(with: body) as? [String: Any] ?? [:]
            let out: [String: Any] = ["organization_id": answer["organization_id"] ?? NSNull(), "api_key": answer["api_key"] ?? NSNull()]
            print(String(decoding: try JSONSerialization.data(withJSONObject: out, options: [.sortedKeys]), as: UTF8.self))
        }
    }

    struct Apply: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Declare an organization's reference data from a YAML or JSON file; prints the entities with their ids.",
            discussion: """
                The file holds organization_id (or pass --organization) and any of: locations (name, address, timezone), \
                workflow_stages (title, order, description, actions), users (name, email), external_id_types (name), \
                practitioners (name, email, locations, working_hours: weekday to ranges "09:00-12:00" or \
                "13:00-17:00@Location", local time of the location's timezone), appointment_types (name, duration_minutes, \
                max_attendees, category, waitlist_type), tasks (name, appointment_type, scheduled, min_plan_days), \
                unavailable_blocks (practitioner, starts_at, ends_at as RFC 3339 with an offset, removed). \
                Entries are matched by name/title/email (a block by practitioner and times): new ones are created, changed \
                ones updated, none deleted; removed: true lifts a block. An unknown key or a refused value is reported \
                with its line in the file.
                """)
        @Argument(help: "YAML or JSON file.") var file: String
        @Option(help: "Organization id, if the file does not name one.") var organization: String?

        func run() async throws {
            let text: String
            do { text = try String(contentsOfFile: file, encoding: .utf8) } catch { throw CLIError("cannot read \(file): \(error.localizedDescription)") }
            guard var document = try Yams.load(yaml: text) as? [String: Any] else { throw CLIError("\(file) must hold a mapping at the top") }
            let fromFile = document.removeValue(forKey: "organization_id") as? String
            guard let org = organization ?? fromFile else { throw CLIError("name the organization: organization_id in the file, or --organization") }
            guard UUID(uuidString: org) != nil else { throw CLIError("organization id \(org) is not a UUID") }
            let client = try AdminAPIClient.fromEnvironment()
            let json = try JSONSerialization.data(withJSONObject: document)
            let body: Data
            do {
                body = try await client.send(.PUT, "/admin/v1/organizations/\(org.lowercased())/reference-data", json: json)
            } catch let error as AdminAPIError {
                // The server names the field by its path in the JSON it was sent; the file has the line.
                guard let refusal = error.refusal else { throw error }
                FileHandle.standardError.write(Data("error: \(YAMLFieldLines.located(refusal.field, refusal.message, in: text))\n".utf8))
                throw ExitCode.failure
            }
            let pretty = try JSONSerialization.data(withJSONObject: try JSONSerialization.jsonObject(with: body), options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
            print(String(decoding: pretty, as: UTF8.self))
        }
    }
}
