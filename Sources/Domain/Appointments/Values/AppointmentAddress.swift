import Foundation

/// Where the visit takes place (Heim's `location` address object): line1 and postcode required.
public struct AppointmentAddress: Codable, Sendable, Equatable {
    public var line1: String
    public var line2: String?
    public var city: String?
    public var postcode: String
    public var country: String?

    public init(line1: String, line2: String? = nil, city: String? = nil, postcode: String, country: String? = nil) {
        self.line1 = line1; self.line2 = line2; self.city = city; self.postcode = postcode; self.country = country
    }

    func checkLimits() throws(DomainError) {
        try AppointmentLimits.text(line1, field: "location.line1", max: InputLimits.addressLine)
        try AppointmentLimits.text(line2, field: "location.line2", max: InputLimits.addressLine)
        try AppointmentLimits.text(city, field: "location.city", max: InputLimits.city)
        try AppointmentLimits.text(postcode, field: "location.postcode", max: InputLimits.physicianZip)
        try AppointmentLimits.text(country, field: "location.country", max: InputLimits.code)
    }

    /// Required parts present (not blank), text trimmed.
    func validated() throws(DomainError) -> AppointmentAddress {
        func trimmed(_ s: String?) -> String? {
            let t = s?.trimmingCharacters(in: .whitespacesAndNewlines)
            return t?.isEmpty == true ? nil : t
        }
        guard let line1 = trimmed(line1) else { throw DomainError(.missingField, "location.line1 is required", field: "location.line1") }
        guard let postcode = trimmed(postcode) else { throw DomainError(.missingField, "location.postcode is required", field: "location.postcode") }
        return AppointmentAddress(line1: line1, line2: trimmed(line2), city: trimmed(city), postcode: postcode, country: trimmed(country))
    }
}

/// E.164 (`+` then up to 15 digits, no leading zero), 7–16 characters as Heim requires.
enum E164 {
    static func validate(_ text: String) throws(DomainError) -> String {
        let t = text.trimmingCharacters(in: .whitespaces)
        let digits = t.dropFirst()
        guard t.hasPrefix("+"), (7...16).contains(t.count), digits.first != "0",
              digits.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw DomainError(.invalidValue, "phone must be E.164: + then the country code and number, 7 to 16 characters, e.g. +14155550123",
                              field: "phone")
        }
        return t
    }
}
