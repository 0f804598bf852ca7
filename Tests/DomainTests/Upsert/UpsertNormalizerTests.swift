import Foundation
import Testing
import Domain

@Suite("Upsert normalisation: text, phones, e-mail")
struct UpsertNormalizerContactTests {
    @Test("phone shapes integrators send become E.164", arguments: [
        "(212) 555-0123", "212.555.0123", "+1 212 555 0123", "1-212-555-0123", "2125550123",
        "(212) 555-0123 x45", "212-555-0123 ext. 7", "tel: 212 555 0123", "Phone: 212.555.0123 (cell)",
    ])
    func phoneShapes(_ raw: String) {
        let n = UpsertFixture.normalize(UpsertFixture.draft { $0.phoneNumber = raw; $0.additionalPhoneNumber = raw })
        #expect(n.phoneNumber == "+12125550123")
        #expect(n.additionalPhoneNumber == "+12125550123")
        #expect(n.droppedFields.isEmpty)
    }

    @Test("an unparseable phone is dropped and named", arguments: ["555-0123", "call me", "12345", "(012) 555-0123", "212-555-CALL"])
    func badPhone(_ raw: String) {
        let n = UpsertFixture.normalize(UpsertFixture.draft { $0.phoneNumber = raw; $0.firstName = "Ann" })
        #expect(n.phoneNumber == nil)
        #expect(n.firstName == "Ann")
        #expect(n.droppedFields == ["phone_number"])
    }

    @Test("empty and whitespace-only values are absent, not dropped")
    func blanksAreAbsent() {
        let n = UpsertFixture.normalize(UpsertFixture.draft {
            $0.phoneNumber = "   "; $0.email = ""; $0.dateOfBirth = " \n"; $0.gender = ""; $0.state = " "
            $0.locationId = ""; $0.firstName = "  "; $0.externalId = ExternalIdDraft(typeId: " ", value: "")
        })
        #expect(n == NormalizedUpsert())
    }

    @Test("text is trimmed")
    func trimmed() {
        let n = UpsertFixture.normalize(UpsertFixture.draft {
            $0.firstName = "  Maria "; $0.lastName = "\tGarcia\n"; $0.city = " Queens "; $0.comments = " note "
        })
        #expect(n.firstName == "Maria")
        #expect(n.lastName == "Garcia")
        #expect(n.city == "Queens")
        #expect(n.comments == "note")
    }

    @Test("an over-long name is dropped rather than cut")
    func overLong() {
        let n = UpsertFixture.normalize(UpsertFixture.draft { $0.firstName = String(repeating: "a", count: 101) })
        #expect(n.firstName == nil)
        #expect(n.droppedFields == ["first_name"])
    }

    @Test("e-mail: trimmed, domain lower-cased; a bad one dropped")
    func email() {
        #expect(UpsertFixture.normalize(UpsertFixture.draft { $0.email = " Maria.G@Example.COM " }).email == "Maria.G@example.com")
        let bad = UpsertFixture.normalize(UpsertFixture.draft { $0.email = "maria at example" })
        #expect(bad.email == nil)
        #expect(bad.droppedFields == ["email"])
    }

    @Test("zip: 5 digits or ZIP+4; otherwise dropped")
    func zip() {
        #expect(UpsertFixture.normalize(UpsertFixture.draft { $0.zip = "10001" }).zip == "10001")
        #expect(UpsertFixture.normalize(UpsertFixture.draft { $0.zip = "100011234" }).zip == "10001-1234")
        #expect(UpsertFixture.normalize(UpsertFixture.draft { $0.zip = "10001-1234" }).zip == "10001-1234")
        #expect(UpsertFixture.normalize(UpsertFixture.draft { $0.zip = "1000" }).droppedFields == ["zip"])
    }

