/// Referral service types: the benefit categories of the X12 270/271 eligibility
/// transaction (EB03), in Solum's snake_case form (`medical_care`).
public enum ServiceType: String, CaseIterable, Codable, Sendable {
    case medical_care, surgical, consultation, diagnostic_xray, diagnostic_lab
    case radiation_therapy, anesthesia, surgical_assistance, blood, durable_medical_equipment
    case pharmacy, hospital_inpatient, hospital_outpatient, emergency_services, urgent_care
    case mental_health, psychotherapy, substance_abuse, physical_therapy, occupational_therapy
    case speech_therapy, chiropractic, dental_care, vision_optometry, home_health_care
    case skilled_nursing_care, hospice, telemedicine, maternity, allergy, cardiac_rehabilitation
}
