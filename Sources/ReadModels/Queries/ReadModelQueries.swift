import Domain
import Foundation
import Logging
import PostgresNIO

/// Reads of the read models. Every query takes the caller's organization and filters on it.
/// Each read model's queries live beside its projection (ReferenceData/, Patients/, PatientHistory/).
public struct ReadModelQueries: Sendable {
    let client: PostgresClient
    let logger: Logger

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }
}
