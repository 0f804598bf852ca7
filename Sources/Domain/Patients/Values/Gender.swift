/// Patient gender, as Solum's API spells it.
public enum Gender: String, CaseIterable, Codable, Sendable {
    case male, female, other, unknown
}