    @Test("payors and custom_fields pass through as given")
    func passThrough() {
        let payor = JSONValue.object([("insurance_id", .string("ins-1")), ("payor_responsibility", .string("primary"))])
        let n = UpsertFixture.normalize(UpsertFixture.draft {
            $0.payors = [payor]; $0.customFields = .object([("favourite_colour", .string("green")), ("visits", .int(3))])
        })
        #expect(n.payors == [payor])
        #expect(n.customFields?.objectPairs?.map(\.0) == ["favourite_colour", "visits"])
        #expect(n.customFields?.objectPairs?.map(\.1) == [.string("green"), .int(3)])
    }
}

@Suite("Upsert normalisation: date of birth")
struct UpsertNormalizerBirthDateTests {
    @Test("each accepted shape", arguments: [
        ("1984-02-29", 1984, 2, 29), ("19840229", 1984, 2, 29), ("02/29/1984", 1984, 2, 29), ("02-29-1984", 1984, 2, 29),
        ("3/7/1984", 1984, 3, 7), ("07/04/76", 1976, 7, 4), (" 1990-12-31 ", 1990, 12, 31),
    ])
    func shapes(_ raw: String, _ y: Int, _ m: Int, _ d: Int) {
        let n = UpsertFixture.normalize(UpsertFixture.draft { $0.dateOfBirth = raw })
        #expect(n.dateOfBirth == UpsertFixture.date(y, m, d))
        #expect(n.droppedFields.isEmpty)
    }

    @Test("two-digit years take the latest century not in the future (today 2025-06-15)", arguments: [
        ("06/15/25", 2025, 6, 15),   // today itself
        ("06/16/25", 1925, 6, 16),   // tomorrow in 2025 → 1925
        ("01/01/00", 2000, 1, 1),
        ("12/31/99", 1999, 12, 31),
        ("05/01/24", 2024, 5, 1),
        ("05/01/30", 1930, 5, 1),
    ])
    func twoDigitYears(_ raw: String, _ y: Int, _ m: Int, _ d: Int) {
        #expect(DateOfBirthParser.parseBirthDate(raw, today: UpsertFixture.today) == UpsertFixture.date(y, m, d))
    }

    @Test("February 29 only in leap years, the two-digit year resolved first")
    func leapDays() {
        let today = UpsertFixture.today
        #expect(DateOfBirthParser.parseBirthDate("02/29/2024", today: today) == UpsertFixture.date(2024, 2, 29))
        #expect(DateOfBirthParser.parseBirthDate("02/29/00", today: today) == UpsertFixture.date(2000, 2, 29))
        #expect(DateOfBirthParser.parseBirthDate("02/29/28", today: today) == UpsertFixture.date(1928, 2, 29))
        #expect(DateOfBirthParser.parseBirthDate("2023-02-29", today: today) == nil)
        #expect(DateOfBirthParser.parseBirthDate("02/29/25", today: today) == nil)  // neither 2025 nor 1925 is a leap year
        #expect(DateOfBirthParser.parseBirthDate("1900-02-29", today: today) == nil)  // 1900 is not a leap year
    }

    @Test("outside 1900-01-01...today, unreal, or unreadable: dropped", arguments: [
        "2025-06-16", "1899-12-31", "2025-13-01", "04/31/1990", "1990-00-10", "31/12/1990", "yesterday", "1990-1-2-3", "199012",
        "12/31/1990 extra",
    ])
    func dropped(_ raw: String) {
        let n = UpsertFixture.normalize(UpsertFixture.draft { $0.dateOfBirth = raw })
        #expect(n.dateOfBirth == nil)
        #expect(n.droppedFields == ["date_of_birth"])
    }

    @Test("the bounds themselves are accepted")
    func bounds() {
        #expect(DateOfBirthParser.parseBirthDate("1900-01-01", today: UpsertFixture.today) == UpsertFixture.date(1900, 1, 1))
        #expect(DateOfBirthParser.parseBirthDate("2025-06-15", today: UpsertFixture.today) == UpsertFixture.today)
    }

