import Foundation

/// A clinic location (the seed's `location_id`, `referral.location_id`).
public struct Location: Codable, Sendable, Equatable {
    public var id: UUID
    public var name: String
    public var address: String?
    public var timezone: String?

    public init(id: UUID, name: String, address: String? = nil, timezone: String? = nil) {
        self.id = id; self.name = name; self.address = address; self.timezone = timezone
    }
}

/// A step of the organization's intake workflow (`workflow_stage_id`).
public struct WorkflowStage: Codable, Sendable, Equatable {
    public var id: UUID
    public var title: String
    public var order: Int
    public var description: String?
    public var actions: [String]

    public init(id: UUID, title: String, order: Int, description: String? = nil, actions: [String] = []) {
        self.id = id; self.title = title; self.order = order; self.description = description; self.actions = actions
    }
}

/// A staff member patients can be assigned to (`assigned_user_id`).
public struct StaffUser: Codable, Sendable, Equatable {
    public var id: UUID
    public var name: String
    public var email: String

    public init(id: UUID, name: String, email: String) {
        self.id = id; self.name = name; self.email = email
    }
}

/// A patient tag; created by name on first use.
public struct Tag: Codable, Sendable, Equatable {
    public var id: UUID
    public var name: String

    public init(id: UUID, name: String) { self.id = id; self.name = name }
}

/// A kind of identifier from an integrated system (an EHR's MRN, a billing id, ...).
public struct ExternalIdType: Codable, Sendable, Equatable {
    public var id: UUID
    public var name: String

    public init(id: UUID, name: String) { self.id = id; self.name = name }

    /// The type that batch creation's plain-string `external_id` belongs to; every organization has it.
    public static let defaultName = "external_id"
}
