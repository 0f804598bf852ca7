import Domain
import Foundation

/// The registry of event types: the union of each aggregate's registration (`Registry/*EventTypes.swift`),
/// one line per aggregate in each function.
public enum EventTypes {
    public static let all: [String] = OrganizationEventType.allCases.map(\.rawValue) + PatientEventType.allCases.map(\.rawValue)
        + AppointmentEventType.allCases.map(\.rawValue) + GroupAppointmentEventType.allCases.map(\.rawValue)
        + DisclosureEventType.allCases.map(\.rawValue)
        + WaitlistEventType.allCases.map(\.rawValue)

    public static func name(of event: DomainEvent) -> String {
        switch event {
        case .organization(let e): return OrganizationEventType(e).rawValue
        case .patients(let e): return PatientEventType(e).rawValue
        case .appointments(let e): return AppointmentEventType(e).rawValue
        case .groupAppointments(let e): return GroupAppointmentEventType(e).rawValue
        case .disclosures(let e): return DisclosureEventType(e).rawValue
        case .waitlist(let e): return WaitlistEventType(e).rawValue
        }
    }

    public static func encodePayload(_ event: DomainEvent) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = RFC3339.encodingStrategy
        switch event {
        case .organization(let e): return try OrganizationEventType.encode(e, with: encoder)
        case .patients(let e): return try PatientEventType.encode(e, with: encoder)
        case .appointments(let e): return try AppointmentEventType.encode(e, with: encoder)
        case .groupAppointments(let e): return try GroupAppointmentEventType.encode(e, with: encoder)
        case .disclosures(let e): return try DisclosureEventType.encode(e, with: encoder)
        case .waitlist(let e): return try WaitlistEventType.encode(e, with: encoder)
        }
    }

    public static func decodePayload(type: String, _ data: Data) throws -> DomainEvent {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = RFC3339.decodingStrategy
        if let t = OrganizationEventType(rawValue: type) { return .organization(try t.decode(data, with: decoder)) }
        if let t = PatientEventType(rawValue: type) { return .patients(try t.decode(data, with: decoder)) }
        if let t = AppointmentEventType(rawValue: type) { return .appointments(try t.decode(data, with: decoder)) }
        if let t = GroupAppointmentEventType(rawValue: type) { return .groupAppointments(try t.decode(data, with: decoder)) }
        if let t = DisclosureEventType(rawValue: type) { return .disclosures(try t.decode(data, with: decoder)) }
        if let t = WaitlistEventType(rawValue: type) { return .waitlist(try t.decode(data, with: decoder)) }
        throw EventCodingError.unknownType(type)
    }
}

public enum EventCodingError: Error, CustomStringConvertible, Equatable {
    case unknownType(String)
    case missingHeader(String)
    case badHeader(String)

    public var description: String {
        switch self {
        case .unknownType(let t): return "unknown event type \(t)"
        case .missingHeader(let h): return "record lacks header \(h)"
        case .badHeader(let h): return "record has a malformed header \(h)"
        }
    }
}
