import Foundation

/// Deterministic, varied batch items for benchmarks: names, phones in several formats, birth
/// dates, states, tags and referrals, with external ids unique per run.
struct SyntheticPatients {
    static let firstNames = ["James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda", "David", "Elizabeth",
                             "William", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah", "Carlos", "Mei"]
    static let lastNames = ["Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez",
                            "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Nguyen", "Chen"]
    static let states = ["new_york", "california", "texas", "florida", "illinois", "ohio", "georgia", "washington"]
    static let tags = ["spanish", "wheelchair", "vip", "new-referral", "self-pay"]

    let runId: String

    func item(_ i: Int) -> [String: Any] {
        var item: [String: Any] = [
            "first_name": Self.firstNames[i % Self.firstNames.count],
            "last_name": Self.lastNames[(i / Self.firstNames.count) % Self.lastNames.count],
            // Day, month and year advance at different rates so name and birth date together are
            // unique for the first 134,400 people: matching benchmarks need unambiguous people.
            "date_of_birth": String(format: "%04d-%02d-%02d", 1930 + (i / 336) % 80, 1 + (i / 28) % 12, 1 + i % 28),
            "phone_number": String(format: i % 2 == 0 ? "(212) 555-%04d" : "+1 646 555 %04d", i % 10_000),
            "email": "patient\(i)@example.com",
            "gender": ["male", "female", "other", "unknown"][i % 4],
            "state": Self.states[i % Self.states.count],
            "city": "Springfield",
            "zip": String(format: "%05d", 10_000 + i % 89_999),
            "external_id": "\(runId)-\(i)",
            "tags": [Self.tags[i % Self.tags.count]],
        ]
        if i % 3 == 0 {
            item["referral"] = ["physician_name": "Dr. Grey", "physician_npi": "1234567893", "icd_codes": ["M54.5"],
                                "service_types": ["physical_therapy"], "start_date": "2026-01-01"]
        }
        return item
    }

    /// The same person as `item(i)` the way another system would send them: names in other case,
    /// the birth date as MM/DD/YYYY, the phone in another format, and one changed field.
    func upsertVariant(of i: Int, changedCity city: String) -> [String: Any] {
        let base = item(i)
        var out: [String: Any] = [
            "first_name": (base["first_name"] as! String).uppercased(),
            "last_name": (base["last_name"] as! String).lowercased(),
            "email": base["email"]!,
            "phone_number": (base["phone_number"] as! String).filter(\.isNumber),
            "city": city,
        ]
        let dob = (base["date_of_birth"] as! String).split(separator: "-")
        out["date_of_birth"] = "\(dob[1])/\(dob[2])/\(dob[0])"
        return out
    }

    func body(from start: Int, count: Int) throws -> Data {
        try JSONSerialization.data(withJSONObject: ["items": (start..<start + count).map(item)])
    }
}
