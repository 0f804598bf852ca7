import Foundation

/// One field of a change: what it was, what it became (JSON null when absent).
public struct FieldChange: Codable, Sendable, Equatable {
    public var field: String
    public var old: JSONValue
    public var new: JSONValue

    public init(field: String, old: JSONValue, new: JSONValue) { self.field = field; self.old = old; self.new = new }
}

/// A patient's fields changed (an upsert that matched). Lists each changed field old → new, and
/// carries the patient's resulting state so a reader needs no earlier event to apply it.
public struct PatientUpdated: Codable, Sendable, Equatable {
    public var patientId: UUID
    public var changes: [FieldChange]
    public var profile: PatientProfile
    public var tagIds: [UUID]
    public var referrals: [Referral]
    public var payors: [JSONValue]
    public var customFields: JSONValue
    /// The tier that matched the request to this patient.
    public var matchTier: MatchTier?
    /// Request fields that were dropped (unparseable, foreign, locked, conflicting).
    public var droppedFields: [String]
    /// The probabilistic tier's match probability and the weights version that gave it (tier
    /// `probabilistic` only; absent in events from before the tier).
    public var matchProbability: Double?
    public var matchWeightsVersion: String?

    public init(patientId: UUID, changes: [FieldChange], profile: PatientProfile, tagIds: [UUID], referrals: [Referral],
                payors: [JSONValue], customFields: JSONValue, matchTier: MatchTier?, droppedFields: [String],
                matchProbability: Double? = nil, matchWeightsVersion: String? = nil) {
        self.patientId = patientId; self.changes = changes; self.profile = profile; self.tagIds = tagIds
        self.referrals = referrals; self.payors = payors; self.customFields = customFields
        self.matchTier = matchTier; self.droppedFields = droppedFields
        self.matchProbability = matchProbability; self.matchWeightsVersion = matchWeightsVersion
    }

    enum CodingKeys: String, CodingKey {
        case patientId = "patient_id", changes, profile, tagIds = "tag_ids", referrals, payors
        case customFields = "custom_fields", matchTier = "match_tier", droppedFields = "dropped_fields"
        case matchProbability = "match_probability", matchWeightsVersion = "match_weights_version"
    }
}

/// A patient's identifier of one external-id type was replaced: the old → new transition the
/// History view shows. Seed 001: the returned patient always carries the supplied value.
public struct ExternalIdReassigned: Codable, Sendable, Equatable {
    public var patientId: UUID
    public var typeId: UUID
    public var oldValue: String
    public var newValue: String

    public init(patientId: UUID, typeId: UUID, oldValue: String, newValue: String) {
        self.patientId = patientId; self.typeId = typeId; self.oldValue = oldValue; self.newValue = newValue
    }

    enum CodingKeys: String, CodingKey { case patientId = "patient_id", typeId = "type_id", oldValue = "old_value", newValue = "new_value" }
}

/// A patient received an identifier of an external-id type it had none of.
public struct ExternalIdAssigned: Codable, Sendable, Equatable {
    public var patientId: UUID
    public var typeId: UUID
    public var value: String

    public init(patientId: UUID, typeId: UUID, value: String) { self.patientId = patientId; self.typeId = typeId; self.value = value }

    enum CodingKeys: String, CodingKey { case patientId = "patient_id", typeId = "type_id", value }
}

/// A communication with a patient happened. The first one locks the patient's phone number
/// against upserts (seed 001's phone lock).
public struct CommunicationRecorded: Codable, Sendable, Equatable {
    public var patientId: UUID
    public var communicationId: UUID
    public var channel: CommunicationChannel
    public var direction: CommunicationDirection
    public var occurredAt: Date
    public var summary: String?

    public init(patientId: UUID, communicationId: UUID, channel: CommunicationChannel, direction: CommunicationDirection,
                occurredAt: Date, summary: String?) {
        self.patientId = patientId; self.communicationId = communicationId; self.channel = channel
        self.direction = direction; self.occurredAt = occurredAt; self.summary = summary
    }

    enum CodingKeys: String, CodingKey {
        case patientId = "patient_id", communicationId = "communication_id", channel, direction
        case occurredAt = "occurred_at", summary
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(patientId, forKey: .patientId)
        try c.encode(communicationId, forKey: .communicationId)
        try c.encode(channel, forKey: .channel)
        try c.encode(direction, forKey: .direction)
        try c.encode(RFC3339.format(occurredAt), forKey: .occurredAt)
        try c.encodeIfPresent(summary, forKey: .summary)
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        patientId = try c.decode(UUID.self, forKey: .patientId)
        communicationId = try c.decode(UUID.self, forKey: .communicationId)
        channel = try c.decode(CommunicationChannel.self, forKey: .channel)
        direction = try c.decode(CommunicationDirection.self, forKey: .direction)
        let text = try c.decode(String.self, forKey: .occurredAt)
        guard let when = RFC3339.parse(text) else {
            throw DecodingError.dataCorruptedError(forKey: .occurredAt, in: c, debugDescription: "not an RFC 3339 timestamp")
        }
        occurredAt = when
        summary = try c.decodeIfPresent(String.self, forKey: .summary)
    }
}

public enum CommunicationChannel: String, Codable, Sendable, CaseIterable { case call, sms, email, fax, chat, letter, in_person }
public enum CommunicationDirection: String, Codable, Sendable, CaseIterable { case inbound, outbound }
