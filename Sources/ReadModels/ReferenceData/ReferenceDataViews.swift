import Foundation

/// Reference data as the read model holds it; HTTPAPI renders it per dialect.
public struct TagView: Sendable, Equatable { public var id: UUID; public var name: String }

public struct WorkflowStageView: Sendable, Equatable {
    public var id: UUID; public var title: String; public var order: Int; public var description: String?; public var actionsJSON: String
}

public struct UserView: Sendable, Equatable { public var id: UUID; public var name: String; public var email: String }

public struct LocationView: Sendable, Equatable {
    public var id: UUID; public var name: String; public var address: String?; public var timezone: String?
    public var createdAt: Date; public var updatedAt: Date
}

public struct PractitionerView: Sendable, Equatable {
    public var id: UUID; public var name: String; public var email: String; public var createdAt: Date; public var updatedAt: Date
}

public struct AppointmentTypeView: Sendable, Equatable {
    public var id: UUID; public var name: String; public var durationMinutes: Int; public var maxAttendees: Int
    public var category: String?; public var createdAt: Date; public var updatedAt: Date
}

public struct ExternalIdTypeView: Sendable, Equatable { public var id: UUID; public var name: String; public var createdAt: Date }
