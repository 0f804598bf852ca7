/// National Provider Identifier: 10 digits whose last is a Luhn check digit over "80840" + the first 9.
public enum NPI {
    public static func isValid(_ npi: String) -> Bool {
        let digits = npi.utf8.map { Int($0) - 48 }
        guard digits.count == 10, digits.allSatisfy({ (0...9).contains($0) }) else { return false }
        var sum = 24  // the Luhn contribution of the "80840" prefix
        for (i, d) in digits.prefix(9).reversed().enumerated() {
            if i % 2 == 0 { let x = d * 2; sum += x > 9 ? x - 9 : x } else { sum += d }
        }
        return (10 - sum % 10) % 10 == digits[9]
    }
}
