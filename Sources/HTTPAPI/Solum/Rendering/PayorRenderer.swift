import Domain
import Foundation

/// Payors in seed 001's response shape: what the client sent (with the id given at storage),
/// the response-only fields present as null until the system computes them (eligibility, COB).
enum PayorRenderer {
    static let responseOnlyFields = [
        "created_at", "updated_at", "medicaid_id", "cob_notes", "cob_last_verified_at", "has_other_active_coverage",
        "out_of_state_benefits", "out_of_state_benefits_comments", "in_grace_period", "last_payment_date", "is_cobra_coverage",
        "deductible_apply_to_oop", "copay_applies_to_oop_max", "eligibility_check_status", "eligibility_check_date",
        "ai_summary", "ai_summary_generated_at",
    ]

    static func render(_ payors: JSONValue, patientId: UUID) -> JSONValue {
        guard case .array(let items) = payors else { return .array([]) }
        return .array(items.map { payor in
            guard case .object(var pairs) = payor else { return payor }
            if !pairs.contains(where: { $0.0 == "patient_id" }) { pairs.append(("patient_id", .id(patientId))) }
            if !pairs.contains(where: { $0.0 == "version" }) { pairs.append(("version", .int(1))) }
            for field in responseOnlyFields where !pairs.contains(where: { $0.0 == field }) { pairs.append((field, .null)) }
            if !pairs.contains(where: { $0.0 == "active" }) { pairs.append(("active", .bool(true))) }
            return .object(pairs)
        })
    }
}
