import Foundation

/// The accounting of disclosures (HIPAA): reads of patients' records are recorded, in batches, so
/// a reviewer can list who saw a record, when and how. Written by the HTTP layer's recorder, never
/// by a client.
public enum DisclosureCommand: Sendable, Equatable {
    case recordAccesses(RecordAccesses)

    public func checkLimits() throws(DomainError) {
        switch self {
        case .recordAccesses(let c): try c.checkLimits()
        }
    }
}

/// One batch of reads (one organization's, one flush of the recorder), in the order they happened.
public struct RecordAccesses: Sendable, Equatable {
    public var accesses: [PatientRecordAccess]
    public init(accesses: [PatientRecordAccess]) { self.accesses = accesses }

    /// A flush holds at most a few hundred reads plus one list page; the cap keeps a command's events
    /// within one Kafka message whatever the recorder is configured to.
    public static let maxAccesses = 5_000
    /// Actor, credential and route are names the service itself writes; none is long.
    public static let maxNameLength = 100

    func checkLimits() throws(DomainError) {
        try InputScreen.count(accesses.count, max: Self.maxAccesses, field: "accesses")
        guard !accesses.isEmpty else { throw DomainError(.missingField, "a batch records at least one access", field: "accesses") }
        for (i, a) in accesses.enumerated() {
            for (name, value) in [("actor", a.access.actor), ("credential", a.access.credential), ("route", a.access.route)] {
                guard !value.isEmpty else { throw DomainError(.missingField, "\(name) is required", field: "accesses[\(i)].\(name)") }
                guard InputLimits.length(value) <= Self.maxNameLength else { throw InputScreen.tooLong("accesses[\(i)].\(name)", max: Self.maxNameLength) }
                try InputScreen.text(value, field: "accesses[\(i)].\(name)")
            }
        }
    }
}

/// A patient's record was returned to a caller.
public struct PatientRecordAccess: Sendable, Equatable {
    public var patientId: UUID
    public var access: RecordAccess
    public init(patientId: UUID, access: RecordAccess) { self.patientId = patientId; self.access = access }
}

/// One read of one record: when, who (`api_key:<key id>`, never a person's name), with which kind
/// of credential, through which channel, and which route (its name, never the URL or its query,
/// which can hold PHI). No patient data.
public struct RecordAccess: Codable, Sendable, Equatable {
    public var accessedAt: Date
    public var actor: String
    public var credential: String
    public var channel: SourceChannel
    public var route: String

    public init(accessedAt: Date, actor: String, credential: String, channel: SourceChannel, route: String) {
        self.accessedAt = accessedAt; self.actor = actor; self.credential = credential; self.channel = channel; self.route = route
    }

    enum CodingKeys: String, CodingKey { case accessedAt = "accessed_at", actor, credential, channel, route }
}
