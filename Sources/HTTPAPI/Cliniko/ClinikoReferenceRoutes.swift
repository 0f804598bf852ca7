import Foundation
import Hummingbird
import ReadModels

/// `GET /v1/businesses`, `/v1/practitioners`, `/v1/appointment_types` and each by id: the
/// organization's reference data as Cliniko spells it, listed with `q[]`, `sort` and paging.
struct ClinikoReferenceRoutes {
    let services: APIServices

    static let businesses = ClinikoResource<LocationView>(
        path: "businesses", name: "Business", schema: ClinikoReferenceData.businesses,
        fetch: { queries, org, list, schema in try await queries.locations(org: org, list: list, schema: schema) },
        render: ClinikoReferenceData.render)
    static let practitioners = ClinikoResource<PractitionerView>(
        path: "practitioners", name: "Practitioner", schema: ClinikoReferenceData.practitioners,
        fetch: { queries, org, list, schema in try await queries.practitioners(org: org, list: list, schema: schema) },
        render: ClinikoReferenceData.render)
    static let appointmentTypes = ClinikoResource<AppointmentTypeView>(
        path: "appointment_types", name: "Appointment type", schema: ClinikoReferenceData.appointmentTypes,
        fetch: { queries, org, list, schema in try await queries.appointmentTypes(org: org, list: list, schema: schema) },
        render: ClinikoReferenceData.render)

    func register(_ group: RouterGroup<ClinikoRequestContext>) {
        Self.businesses.register(group, services: services)
        Self.practitioners.register(group, services: services)
        Self.appointmentTypes.register(group, services: services)
    }
}
