/// Where a change came from: the seed's patient-creation source enum, also used as the
/// `ce_source_channel` header and the History view's channel.
public enum SourceChannel: String, CaseIterable, Codable, Sendable {
    case form, call, api, file, sms, fax, chat_agent, manual, bulk_import, eligibility
    /// A command read from the commands topic (`ce_source` names the sending system in the actor).
    case kafka
}
