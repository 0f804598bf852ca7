import ArgumentParser
import AsyncHTTPClient
import Foundation
import ReadModels
import Runtime

struct Projections: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the projections, or rebuild one from the log.",
        subcommands: [List.self, Rebuild.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Each projection's status, position and lag per partition.",
            discussion: """
                Reads DATABASE_URL, KAFKA_BROKERS, CLINICLEDGER_TOPIC_PREFIX. Lag is the log's end minus the \
                projection's position. Without KAFKA_BROKERS (embedded mode: the broker lives inside serve) the \
                end is event_archive's, which holds every acknowledged event. Status is `running`, or \
                `rebuilding` while a rebuild holds the projection. With CLINICLEDGER_URL set, each line also shows \
                the health that server's /health reports (ok, retrying, stopped: stuck on an event).
                """)

        func run() async throws {
            let logger = CLILogging.logger("clinicledger.projections")
            let configuration = try RuntimeConfiguration.fromEnvironment()
            let statuses = try await ProjectionsAdmin.list(configuration, logger: logger)
            let health = await Self.serverHealth()
            print("lag measured against \(configuration.embedded ? "event_archive (embedded mode)" : "the Kafka log's end")")
            for s in statuses {
                let lag = s.lag.values.reduce(0, +)
                let known = health.map { $0[s.name].map { "  health \($0)" } ?? "  health unknown" } ?? ""
                print("\(s.name)  \(s.lease.status.rawValue) (generation \(s.lease.generation))  lag \(lag)\(known)")
                for p in s.lag.keys.sorted() {
                    print("  partition \(p): position \(s.positions[p] ?? 0), lag \(s.lag[p] ?? 0)")
                }
            }
        }

        /// Each projection's status (and detail) on the server at CLINICLEDGER_URL; nil when unset.
        static func serverHealth() async -> [String: String]? {
            guard let url = ProcessInfo.processInfo.environment["CLINICLEDGER_URL"], !url.isEmpty else { return nil }
            var request = HTTPClientRequest(url: (url.hasSuffix("/") ? String(url.dropLast()) : url) + "/health")
            request.method = .GET
            guard let response = try? await HTTPClient.shared.execute(request, timeout: .seconds(10)),
                  let body = try? await response.body.collect(upTo: 1 << 20),
                  let json = (try? JSONSerialization.jsonObject(with: Data(buffer: body))) as? [String: Any] else { return [:] }
            var out: [String: String] = [:]
            for component in json["components"] as? [[String: Any]] ?? [] {
                guard let name = component["name"] as? String, name.hasPrefix("projection "), let status = component["status"] as? String else { continue }
                out[String(name.dropFirst("projection ".count))] = status + ((component["detail"] as? String).map { " (\($0))" } ?? "")
            }
            return out
        }
    }

    struct Rebuild: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Empty one projection's tables and replay it from the log.",
            discussion: """
                Reads DATABASE_URL, KAFKA_BROKERS, CLINICLEDGER_TOPIC_PREFIX. Empties the projection's tables for \
                every organization, resets its positions and its projected events, and replays the log's whole \
                history: Kafka, with event_archive for what the broker no longer holds. Without KAFKA_BROKERS \
                (embedded mode, where the broker lives inside serve and no other process reaches it) it replays \
                event_archive alone, which holds every acknowledged event. A running serve pauses that projection \
                meanwhile (its /ready answers 503, writes answer with X-Read-Model-Lag) and resumes from the rebuilt \
                positions. Prints the rebuilt tables' checksum. event_archive itself cannot be rebuilt. \
                See docs/runbook.md.
                """)

        @Argument(help: "reference_data, patients or patient_history.") var name: String

        func run() async throws {
            let logger = CLILogging.logger("clinicledger.projections")
            let configuration = try RuntimeConfiguration.fromEnvironment()
            let printer = ProgressPrinter(label: name, terminal: isatty(STDERR_FILENO) == 1)
            let started = ContinuousClock.now
            let result: ProjectionRebuild.Result
            do {
                result = try await ProjectionsAdmin.rebuild(configuration, name: name, logger: logger) { printer.show($0) }
            } catch let refusal as ProjectionRebuild.Refusal {
                printer.finish()
                throw CLIError(refusal.description)
            } catch {
                // Kind and SQLSTATE only: a PostgreSQL error's text can quote patient data.
                printer.finish()
                throw CLIError("rebuild of \(name) failed: \(LoggableError.describe(error)). It stays paused (rebuilding); run it again.")
            }
            printer.finish()
            let seconds = Double((ContinuousClock.now - started) / .milliseconds(1)) / 1000
            print("rebuilt \(name) in \(String(format: "%.1f", seconds)) s; positions " +
                  result.positions.sorted { $0.key < $1.key }.map { "\($0.key):\($0.value)" }.joined(separator: " "))
            for table in result.checksum.tables { print("  \(table.name): \(table.rows) rows, md5 \(table.md5)") }
            print("checksum \(result.checksum.md5)")
        }
    }
}

/// Rebuild progress on stderr (stdout carries the result): a bar redrawn in place on a terminal,
/// else a plain line every few seconds.
final class ProgressPrinter: @unchecked Sendable {
    private let label: String
    private let terminal: Bool
    private let lock = NSLock()
    private var lastLine = ContinuousClock.now
    private var drawn = false

    init(label: String, terminal: Bool) {
        self.label = label
        self.terminal = terminal
    }

    func show(_ p: ProjectionRebuild.Progress) {
        lock.lock()
        defer { lock.unlock() }
        let fraction = p.total == 0 ? 1 : Double(p.done) / Double(p.total)
        let percent = Int(fraction * 100)
        if terminal {
            let width = 30, filled = Int(fraction * Double(width))
            let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
            write("\r\(label) [\(bar)] \(percent)% \(p.done)/\(p.total) offsets")
            drawn = true
        } else if p.done == 0 || p.done >= p.total || ContinuousClock.now - lastLine >= .seconds(2) {
            lastLine = ContinuousClock.now
            write("\(label): \(p.done)/\(p.total) offsets (\(percent)%)\n")
        }
    }

    func finish() {
        lock.lock()
        defer { lock.unlock() }
        if drawn { write("\n") }
    }

    private func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
