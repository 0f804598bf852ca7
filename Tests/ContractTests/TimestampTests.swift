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
            #expect(Timestamp.format(back) == Timestamp.format(date))
            #expect(Timestamp.format(date).hasSuffix(String(format: ".%03dZ", millis)))
        }
        #expect(Timestamp.format(Date(timeIntervalSince1970: 1_795_000_000.0804)) == "2026-11-18T11:06:40.080Z")
        #expect(Timestamp.format(Date(timeIntervalSince1970: 1_795_000_000.0006)) == "2026-11-18T11:06:40.001Z")
        #expect(Timestamp.format(Date(timeIntervalSince1970: 1_795_000_000.9996)) == "2026-11-18T11:06:41.000Z")
        let now = Timestamp.now()
        #expect(abs(Timestamp.parse(Timestamp.format(now))!.timeIntervalSince(now)) < 0.000_01, "decisions stamp whole milliseconds")
    }
}
