import Foundation

/// Seed 001's match tiers, in priority order.
public enum MatchTier: String, Sendable, Codable, CaseIterable {
    case externalId = "external_id"
    case demographics
    case phoneFuzzyName = "phone_fuzzy_name"
    case emailFuzzyName = "email_fuzzy_name"
}

/// What an upsert request offers for matching (already normalised).
public struct MatchProbe: Sendable, Equatable {
    public var externalId: ExternalIdValue?
    public var firstName: String?
    public var lastName: String?
    public var dateOfBirth: CalendarDate?
    /// E.164 numbers from phone_number and additional_phone_number.
    public var phones: [String]
    public var email: String?

    public init(externalId: ExternalIdValue? = nil, firstName: String? = nil, lastName: String? = nil,
                dateOfBirth: CalendarDate? = nil, phones: [String] = [], email: String? = nil) {
        self.externalId = externalId; self.firstName = firstName; self.lastName = lastName
        self.dateOfBirth = dateOfBirth; self.phones = phones; self.email = email
    }
}

public enum MatchOutcome: Sendable, Equatable {
    case none
    case matched(UUID, MatchTier)
    /// Two or more different patients match in the same tier: never merged silently.
    case ambiguous(MatchTier, [UUID])
}
