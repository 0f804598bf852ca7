/// An organization's reference data as declared by `clinicledger org apply`: matched by natural
/// key (location name, stage title, user e-mail, external-id type name), created when new,
/// updated when different, left alone when equal. Nothing is deleted by omission.
public struct ReferenceDataDeclaration: Decodable, Sendable, Equatable {
    public var locations: [LocationDeclaration]
    public var workflowStages: [WorkflowStageDeclaration]
    public var users: [UserDeclaration]
    public var externalIdTypes: [ExternalIdTypeDeclaration]

    public init(locations: [LocationDeclaration] = [], workflowStages: [WorkflowStageDeclaration] = [],
                users: [UserDeclaration] = [], externalIdTypes: [ExternalIdTypeDeclaration] = []) {
        self.locations = locations; self.workflowStages = workflowStages
        self.users = users; self.externalIdTypes = externalIdTypes
    }

    enum CodingKeys: String, CodingKey {
        case locations, workflowStages = "workflow_stages", users, externalIdTypes = "external_id_types"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        locations = try c.decodeIfPresent([LocationDeclaration].self, forKey: .locations) ?? []
        workflowStages = try c.decodeIfPresent([WorkflowStageDeclaration].self, forKey: .workflowStages) ?? []
        users = try c.decodeIfPresent([UserDeclaration].self, forKey: .users) ?? []
        externalIdTypes = try c.decodeIfPresent([ExternalIdTypeDeclaration].self, forKey: .externalIdTypes) ?? []
    }
}

public struct LocationDeclaration: Decodable, Sendable, Equatable {
    public var name: String
    public var address: String?
    public var timezone: String?
    public init(name: String, address: String? = nil, timezone: String? = nil) {
        self.name = name; self.address = address; self.timezone = timezone
    }
}

public struct WorkflowStageDeclaration: Decodable, Sendable, Equatable {
    public var title: String
    public var order: Int?
    public var description: String?
    public var actions: [String]?
    public init(title: String, order: Int? = nil, description: String? = nil, actions: [String]? = nil) {
        self.title = title; self.order = order; self.description = description; self.actions = actions
    }
}

public struct UserDeclaration: Decodable, Sendable, Equatable {
    public var name: String
    public var email: String
    public init(name: String, email: String) { self.name = name; self.email = email }
}

public struct ExternalIdTypeDeclaration: Decodable, Sendable, Equatable {
    public var name: String
    public init(name: String) { self.name = name }
}
