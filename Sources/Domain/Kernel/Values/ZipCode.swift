/// A US ZIP code, the one rule for every dialect and both intake paths (the batch refuses what
/// does not parse, the upsert drops it): 12345, 12345-6789, or the nine digits run together or
/// space-separated, which become 12345-6789.
public enum ZipCode {
    public static func normalize(_ text: String) -> String? {
        let digits = text.filter { $0 != "-" && $0 != " " }
        guard digits.allSatisfy(\.isASCIIDigit) else { return nil }
        let separators = text.count - digits.count
        switch (digits.count, separators) {
        case (5, 0): return digits
        case (9, 0...1): return String(digits.prefix(5)) + "-" + String(digits.suffix(4))
        default: return nil
        }
    }
}
