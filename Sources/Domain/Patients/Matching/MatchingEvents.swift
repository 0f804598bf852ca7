import Foundation

/// The probabilistic tier found an existing patient that may be the one an upsert just created,
/// below the automatic threshold: both stay, and a person decides (the review queue). Recorded
/// on the new patient, in both patients' History.
public struct PossibleDuplicateFound: Codable, Sendable, Equatable {
    /// The patient the upsert created.
    public var patientId: UUID
    /// The existing patient it may duplicate.
    public var candidateId: UUID
    public var probability: Double
    public var weightsVersion: String
    public var evidence: [FieldEvidence]

    public init(patientId: UUID, candidateId: UUID, probability: Double, weightsVersion: String, evidence: [FieldEvidence]) {
        self.patientId = patientId; self.candidateId = candidateId; self.probability = probability
        self.weightsVersion = weightsVersion; self.evidence = evidence
    }

    enum CodingKeys: String, CodingKey {
        case patientId = "patient_id", candidateId = "candidate_id", probability
        case weightsVersion = "weights_version", evidence
    }
}

/// The organization's probabilistic tier uses these weights from now on (estimated by
/// `clinicledger matching estimate` from its own patients); until the first one, the defaults.
public struct MatchWeightsAdopted: Codable, Sendable, Equatable {
    public var weights: MatchWeights
    /// Candidate pairs the estimate was made from.
    public var pairs: Int
    /// Estimation iterations until the m/u settled.
    public var iterations: Int

    public init(weights: MatchWeights, pairs: Int, iterations: Int) {
        self.weights = weights; self.pairs = pairs; self.iterations = iterations
    }
}
