import Domain
import EventStore
import Foundation
import Testing

@Suite("Timestamps")
struct TimestampTests {
    @Test("A time prints the same before and after a trip through an event's JSON, to the millisecond")
    func roundTripThroughJSON() throws {
        // Decisions stamp whole milliseconds; JSON (seconds since 2001 as a Double) adds noise around them.
        for millis in 0..<1000 {
            let date = Date(timeIntervalSince1970: 1_795_000_000 + Double(millis) / 1000)
            let back = try JSONDecoder().decode([Date].self, from: JSONEncoder().encode([date]))[0]
            #expect(RFC3339.format(back) == RFC3339.format(date))
            #expect(RFC3339.format(date).hasSuffix(String(format: ".%03dZ", millis)))
        }
        #expect(RFC3339.format(Date(timeIntervalSince1970: 1_795_000_000.0804)) == "2026-11-18T11:06:40.080Z")
        #expect(RFC3339.format(Date(timeIntervalSince1970: 1_795_000_000.0006)) == "2026-11-18T11:06:40.001Z")
        #expect(RFC3339.format(Date(timeIntervalSince1970: 1_795_000_000.9996)) == "2026-11-18T11:06:41.000Z")
        let now = RFC3339.now()
        #expect(abs(RFC3339.parse(RFC3339.format(now))!.timeIntervalSince(now)) < 0.000_01, "decisions stamp whole milliseconds")
    }
}
