/// What a command answered, one case per aggregate. It is recorded with the command's events and
/// on the command-results topic, so a replayed Idempotency-Key answers exactly the first answer.
/// JSON: `{"<aggregate>": <that aggregate's reply>}`.
public enum CommandReply: Sendable, Equatable {
    case organization(OrganizationReply)
    case patients(PatientReply)
    case appointments(AppointmentReply)
    case groupAppointments(GroupAppointmentReply)
    case disclosures(DisclosureReply)
    case waitlist(WaitlistReply)
}

extension CommandReply: Codable {
    enum CodingKeys: String, CodingKey { case organization, patients, appointments, groupAppointments, disclosures, waitlist }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        if let r = try c.decodeIfPresent(OrganizationReply.self, forKey: .organization) { self = .organization(r); return }
        if let r = try c.decodeIfPresent(PatientReply.self, forKey: .patients) { self = .patients(r); return }
        if let r = try c.decodeIfPresent(AppointmentReply.self, forKey: .appointments) { self = .appointments(r); return }
        if let r = try c.decodeIfPresent(GroupAppointmentReply.self, forKey: .groupAppointments) { self = .groupAppointments(r); return }
        if let r = try c.decodeIfPresent(DisclosureReply.self, forKey: .disclosures) { self = .disclosures(r); return }
        if let r = try c.decodeIfPresent(WaitlistReply.self, forKey: .waitlist) { self = .waitlist(r); return }
        throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "no known aggregate's reply"))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .organization(let r): try c.encode(r, forKey: .organization)
        case .patients(let r): try c.encode(r, forKey: .patients)
        case .appointments(let r): try c.encode(r, forKey: .appointments)
        case .groupAppointments(let r): try c.encode(r, forKey: .groupAppointments)
        case .disclosures(let r): try c.encode(r, forKey: .disclosures)
        case .waitlist(let r): try c.encode(r, forKey: .waitlist)
        }
    }
}
