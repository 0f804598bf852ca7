import Domain
import Foundation

/// One row of a patient's History view.
public struct HistoryEntryView: Sendable {
    public var eventId: UUID
    public var occurredAt: Date
    public var eventType: String
    public var action: String
    public var actor: String
    public var channel: String
    public var changes: [FieldChange]
}
