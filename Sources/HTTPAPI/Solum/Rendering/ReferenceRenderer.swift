import Domain
import Foundation
import ReadModels

/// Renderers of the organization's reference data (one per resource).
enum ReferenceRenderer {
    static func stage(_ s: WorkflowStageView) -> JSONValue {
        .object([("id", .id(s.id)), ("title", .string(s.title)), ("actions", JSONValue.parse(s.actionsJSON)),
                 ("order", .int(s.order)), ("description", .text(s.description))])
    }

    static func user(_ u: UserView) -> JSONValue {
        .object([("id", .id(u.id)), ("name", .string(u.name)), ("email", .string(u.email))])
    }

    static func location(_ l: LocationView) -> JSONValue {
        .object([("id", .id(l.id)), ("name", .string(l.name)), ("address", .text(l.address)), ("timezone", .text(l.timezone))])
    }

    static func externalIdType(_ t: ExternalIdTypeView) -> JSONValue {
        .object([("id", .id(t.id)), ("name", .string(t.name)), ("created_at", .time(t.createdAt))])
    }

    static func tag(_ t: TagView) -> JSONValue {
        .object([("id", .id(t.id)), ("name", .string(t.name))])
    }
}
