import Foundation

/// Seed 001's match tiers, in priority order, and the probabilistic tier after them (issue 13).
public enum MatchTier: String, Sendable, Codable, CaseIterable {
    case externalId = "external_id"
    case demographics
    case phoneFuzzyName = "phone_fuzzy_name"
    case emailFuzzyName = "email_fuzzy_name"
    /// Fellegi–Sunter comparison of every field, tried only when the four seed tiers find no one.
    case probabilistic
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
    /// Fields only the probabilistic tier compares.
    public var gender: Gender?
    public var address: String?
    public var city: String?
    public var state: USState?
    public var zip: String?

    public init(externalId: ExternalIdValue? = nil, firstName: String? = nil, lastName: String? = nil,
                dateOfBirth: CalendarDate? = nil, phones: [String] = [], email: String? = nil,
                gender: Gender? = nil, address: String? = nil, city: String? = nil, state: USState? = nil, zip: String? = nil) {
        self.externalId = externalId; self.firstName = firstName; self.lastName = lastName
        self.dateOfBirth = dateOfBirth; self.phones = phones; self.email = email
        self.gender = gender; self.address = address; self.city = city; self.state = state; self.zip = zip
    }
}

public enum MatchOutcome: Sendable, Equatable {
    case none
    case matched(UUID, MatchTier)
    /// Two or more different patients match in the same tier: never merged silently.
    case ambiguous(MatchTier, [UUID])
    /// The probabilistic tier's best candidate: merged when `automatic`, otherwise a possible
    /// duplicate the upsert records beside the patient it creates.
    case probable(ProbableMatch)
}
