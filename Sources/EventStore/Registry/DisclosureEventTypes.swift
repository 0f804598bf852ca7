import Domain
import Foundation

/// The accounting of disclosures' event types (`ce_type`) and their JSON payloads. Not under
/// `clinicledger.patient.*`: a consumer of patient changes selecting by that prefix must not
/// receive every read.
public enum DisclosureEventType: String, CaseIterable, Sendable {
    case patientRecordAccessed = "clinicledger.disclosure.patient_record_accessed.v1"

    public init(_ event: DisclosureEvent) {
        switch event {
        case .patientRecordAccessed: self = .patientRecordAccessed
        }
    }

    static func encode(_ event: DisclosureEvent, with e: JSONEncoder) throws -> Data {
        switch event {
        case .patientRecordAccessed(let x): return try e.encode(x)
        }
    }

    func decode(_ data: Data, with d: JSONDecoder) throws -> DisclosureEvent {
        switch self {
        case .patientRecordAccessed: return .patientRecordAccessed(try d.decode(PatientRecordAccessed.self, from: data))
        }
    }
}
