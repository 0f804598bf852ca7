import Foundation
import Testing
import Domain

@Suite("Calendar dates")
struct CalendarDateTests {
    @Test("Strict ISO YYYY-MM-DD parses to its parts")
    func parsesISO() throws {
        let date = try #require(CalendarDate(iso: "2023-12-25"))
        #expect(date.year == 2023)
        #expect(date.month == 12)
        #expect(date.day == 25)
        #expect(date.description == "2023-12-25")
    }

    @Test("Anything but a real YYYY-MM-DD day is refused", arguments: [
        "2023-02-30", "2023-04-31", "2023-13-01", "2023-00-10", "2023-01-00", "0000-01-01",
        "2023-2-3", "2023-02-3", "23-02-03", "20230203", "2023/02/03", "03/02/2023",
        "2023-02-03T00:00:00Z", " 2023-02-03", "2023-0a-03", "-023-02-03", "", "２０２３-02-03",
    ])
    func refused(text: String) {
        #expect(CalendarDate(iso: text) == nil)
    }

    @Test("Leap years follow the Gregorian rule", arguments: [
        ("2024-02-29", true), ("2023-02-29", false), ("1900-02-29", false), ("2000-02-29", true),
        ("2100-02-29", false), ("2024-02-30", false),
    ])
    func leapYears(text: String, valid: Bool) {
        #expect((CalendarDate(iso: text) != nil) == valid)
    }

    @Test("Dates order by year, then month, then day")
    func ordering() throws {
        let texts = ["2024-01-31", "2023-12-31", "2024-02-01", "1999-06-15", "2024-01-05"]
        let dates = try texts.map { try #require(CalendarDate(iso: $0)) }
        #expect(dates.sorted().map(\.description) == ["1999-06-15", "2023-12-31", "2024-01-05", "2024-01-31", "2024-02-01"])
        #expect(CalendarDate(year: 2024, month: 1, day: 1)! == CalendarDate(iso: "2024-01-01")!)
        #expect(!(CalendarDate.earliestBirthDate < CalendarDate.earliestBirthDate))
    }

    @Test("Small years are zero-padded when printed")
    func padding() {
        #expect(CalendarDate(year: 987, month: 1, day: 5)?.description == "0987-01-05")
    }

    @Test("The UTC day of an instant")
    func utcDay() {
        // 2024-02-29T23:59:59Z is still the 29th in UTC, whatever the machine's zone.
        #expect(CalendarDate(utcDayOf: Date(timeIntervalSince1970: 1_709_251_199)).description == "2024-02-29")
        #expect(CalendarDate(utcDayOf: Date(timeIntervalSince1970: 1_709_251_200)).description == "2024-03-01")
    }

    @Test("JSON form is the ISO string; bad dates do not decode")
    func codable() throws {
        let date = try #require(CalendarDate(iso: "2024-02-29"))
        let data = try JSONEncoder().encode([date])
        #expect(String(decoding: data, as: UTF8.self) == #"["2024-02-29"]"#)
        #expect(try JSONDecoder().decode([CalendarDate].self, from: data) == [date])
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([CalendarDate].self, from: Data(#"["2023-02-29"]"#.utf8))
        }
    }
}
