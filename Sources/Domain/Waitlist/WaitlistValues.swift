import Foundation

/// A part of the day in the clinic's time zone, by the slot's start: MORNING before 12:00,
/// AFTERNOON 12:00 until 17:00, EVENING from 17:00. ANYTIME accepts all three.
public enum PartOfDay: String, Codable, Sendable, CaseIterable {
    case morning = "MORNING"
    case afternoon = "AFTERNOON"
    case evening = "EVENING"
    case anytime = "ANYTIME"

    /// The part a local start time (minutes after midnight) falls in; never `.anytime`.
    public static func of(minutes: Int) -> PartOfDay {
        minutes < 12 * 60 ? .morning : minutes < 17 * 60 ? .afternoon : .evening
    }
}

/// SPRY's appointment_type: what kind of visit the category books.
public enum VisitKind: String, Codable, Sendable, CaseIterable {
    case initialEvaluation = "INITIAL_EVAL"
    case followUp = "FOLLOW_UP"

    /// The human label SPRY also accepts (`Initial Evaluation`, `Follow Up`).
    public var label: String {
        switch self {
        case .initialEvaluation: return "Initial Evaluation"
        case .followUp: return "Follow Up"
        }
    }

    /// The enum form or the label, case-insensitive.
    public init?(spelling: String) {
        let text = spelling.trimmingCharacters(in: .whitespaces)
        guard let kind = VisitKind.allCases.first(where: {
            $0.rawValue.caseInsensitiveCompare(text) == .orderedSame || $0.label.caseInsensitiveCompare(text) == .orderedSame
        }) else { return nil }
        self = kind
    }
}

public enum PaymentType: String, Codable, Sendable, CaseIterable {
    case selfPay = "SELF_PAY"
    case insurancePay = "INSURANCE_PAY"
}

/// ACTIVE until it is fulfilled, cancelled or expired; those three are final.
public enum WaitlistStatus: String, Codable, Sendable, CaseIterable {
    case active = "ACTIVE"
    case fulfilled = "FULFILLED"
    case cancelled = "CANCELLED"
    case expired = "EXPIRED"

    public var isFinal: Bool { self != .active }
}

/// SPRY's day names (`MONDAY` …), for the `Weekday` they stand for.
extension Weekday {
    public var sprySpelling: String { rawValue.uppercased() }

    public init?(spry: String) {
        guard let day = Weekday(rawValue: spry.lowercased()), spry == spry.uppercased() else { return nil }
        self = day
    }
}