    @Test("non-birth dates: any real day; two-digit years nearest to today")
    func anyDate() {
        let near = DateOfBirthParser.Century.nearest(UpsertFixture.today)
        #expect(DateOfBirthParser.parse("01/15/26", century: near) == UpsertFixture.date(2026, 1, 15))
        #expect(DateOfBirthParser.parse("01/15/80", century: near) == UpsertFixture.date(1980, 1, 15))
        #expect(DateOfBirthParser.parse("2031-12-31", century: near) == UpsertFixture.date(2031, 12, 31))
        #expect(DateOfBirthParser.parse("1850-01-01", century: near) == UpsertFixture.date(1850, 1, 1))
        #expect(DateOfBirthParser.parse("2026-02-29", century: near) == nil)
    }
}

@Suite("Upsert normalisation: enums and references")
struct UpsertNormalizerEnumTests {
    @Test("gender synonyms, any case", arguments: [
        ("M", Gender.male), ("male", .male), ("Man", .male), ("f", .female), ("FEMALE", .female), ("woman", .female),
        ("o", .other), ("Other", .other), ("x", .other), ("non-binary", .other), ("Non Binary", .other), ("nonbinary", .other),
        ("u", .unknown), ("Unknown", .unknown), ("prefer not to say", .unknown),
    ])
    func gender(_ raw: String, _ expected: Gender) {
        #expect(UpsertFixture.normalize(UpsertFixture.draft { $0.gender = raw }).gender == expected)
    }

    @Test("state: raw values, full names, USPS codes, any case", arguments: [
        ("new_york", USState.new_york), ("New York", .new_york), ("new-york", .new_york), ("NEW YORK", .new_york),
        ("NY", .new_york), ("ny", .new_york), ("DC", .district_of_columbia), ("D.C.", .district_of_columbia),
        ("District of Columbia", .district_of_columbia), ("Washington, D.C.", .district_of_columbia),
        ("PR", .puerto_rico), ("Puerto Rico", .puerto_rico), ("WA", .washington), ("Washington", .washington),
        ("U.S. Virgin Islands", .us_virgin_islands), ("texas", .texas), (" CA ", .california),
    ])
    func state(_ raw: String, _ expected: USState) {
        #expect(UpsertFixture.normalize(UpsertFixture.draft { $0.state = raw }).state == expected)
    }

    @Test("unrecognised gender and state are dropped")
    func unrecognised() {
        let n = UpsertFixture.normalize(UpsertFixture.draft { $0.gender = "maybe"; $0.state = "Ontario" })
        #expect(n.gender == nil && n.state == nil)
        #expect(n.droppedFields == ["gender", "state"])
    }

    @Test("ids of the organization's own entities are kept, in any letter case")
    func ownIds() {
        let n = UpsertFixture.normalize(UpsertFixture.draft {
            $0.workflowStageId = Fixture.stageId.uuidString.lowercased()
            $0.assignedUserId = Fixture.userId.uuidString
            $0.locationId = " \(Fixture.locationId.uuidString) "
        })
        #expect(n.workflowStageId == Fixture.stageId)
        #expect(n.assignedUserId == Fixture.userId)
        #expect(n.locationId == Fixture.locationId)
        #expect(n.droppedFields.isEmpty)
    }

    @Test("another organization's ids, unknown ids and malformed ids are dropped")
    func foreignIds() {
        let foreign = UpsertFixture.normalize(UpsertFixture.draft {
            $0.workflowStageId = Fixture.otherStageId.uuidString
            $0.assignedUserId = Fixture.otherUserId.uuidString
            $0.locationId = Fixture.otherLocationId.uuidString
        })
        #expect(foreign.workflowStageId == nil && foreign.assignedUserId == nil && foreign.locationId == nil)
        #expect(foreign.droppedFields == ["workflow_stage_id", "assigned_user_id", "location_id"])

        let malformed = UpsertFixture.normalize(UpsertFixture.draft {
            $0.locationId = "main-clinic"; $0.workflowStageId = Fixture.stageId.uuidString + "x"
            $0.assignedUserId = Fixture.stageId.uuidString  // a real id, but of a stage, not a user
        })
        #expect(malformed.droppedFields == ["workflow_stage_id", "assigned_user_id", "location_id"])
    }

