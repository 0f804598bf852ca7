import Foundation
import Testing
import Domain

@Suite struct WaitlistSettingsTests {
    @Test func aClinicsWaitlistIsDeclaredWithDefaultsAndItsCategoriesResolved() throws {
        let settings = try #require(Waitlist.state.reference.waitlists[Waitlist.lakeside])
        #expect(settings.enabled && settings.maxSpanDays == 30 && settings.holdMinutes == 15)
        #expect(Waitlist.therapy.kind == .initialEvaluation && Waitlist.therapy.durationMinutes == 60)
        #expect(Waitlist.followUp.kind == .followUp && Waitlist.followUp.durationMinutes == 30)
        #expect(Waitlist.state.reference.waitlists[Waitlist.mainClinic] == nil)
    }

    @Test func declaringTheSameSettingsAgainChangesNothingAndCategoryIdsSurviveAChange() throws {
        let again = try decide(.organization(.applyReferenceData(Waitlist.declaration)), state: Waitlist.state, context: Scheduling.context(seed: 901))
        #expect(again.events.isEmpty)
        var changed = Waitlist.declaration
        changed.waitlists[0].holdMinutes = 10
        changed.waitlists[0].categories[0].durationMinutes = 50
        let events = try decide(.organization(.applyReferenceData(changed)), state: Waitlist.state, context: Scheduling.context(seed: 902)).events
        guard case .organization(.clinicWaitlistConfigured(let s)) = try #require(events.first) else { Issue.record("no settings"); return }
        #expect(s.holdMinutes == 10 && s.categories[0].durationMinutes == 50)
        #expect(s.categories.map(\.id) == [Waitlist.therapy.id, Waitlist.followUp.id])
    }

    @Test(arguments: [
        (ClinicWaitlistDeclaration(clinic: "Nowhere"), "waitlists[0].clinic"),
        (ClinicWaitlistDeclaration(clinic: "Lakeside", maxSpanDays: 0), "waitlists[0].max_span_days"),
        (ClinicWaitlistDeclaration(clinic: "Lakeside", holdMinutes: 0), "waitlists[0].hold_minutes"),
        (ClinicWaitlistDeclaration(clinic: "Lakeside", categories: [.init(label: "X", appointmentType: "Massage", kind: "FOLLOW_UP")]),
         "waitlists[0].categories[0].appointment_type"),
        (ClinicWaitlistDeclaration(clinic: "Lakeside", categories: [.init(label: "X", appointmentType: "Consult", kind: "SECOND_OPINION")]),
         "waitlists[0].categories[0].kind"),
        (ClinicWaitlistDeclaration(clinic: "Lakeside", categories: [.init(label: "X", appointmentType: "Consult", kind: "FOLLOW_UP"),
                                                                    .init(label: "x", appointmentType: "Check", kind: "FOLLOW_UP")]),
         "waitlists[0].categories[1].label"),
    ])
    func aBadDeclarationIsRefusedNamingTheField(_ declared: ClinicWaitlistDeclaration, _ field: String) {
        let declaration = ReferenceDataDeclaration(waitlists: [declared])
        do {
            _ = try decide(.organization(.applyReferenceData(declaration)), state: Scheduling.state, context: Scheduling.context(seed: 903))
            Issue.record("accepted \(declared)")
        } catch { #expect(error.field == field) }
    }

    @Test func aClinicWithoutATimeZoneCannotRunAWaitlist() throws {
        let noZone = ReferenceDataDeclaration(locations: [LocationDeclaration(name: "Annex")], waitlists: [ClinicWaitlistDeclaration(clinic: "Annex")])
        do {
            _ = try decide(.organization(.applyReferenceData(noZone)), state: Scheduling.state, context: Scheduling.context(seed: 904))
            Issue.record("accepted a clinic without a zone")
        } catch { #expect(error.code == .missingField && error.field == "waitlists[0].clinic") }
    }
}
