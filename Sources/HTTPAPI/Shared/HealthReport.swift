import Domain
import Foundation
import HTTPTypes
import Hummingbird

/// What `/health` and `/ready` tell an operator: each writer and projection, and whether any
/// needs attention. Offsets, states and error codes only — never data.
public struct HealthReport: Sendable {
    public enum Status: String, Sendable {
        case ok
        /// Failing for a reason that may pass (PostgreSQL unreachable): retried.
        case retrying
        /// Stopped until an operator acts: a projection met an event it cannot apply, a writer was
        /// fenced or found its log lost.
        case stopped
    }

    public struct Component: Sendable {
        public var name: String
        public var status: Status
        public var detail: String?
        public var positions: [Int32: Int64]?

        public init(name: String, status: Status, detail: String? = nil, positions: [Int32: Int64]? = nil) {
            self.name = name; self.status = status; self.detail = detail; self.positions = positions
        }
    }

    public var components: [Component]
    /// The read models' positions (`projected_offsets`, as before).
    public var projected: [Int32: Int64]

    public init(components: [Component], projected: [Int32: Int64]) {
        self.components = components
        self.projected = projected
    }

    /// Nothing is stopped: `/health` answers 200.
    public var healthy: Bool { !components.contains { $0.status == .stopped } }
    /// Everything serves now: `/ready` answers 200.
    public var ready: Bool { components.allSatisfy { $0.status == .ok } }

    func response(ok: Bool) -> Response {
        let offsets = JSONValue.object(projected.sorted { $0.key < $1.key }.map { ("\($0.key)", .int(Int($0.value))) })
        let parts = components.map { c in
            var fields: [(String, JSONValue)] = [("name", .string(c.name)), ("status", .string(c.status.rawValue))]
            if let d = c.detail { fields.append(("detail", .string(d))) }
            if let p = c.positions {
                fields.append(("positions", .object(p.sorted { $0.key < $1.key }.map { ("\($0.key)", .int(Int($0.value))) })))
            }
            return JSONValue.object(fields)
        }
        return JSONResponse.make(.object([
            ("status", .string(ok ? "ok" : "unavailable")), ("projected_offsets", offsets), ("components", .array(parts)),
        ]), status: ok ? .ok : .serviceUnavailable)
    }
}
