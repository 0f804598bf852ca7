import Domain
import EventStore
import Foundation

/// A run of consecutive creations, gathered and inserted in bulk.
/// Column names match the tables; timestamps travel as Unix seconds (`to_timestamp`).
struct PatientRows {
    struct Patient: Encodable {
        let organization_id: UUID, id: UUID
        let first_name: String?, last_name: String?, middle_name: String?
        let phone_number: String?, additional_phone_number: String?, email: String?
        let date_of_birth: String?, gender: String?, address: String?, address2: String?
        let city: String?, state: String?, zip: String?, comments: String?
        let workflow_stage_id: UUID?, assigned_user_id: UUID?, location_id: UUID?
        let created_from: String, created_offset: Int64, version: Int, created_at: Double
        let payors: [JSONValue], custom_fields: JSONValue
    }

    struct PatientTag: Encodable { let organization_id: UUID, patient_id: UUID, tag_id: UUID }

    struct PatientReferral: Encodable {
        let organization_id: UUID, id: UUID, patient_id: UUID
        let physician_name: String?, physician_email: String?, physician_phone: String?, physician_fax: String?
        let physician_group: String?, physician_npi: String?, physician_address: String?, physician_address_2: String?
        let physician_city: String?, physician_zip: String?, icd_codes: [String], service_types: [String]
        let start_date: String?, end_date: String?, location_id: UUID?, file_id: String?, created_at: Double
    }

    struct PatientExternalId: Encodable {
        let organization_id: UUID, patient_id: UUID, type_id: UUID, value: String, created_at: Double
    }

    var patients: [Patient] = []
    var patientTags: [PatientTag] = []
    var referrals: [PatientReferral] = []
    var externalIds: [PatientExternalId] = []
    var isEmpty: Bool { patients.isEmpty }

    mutating func add(_ c: PatientCreated, from s: StoredEvent) {
        let e = s.envelope
        let org = e.organizationId, at = e.time.timeIntervalSince1970, p = c.profile
        patients.append(Patient(
            organization_id: org, id: c.patientId, first_name: p.firstName, last_name: p.lastName,
            middle_name: p.middleName, phone_number: p.phoneNumber, additional_phone_number: p.additionalPhoneNumber,
            email: p.email, date_of_birth: p.dateOfBirth?.description, gender: p.gender?.rawValue, address: p.address,
            address2: p.address2, city: p.city, state: p.state?.rawValue, zip: p.zip, comments: p.comments,
            workflow_stage_id: p.workflowStageId, assigned_user_id: p.assignedUserId, location_id: p.locationId,
            created_from: c.createdFrom.rawValue, created_offset: s.offset, version: e.aggregateVersion, created_at: at,
            payors: c.payors ?? [], custom_fields: c.customFields ?? .object([])))
        for tag in c.tagIds { patientTags.append(PatientTag(organization_id: org, patient_id: c.patientId, tag_id: tag)) }
        for r in c.referrals {
            referrals.append(PatientReferral(
                organization_id: org, id: r.id, patient_id: c.patientId, physician_name: r.physicianName,
                physician_email: r.physicianEmail, physician_phone: r.physicianPhone, physician_fax: r.physicianFax,
                physician_group: r.physicianGroup, physician_npi: r.physicianNpi, physician_address: r.physicianAddress,
                physician_address_2: r.physicianAddress2, physician_city: r.physicianCity, physician_zip: r.physicianZip,
                icd_codes: r.icdCodes, service_types: r.serviceTypes.map(\.rawValue), start_date: r.startDate?.description,
                end_date: r.endDate?.description, location_id: r.locationId, file_id: r.fileId, created_at: at))
        }
        for x in c.externalIds {
            externalIds.append(PatientExternalId(organization_id: org, patient_id: c.patientId, type_id: x.typeId, value: x.value, created_at: at))
        }
    }
}
