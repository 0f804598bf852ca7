import Foundation

/// What a caller asks for. The organization is never part of a command's body: it comes
/// from the credential, through `DecisionContext`.
public enum Command: Sendable, Equatable {
    case createOrganization(CreateOrganization)
    case applyReferenceData(ReferenceDataDeclaration)
    case createPatientsBatch(CreatePatientsBatch)
    case issueApiKey(IssueApiKey)
}

/// Issue another API key to an existing organization (the key itself is generated outside the domain).
public struct IssueApiKey: Sendable, Equatable {
    public var apiKeyHash: String
    public var apiKeyPrefix: String
    public init(apiKeyHash: String, apiKeyPrefix: String) { self.apiKeyHash = apiKeyHash; self.apiKeyPrefix = apiKeyPrefix }
}

/// Create the tenant and its first API key (the key itself is generated and hashed outside the domain).
public struct CreateOrganization: Sendable, Equatable {
    public var name: String
    public var apiKeyHash: String
    public var apiKeyPrefix: String
    public init(name: String, apiKeyHash: String, apiKeyPrefix: String) {
        self.name = name; self.apiKeyHash = apiKeyHash; self.apiKeyPrefix = apiKeyPrefix
    }
}

/// Seed 000: create 1–500 patients, all or nothing.
public struct CreatePatientsBatch: Sendable, Equatable {
    public static let maxItems = 500
    public var items: [PatientDraft]
    public init(items: [PatientDraft]) { self.items = items }
}
