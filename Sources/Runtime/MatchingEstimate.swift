import Domain
import Foundation
import Logging
import ReadModels

/// `clinicledger matching estimate`: the organization's decision state folded from
/// `event_archive` (the complete log), and the match weights EM estimates from its patients.
/// Reads one organization only; logs counts, never a patient's values.
public enum MatchingEstimate {
    public static func estimate(_ configuration: RuntimeConfiguration, organizationId: UUID, version: String,
                                logger: Logger) async throws -> (adopted: MatchWeightsAdopted, patients: Int, current: String) {
        let state = try await ProjectionsAdmin.withPostgres(configuration, logger: logger, migrate: false) { client in
            var state = OrganizationState(organizationId: organizationId)
            let count = try await EventArchive(client: client, logger: logger).replay(.init(organizationId: organizationId)) { stored in
                state.apply(stored.envelope.event)
            }
            logger.info("folded the organization's events", metadata: ["count": "\(count)"])
            return state
        }
        let adopted = MatchWeightsEstimation.estimate(index: state.patients.index, start: state.reference.matchWeights, version: version)
        return (adopted, state.patients.records.count, state.reference.matchWeights.version)
    }
}
