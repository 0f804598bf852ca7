/// The registry of projections: one line per read model. The runtime starts each; the CLI lists
/// and rebuilds them by name; read-your-writes waits for every one in `readModels`.
public enum ReadModelProjections {
    /// The API's read models (what a reply with a resource waits for).
    public static let readModels: [any Projection] = [ReferenceDataProjection(), PatientsProjection(), PatientHistoryProjection(),
                                                          AppointmentsProjection(), GroupAppointmentsProjection(), WaitlistProjection()]
    /// Every projection, the archive first; the accounting of disclosures after the read models
    /// (no reply waits for it).
    public static let all: [any Projection] = [ArchiveProjection()] + readModels + [DisclosuresProjection()]

    public static func named(_ name: String) -> (any Projection)? {
        all.first { $0.name == name }
    }
}
