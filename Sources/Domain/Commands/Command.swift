import Foundation

/// What a caller asks for. The organization is never part of a command's body: it comes
/// from the credential, through `DecisionContext`.
public enum Command: Sendable, Equatable {
    case createOrganization(CreateOrganization)
    case applyReferenceData(ReferenceDataDeclaration)
    case createPatientsBatch(CreatePatientsBatch)
    case issueApiKey(IssueApiKey)
    case upsertPatient(UpsertPatient)
    case recordCommunication(RecordCommunication)
}

/// Seed 001: forgiving create-or-update with record matching.
public struct UpsertPatient: Sendable, Equatable {
    public var draft: UpsertDraft
    public init(draft: UpsertDraft) { self.draft = draft }
}

/// A communication with a patient took place (the first one starts the phone lock).
public struct RecordCommunication: Sendable, Equatable {
    public var patientId: UUID
    public var channel: CommunicationChannel
    public var direction: CommunicationDirection
    /// When it happened; nil = now.
    public var occurredAt: Date?
    public var summary: String?
    public init(patientId: UUID, channel: CommunicationChannel, direction: CommunicationDirection, occurredAt: Date?, summary: String?) {
        self.patientId = patientId; self.channel = channel; self.direction = direction; self.occurredAt = occurredAt; self.summary = summary
    }
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
    public var items: [PatientDraft]
    public init(items: [PatientDraft]) { self.items = items }
}
