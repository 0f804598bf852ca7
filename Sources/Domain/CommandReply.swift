/// What a command answered, one case per aggregate. It is recorded on the command-results topic
/// with the command's events, so a replayed Idempotency-Key answers exactly the first answer.
public enum CommandReply: Sendable, Equatable, Codable {
    case organization(OrganizationReply)
    case patients(PatientReply)
}