    @Test("external_id: a declared type and a value")
    func externalId() {
        let ok = UpsertFixture.normalize(UpsertFixture.draft {
            $0.externalId = ExternalIdDraft(typeId: Fixture.mrnTypeId.uuidString.lowercased(), value: " MRN-9 ")
        })
        #expect(ok.externalId == ExternalIdValue(typeId: Fixture.mrnTypeId, value: "MRN-9"))
        #expect(ok.droppedFields.isEmpty)
    }

    @Test("external_id with an unknown type, a malformed type, no type or no value is dropped whole", arguments: [
        ExternalIdDraft(typeId: Fixture.id(999).uuidString, value: "MRN-9"),
        ExternalIdDraft(typeId: "mrn", value: "MRN-9"),
        ExternalIdDraft(typeId: nil, value: "MRN-9"),
        ExternalIdDraft(typeId: Fixture.mrnTypeId.uuidString, value: "  "),
    ])
    func externalIdDropped(_ raw: ExternalIdDraft) {
        let n = UpsertFixture.normalize(UpsertFixture.draft { $0.externalId = raw })
        #expect(n.externalId == nil)
        #expect(n.droppedFields == ["external_id"])
    }

    @Test("another organization's external id type is unknown here")
    func foreignExternalIdType() {
        let n = UpsertFixture.normalize(UpsertFixture.draft { $0.externalId = ExternalIdDraft(typeId: Fixture.id(102).uuidString, value: "A") })
        #expect(n.droppedFields == ["external_id"])
    }

    @Test("tags: trimmed, empty skipped, case-insensitive duplicates removed keeping the first spelling")
    func tags() {
        let n = UpsertFixture.normalize(UpsertFixture.draft { $0.tags = [" VIP ", "spanish", "", "vip", "  ", "Spanish", "wheelchair"] })
        #expect(n.tags == ["VIP", "spanish", "wheelchair"])
        #expect(n.droppedFields.isEmpty)
        #expect(UpsertFixture.normalize(UpsertFixture.draft { $0.tags = [] }).tags == [])
        #expect(UpsertFixture.normalize(UpsertFixture.draft { $0.tags = nil }).tags == nil)
    }
}

@Suite("Upsert normalisation: referral and dropped_fields")
struct UpsertNormalizerReferralTests {
    @Test("every usable referral field is kept, normalised")
    func fullReferral() throws {
        var r = UpsertReferralDraft()
        r.physicianName = " Dr. House "
        r.physicianEmail = "house@PPTH.org"
        r.physicianPhone = "212.555.0199"
        r.physicianFax = "1-212-555-0198"
        r.physicianGroup = "PPTH"
        r.physicianNpi = "1234567893"
        r.physicianAddress = "1 Hospital Way"
        r.physicianAddress2 = "Suite 2"
        r.physicianCity = "Princeton"
        r.physicianZip = "08540"
        r.icdCodes = ["m545", "M79.1", "M54.5"]
        r.serviceTypes = ["physical_therapy", "Medical Care", "PHYSICAL_THERAPY"]
        r.startDate = "01/15/2025"
        r.endDate = "20251231"
        r.locationId = Fixture.locationId.uuidString
        r.fileId = "file-123"
        let n = UpsertFixture.normalize(UpsertFixture.draft { $0.referral = r })
        let referral = try #require(n.referral)
        #expect(referral.id == UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)))
        #expect(referral.physicianName == "Dr. House")
        #expect(referral.physicianEmail == "house@ppth.org")
        #expect(referral.physicianPhone == "+12125550199")
        #expect(referral.physicianFax == "+12125550198")
        #expect(referral.physicianNpi == "1234567893")
        #expect(referral.physicianAddress == "1 Hospital Way" && referral.physicianAddress2 == "Suite 2")
        #expect(referral.physicianCity == "Princeton" && referral.physicianZip == "08540")
        #expect(referral.icdCodes == ["M54.5", "M79.1"])
        #expect(referral.serviceTypes == [.physical_therapy, .medical_care])
        #expect(referral.startDate == UpsertFixture.date(2025, 1, 15))
        #expect(referral.endDate == UpsertFixture.date(2025, 12, 31))
        #expect(referral.locationId == Fixture.locationId)
        #expect(referral.fileId == "file-123")
        #expect(n.droppedFields.isEmpty)
    }

