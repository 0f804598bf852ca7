/// Why a command was refused. `field` names the offending input the way the client sent it
/// (`items[3].date_of_birth`), so every API family can render it in its own envelope.
public struct DomainError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable {
        case missingField = "missing_field"
        case invalidValue = "invalid_value"
        case unknownReference = "unknown_reference"
        case duplicateExternalId = "duplicate_external_id"
        case externalIdConflict = "external_id_conflict"
        case duplicateDeclaration = "duplicate_declaration"
        case organizationExists = "organization_exists"
        case organizationNotFound = "organization_not_found"
        case patientNotFound = "patient_not_found"
        /// The patient was merged into another (the review queue); act on the survivor.
        case patientMerged = "patient_merged"
        /// After normalisation the upsert has neither a phone nor full demographics.
        case insufficientIdentity = "insufficient_identity"
        /// Two or more different patients match in one tier: never merged silently.
        case ambiguousMatch = "ambiguous_match"
        /// Text holds a character no field may hold (`InputScreen`): U+0000 or another C0 control.
        case invalidCharacter = "invalid_character"
        /// A list is longer than its `InputLimits` cap.
        case tooManyItems = "too_many_items"
        /// A text or a free-form value is longer than its `InputLimits` cap.
        case valueTooLong = "value_too_long"
        /// A free-form value nests deeper than `InputLimits.jsonDepth`.
        case nestingTooDeep = "nesting_too_deep"
        /// The time asked for is not free.
        case slotUnavailable = "slot_unavailable"
        /// The appointment's status does not allow this.
        case invalidTransition = "invalid_transition"
        /// No such appointment in the caller's organization.
        case appointmentNotFound = "appointment_not_found"
        /// No such group appointment in the caller's organization.
        case groupAppointmentNotFound = "group_appointment_not_found"
        /// No such attendee (a patient's place in a group appointment) in the caller's organization.
        case attendeeNotFound = "attendee_not_found"
        /// No such waitlist request in the caller's organization.
        case waitlistRequestNotFound = "waitlist_request_not_found"
        /// The caller may not act on this (a patient on another patient's request).
        case notPermitted = "not_permitted"
    }

    public var code: Code
    public var message: String
    public var field: String?

    public init(_ code: Code, _ message: String, field: String? = nil) {
        self.code = code; self.message = message; self.field = field
    }

    public var description: String { "\(code.rawValue): \(message)" + (field.map { " (\($0))" } ?? "") }
}
