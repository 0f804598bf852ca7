import Domain
import Foundation
import ReadModels

/// The one renderer of the patient resource, in seed 001's response shape. Parts the system does
/// not hold yet (payors, first communication) are present as null or empty, never missing.
enum PatientRenderer {
    static func render(_ p: PatientView) -> JSONValue {
        .object([
            ("id", .id(p.id)),
            // The same patient's id in the other dialects' spellings (docs/ids.md).
            ("other_ids", .object([("heim", .string(HeimIds.string(p.id, .patient))), ("cliniko", .string(ClinikoIds.text(p.id)))])),
            ("created_at", .time(p.createdAt)),
            ("updated_at", .time(p.updatedAt)),
            ("first_name", .text(p.firstName)),
            ("last_name", .text(p.lastName)),
            ("middle_name", .text(p.middleName)),
            ("phone_number", .text(p.phoneNumber)),
            ("additional_phone_number", .text(p.additionalPhoneNumber)),
            ("email", .text(p.email)),
            ("date_of_birth", .text(p.dateOfBirth)),
            ("gender", .text(p.gender)),
            ("address", .text(p.address)),
            ("address2", .text(p.address2)),
            ("city", .text(p.city)),
            ("state", .text(p.state)),
            ("zip", .text(p.zip)),
            ("workflow_stage_id", .id(p.workflowStageId)),
            ("assigned_user_id", .id(p.assignedUserId)),
            ("location_id", .id(p.locationId)),
            ("organization_id", .id(p.organizationId)),
            ("created_from", .string(p.createdFrom)),
            ("active", .bool(p.active)),
            ("version", .int(p.version)),
            ("first_communication_at", .time(p.firstCommunicationAt)),
            ("custom_fields", JSONValue.parse(p.customFieldsJSON)),
            ("comments", .text(p.comments)),
            ("tags", .array(p.tags.map { .object([("id", .id($0.id)), ("name", .string($0.name))]) })),
            ("workflow_stage", p.workflowStage.map(ReferenceRenderer.stage) ?? .null),
            ("assigned_user", p.assignedUser.map(ReferenceRenderer.user) ?? .null),
            ("referrals", .array(p.referrals.map(referral))),
            ("payors", PayorRenderer.render(JSONValue.parse(p.payorsJSON), patientId: p.id)),
            ("external_id_values", .array(p.externalIds.map(externalId))),
        ])
    }

    static func referral(_ r: ReferralView) -> JSONValue {
        .object([
            ("id", .id(r.id)),
            ("physician_name", .text(r.physicianName)),
            ("physician_email", .text(r.physicianEmail)),
            ("physician_phone", .text(r.physicianPhone)),
            ("physician_fax", .text(r.physicianFax)),
            ("physician_group", .text(r.physicianGroup)),
            ("physician_npi", .text(r.physicianNpi)),
            ("physician_address", .text(r.physicianAddress)),
            ("physician_address_2", .text(r.physicianAddress2)),
            ("physician_city", .text(r.physicianCity)),
            ("physician_zip", .text(r.physicianZip)),
            ("icd_codes", .array(r.icdCodes.map(JSONValue.string))),
            ("service_types", .array(r.serviceTypes.map(JSONValue.string))),
            ("start_date", .text(r.startDate)),
            ("end_date", .text(r.endDate)),
            ("location_id", .id(r.locationId)),
            ("file_id", .text(r.fileId)),
            ("created_at", .time(r.createdAt)),
            ("updated_at", .time(r.updatedAt)),
        ])
    }

    static func externalId(_ x: ExternalIdView) -> JSONValue {
        .object([
            ("patient_id", .id(x.patientId)),
            ("value", .string(x.value)),
            ("external_id_type", ReferenceRenderer.externalIdType(x.type)),
            ("created_at", .time(x.createdAt)),
            ("updated_at", .time(x.updatedAt)),
        ])
    }

    static func history(_ h: HistoryEntryView) -> JSONValue {
        .object([
            ("id", .id(h.eventId)),
            ("occurred_at", .time(h.occurredAt)),
            ("actor", .string(h.actor)),
            ("channel", .string(h.channel)),
            ("action", .string(h.action)),
            ("event_type", .string(h.eventType)),
            ("changes", .array(h.changes.map { .object([("field", .string($0.field)), ("old", $0.old), ("new", $0.new)]) })),
        ])
    }
}

/// The History document `GET /v1/patients/{id}/history` answers — also what `clinicledger history
/// --format json` prints, so the two cannot drift apart.
public enum HistoryDocument {
    static func value(patientId: UUID, entries: [HistoryEntryView]) -> JSONValue {
        .object([("patient_id", .id(patientId)), ("items", .array(entries.map(PatientRenderer.history)))])
    }

    /// The document as JSON text, members in the order the API writes them.
    public static func text(patientId: UUID, entries: [HistoryEntryView]) -> String {
        String(decoding: value(patientId: patientId, entries: entries).orderedText, as: UTF8.self)
    }
}
