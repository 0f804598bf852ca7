import Foundation
import Testing
import Domain

@Suite("Batch items decode from the seed's JSON")
struct PatientDraftDecodingTests {
    @Test("Every seed 000 field name maps to its draft field")
    func seedFieldNames() throws {
        let json = #"""
        {"first_name":"Jane","last_name":"Doe","middle_name":"Q","phone_number":"212-555-0123",
         "additional_phone_number":"+44 20 7946 0958","email":"j@x.io","date_of_birth":"2023-12-25","gender":"male",
         "address":"1 A St","address2":"Fl 2","city":"Albany","state":"alabama","zip":"12345","external_id":"E1",
         "comments":"c","workflow_stage_id":"s","assigned_user_id":"u","tags":["t"],
         "referral":{"physician_name":"pn","physician_email":"pe@x.io","physician_phone":"pp","physician_fax":"pf",
                     "physician_group":"pg","physician_npi":"1234567893","icd_codes":["M54.5"],
                     "service_types":["medical_care"],"start_date":"2023-12-25","end_date":"2023-12-26","location_id":"l"}}
        """#
        let d = try JSONDecoder().decode(PatientDraft.self, from: Data(json.utf8))
        #expect([d.firstName, d.lastName, d.middleName, d.phoneNumber, d.additionalPhoneNumber, d.email, d.dateOfBirth,
                 d.gender, d.address, d.address2, d.city, d.state, d.zip, d.externalId, d.comments, d.workflowStageId,
                 d.assignedUserId] == ["Jane", "Doe", "Q", "212-555-0123", "+44 20 7946 0958", "j@x.io", "2023-12-25",
                                       "male", "1 A St", "Fl 2", "Albany", "alabama", "12345", "E1", "c", "s", "u"])
        #expect(d.tags == ["t"])
        let r = try #require(d.referral)
        #expect([r.physicianName, r.physicianEmail, r.physicianPhone, r.physicianFax, r.physicianGroup, r.physicianNpi,
                 r.startDate, r.endDate, r.locationId] == ["pn", "pe@x.io", "pp", "pf", "pg", "1234567893",
                                                           "2023-12-25", "2023-12-26", "l"])
        #expect(r.icdCodes == ["M54.5"])
        #expect(r.serviceTypes == ["medical_care"])
    }

    @Test("Absent fields decode as nil, so the decider can report them as missing")
    func absent() throws {
        let d = try JSONDecoder().decode(PatientDraft.self, from: Data(#"{"last_name":"Doe"}"#.utf8))
        #expect(d == PatientDraft(firstName: nil, lastName: "Doe"))
        let error = try #require(Fixture.batchRefusal([d]))
        #expect(error.field == "items[0].first_name")
    }
}