    @Test("bad referral fields are dropped by path and index; the rest is kept")
    func badReferralFields() throws {
        var r = UpsertReferralDraft()
        r.physicianName = "Dr. Grey"
        r.physicianEmail = "grey@"
        r.physicianPhone = "555"
        r.physicianFax = "fax me"
        r.physicianNpi = "1234567890"  // bad check digit
        r.icdCodes = ["M54.5", "", "12345", "Z00.00"]
        r.serviceTypes = ["massage", "urgent_care"]
        r.startDate = "2025-02-30"
        r.endDate = "2030-01-01"
        r.locationId = Fixture.otherLocationId.uuidString
        let n = UpsertFixture.normalize(UpsertFixture.draft { $0.referral = r })
        let referral = try #require(n.referral)
        #expect(referral.physicianName == "Dr. Grey")
        #expect(referral.icdCodes == ["M54.5", "Z00.00"])
        #expect(referral.serviceTypes == [.urgent_care])
        #expect(referral.endDate == UpsertFixture.date(2030, 1, 1))  // future dates are fine for a referral
        #expect(n.droppedFields == [
            "referral.physician_email", "referral.physician_phone", "referral.physician_fax", "referral.physician_npi",
            "referral.icd_codes[2]", "referral.service_types[0]", "referral.start_date", "referral.location_id",
        ])
    }

    @Test("an end date before the start date is dropped")
    func endBeforeStart() throws {
        var r = UpsertReferralDraft()
        r.startDate = "2025-06-01"
        r.endDate = "2025-05-01"
        let n = UpsertFixture.normalize(UpsertFixture.draft { $0.referral = r })
        #expect(try #require(n.referral).endDate == nil)
        #expect(n.droppedFields == ["referral.end_date"])
    }

    @Test("a referral with no usable field is no referral")
    func emptyReferral() {
        #expect(UpsertFixture.normalize(UpsertFixture.draft { $0.referral = UpsertReferralDraft() }).referral == nil)
        var r = UpsertReferralDraft()
        r.physicianPhone = "nope"
        r.icdCodes = ["??"]
        let n = UpsertFixture.normalize(UpsertFixture.draft { $0.referral = r })
        #expect(n.referral == nil)
        #expect(n.droppedFields == ["referral.physician_phone", "referral.icd_codes[0]"])
    }

    @Test("dropped_fields: the reader's paths first, then the request's fields in request order")
    func droppedOrder() {
        var r = UpsertReferralDraft()
        r.physicianPhone = "x"
        let n = UpsertFixture.normalize(UpsertFixture.draft {
            $0.droppedFields = ["middle_name", "referral.icd_codes[1]"]
            $0.externalId = ExternalIdDraft(typeId: "nope", value: "1")
            $0.firstName = "Ann"
            $0.dateOfBirth = "02/30/1990"
            $0.gender = "?"
            $0.phoneNumber = "12"
            $0.additionalPhoneNumber = "(212) 555-0123"
            $0.email = "@"
            $0.state = "Narnia"
            $0.zip = "ABCDE"
            $0.workflowStageId = "stage"
            $0.assignedUserId = "user"
            $0.locationId = "loc"
            $0.referral = r
        })
        #expect(n.droppedFields == [
            "middle_name", "referral.icd_codes[1]",
            "external_id", "date_of_birth", "gender", "phone_number", "email", "state", "zip",
            "workflow_stage_id", "assigned_user_id", "location_id", "referral.physician_phone",
        ])
        #expect(n.firstName == "Ann")
        #expect(n.additionalPhoneNumber == "+12125550123")
        #expect(!n.hasPhone)  // only phone_number counts for the invariant
    }
}
