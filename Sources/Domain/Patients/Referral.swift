import Foundation

/// A referral from a physician, nested in a patient.
public struct Referral: Codable, Sendable, Equatable {
    public var id: UUID
    public var physicianName: String?
    public var physicianEmail: String?
    public var physicianPhone: String?
    public var physicianFax: String?
    public var physicianGroup: String?
    public var physicianNpi: String?
    public var physicianAddress: String?
    public var physicianAddress2: String?
    public var physicianCity: String?
    public var physicianZip: String?
    public var icdCodes: [String]
    public var serviceTypes: [ServiceType]
    public var startDate: CalendarDate?
    public var endDate: CalendarDate?
    public var locationId: UUID?
    public var fileId: String?

    public init(id: UUID) {
        self.id = id
        self.icdCodes = []
        self.serviceTypes = []
    }

    enum CodingKeys: String, CodingKey {
        case id, physicianName = "physician_name", physicianEmail = "physician_email"
        case physicianPhone = "physician_phone", physicianFax = "physician_fax"
        case physicianGroup = "physician_group", physicianNpi = "physician_npi"
        case physicianAddress = "physician_address", physicianAddress2 = "physician_address_2"
        case physicianCity = "physician_city", physicianZip = "physician_zip"
        case icdCodes = "icd_codes", serviceTypes = "service_types", startDate = "start_date"
        case endDate = "end_date", locationId = "location_id", fileId = "file_id"
    }
}

/// One identifier of a patient in an external system.
public struct ExternalIdValue: Codable, Sendable, Hashable {
    public var typeId: UUID
    public var value: String

    public init(typeId: UUID, value: String) { self.typeId = typeId; self.value = value }

    enum CodingKeys: String, CodingKey { case typeId = "type_id", value }
}
