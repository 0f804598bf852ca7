import CommandHandling
import Domain
import Foundation
import Hummingbird

/// `GET /v1/availability?taskId=tsk_…&from=YYYY-MM-DD&to=YYYY-MM-DD[&practitionerId=prc_…][&location=loc_…]`:
/// free windows of the task's duration, from the writer's committed calendar. A bad parameter is
/// 400 naming it.
struct AvailabilityRoutes {
    let services: APIServices

    func register(_ group: RouterGroup<HeimRequestContext>) {
        group.get("/availability", use: availability)
    }

    @Sendable func availability(_ request: Request, context: HeimRequestContext) async throws -> Response {
        let params = request.uri.queryParameters
        func required(_ name: String) throws(HeimError) -> String {
            guard let value = params.get(name), !value.isEmpty else { throw .badRequest("missing_parameter", "\(name) is required", field: name) }
            return value
        }
        func id(_ name: String, _ kind: HeimIds.Kind, _ text: String) throws(HeimError) -> UUID {
            guard let id = HeimIds.uuid(text, kind) else {
                throw .badRequest("invalid_value", "\(name) must be a \(kind.name) id starting with \(kind.rawValue)", field: name)
            }
            return id
        }
        func date(_ name: String) throws(HeimError) -> CalendarDate {
            guard let d = CalendarDate(iso: try required(name)) else { throw .badRequest("invalid_value", "\(name) must be a date, YYYY-MM-DD", field: name) }
            return d
        }
        let query = AvailabilityQuery(
            taskId: try id("taskId", .task, try required("taskId")), from: try date("from"), to: try date("to"),
            practitionerId: try params.get("practitionerId").map { text throws(HeimError) in try id("practitionerId", .practitioner, text) },
            locationId: try params.get("location").map { text throws(HeimError) in try id("location", .location, text) })
        let windows: [AvailableWindow]
        do { windows = try await services.commands.availability(organizationId: context.caller.organizationId, query: query) } catch {
            // Every refusal here is about a query parameter: the request's address is malformed.
            if case .rejected(let e) = error { throw HeimError.badRequest(e) }
            throw HeimError(error)
        }
        return JSONResponse.make(.object([
            ("data", .array(windows.map { AppointmentRenderer.window($0.slot, localDate: $0.localDate) })),
        ]))
    }
}
