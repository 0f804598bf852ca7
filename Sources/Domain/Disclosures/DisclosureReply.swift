import Foundation

/// What recording a batch answers.
public enum DisclosureReply: Sendable, Equatable, Codable {
    /// The batch (its events' aggregate) and how many reads it recorded.
    case accessesRecorded(batchId: UUID, count: Int)
}
