/// Declarations are read strictly: a key the type does not know is an error naming it, because a
/// typo (`workng_hours`) silently dropped would lose what the operator meant to declare.
public enum StrictKeys {
    struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// Throws `DecodingError.dataCorrupted` at the unknown key's path (so the field named is
    /// `practitioners[0].workng_hours`), listing the keys that are known.
    public static func check<K: CodingKey & CaseIterable>(_ decoder: any Decoder, _: K.Type) throws {
        let known = K.allCases.map(\.stringValue)
        let c = try decoder.container(keyedBy: AnyKey.self)
        for key in c.allKeys where !known.contains(key.stringValue) {
            throw DecodingError.dataCorrupted(.init(
                codingPath: decoder.codingPath + [key],
                debugDescription: "unknown key; the keys here are \(known.joined(separator: ", "))"))
        }
    }
}
