import Domain
import Foundation
import Testing

@Suite("RFC 3339 formatting")
struct RFC3339FormatTests {
    /// Foundation's ISO 8601 formatter with the same millisecond rounding: what `format` printed
    /// before it computed the civil date itself.
    static func reference(_ date: Date) -> String {
        let millis = (date.timeIntervalSince1970 * 1000).rounded()
        let seconds = Date(timeIntervalSince1970: (millis / 1000).rounded(.down))
        let whole = seconds.formatted(.iso8601.year().month().day().time(includingFractionalSeconds: false).timeZone(separator: .omitted))
        let fraction = Int(millis - seconds.timeIntervalSince1970 * 1000)
        return "\(whole.dropLast())." + String(repeating: "0", count: fraction < 10 ? 2 : fraction < 100 ? 1 : 0) + "\(fraction)Z"
    }

    @Test("the arithmetic agrees with Foundation's formatter on edge days and 20,000 random instants, 1900–2200")
    func agreesWithFoundation() {
        let edges: [Double] = [0, -0.001, -1, 0.0005, 951_782_400, 951_868_799.999, 4_107_542_400, -2_208_988_800, -2_208_988_800.5,
                               1_750_000_000.250, 1_795_280_065.577, 253_402_300_799.999, 1_709_164_800 - 0.001]
        for t in edges {
            #expect(RFC3339.format(Date(timeIntervalSince1970: t)) == Self.reference(Date(timeIntervalSince1970: t)), "\(t)")
        }
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let t = Double(Int64.random(in: -2_208_988_800_000...7_258_118_400_000, using: &rng)) / 1000
            let date = Date(timeIntervalSince1970: t)
            #expect(RFC3339.format(date) == Self.reference(date), "\(t)")
        }
    }
}
