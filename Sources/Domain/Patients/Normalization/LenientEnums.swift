import Foundation

/// Forgiving readers for the upsert's enum fields. The batch endpoint insists on the seed's raw
/// values; integrators of the upsert send what their source system prints ("F", "Female",
/// "NY", "New York"), so the common spellings are accepted and anything else is dropped.
public enum LenientEnums {
    /// Case-insensitive; spaces, hyphens, underscores and dots ignored.
    public static func gender(_ raw: String) -> Gender? {
        genderSynonyms[fold(raw, separator: "")]
    }

    /// Case-insensitive: the enum's raw values (`new_york`), full names with spaces or hyphens
    /// (`New York`, `new-york`), and USPS two-letter codes (`NY`, `DC`, `PR`).
    public static func usState(_ raw: String) -> USState? {
        let key = fold(raw, separator: "_")
        return USState(rawValue: key) ?? stateAliases[key]
    }

    /// Lower-cased, dots and commas removed, runs of spaces/hyphens/underscores as one separator.
    static func fold(_ raw: String, separator: String) -> String {
        let lowered = raw.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
            .replacingOccurrences(of: ".", with: "").replacingOccurrences(of: ",", with: " ")
        return lowered.split(whereSeparator: { $0 == " " || $0 == "-" || $0 == "_" }).joined(separator: separator)
    }

    private static let genderSynonyms: [String: Gender] = {
        var table: [String: Gender] = [:]
        for s in ["m", "male", "man", "boy", "masculine"] { table[s] = .male }
        for s in ["f", "female", "woman", "girl", "feminine"] { table[s] = .female }
        for s in ["o", "other", "x", "nonbinary", "nb", "enby", "genderqueer", "genderfluid", "agender",
                  "intersex", "transgender", "trans", "twospirit"] { table[s] = .other }
        for s in ["u", "unknown", "unk", "unspecified", "notspecified", "notstated", "undisclosed",
                  "prefernottosay", "prefernottoanswer", "declined", "declinedtoanswer", "decline"] { table[s] = .unknown }
        return table
    }()

    private static let stateAliases: [String: USState] = {
        let codes: [(String, USState)] = [
            ("al", .alabama), ("ak", .alaska), ("az", .arizona), ("ar", .arkansas), ("ca", .california),
            ("co", .colorado), ("ct", .connecticut), ("de", .delaware), ("dc", .district_of_columbia),
            ("fl", .florida), ("ga", .georgia), ("hi", .hawaii), ("id", .idaho), ("il", .illinois),
            ("in", .indiana), ("ia", .iowa), ("ks", .kansas), ("ky", .kentucky), ("la", .louisiana),
            ("me", .maine), ("md", .maryland), ("ma", .massachusetts), ("mi", .michigan), ("mn", .minnesota),
            ("ms", .mississippi), ("mo", .missouri), ("mt", .montana), ("ne", .nebraska), ("nv", .nevada),
            ("nh", .new_hampshire), ("nj", .new_jersey), ("nm", .new_mexico), ("ny", .new_york),
            ("nc", .north_carolina), ("nd", .north_dakota), ("oh", .ohio), ("ok", .oklahoma), ("or", .oregon),
            ("pa", .pennsylvania), ("ri", .rhode_island), ("sc", .south_carolina), ("sd", .south_dakota),
            ("tn", .tennessee), ("tx", .texas), ("ut", .utah), ("vt", .vermont), ("va", .virginia),
            ("wa", .washington), ("wv", .west_virginia), ("wi", .wisconsin), ("wy", .wyoming),
            ("as", .american_samoa), ("gu", .guam), ("mp", .northern_mariana_islands), ("pr", .puerto_rico),
            ("vi", .us_virgin_islands),
        ]
        var table = Dictionary(uniqueKeysWithValues: codes)
        // Other spellings the enum's raw values do not cover.
        table["washington_dc"] = .district_of_columbia
        table["virgin_islands"] = .us_virgin_islands
        table["us_virgin_is"] = .us_virgin_islands
        table["united_states_virgin_islands"] = .us_virgin_islands
        table["northern_marianas"] = .northern_mariana_islands
        return table
    }()
}
