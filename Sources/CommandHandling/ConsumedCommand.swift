import EventLog
import EventStore
import Foundation

/// A record of the commands topic as its partition's writer takes it: the command, or the
/// rejection it earned before it could be one (not JSON, unknown type, bad credential, invalid
/// body), with the commands consumer's next offset. The writer commits that offset in the same
/// transaction as the command's events and result, so the record is consumed exactly when its
/// effects are written.
public struct ConsumedCommand: Sendable {
    public enum Content: Sendable {
        /// `render` says a refusal in the HTTP dialect of the command's route.
        case command(CommandEnvelope, render: @Sendable (CommandError) -> CommandResult.Failure)
        case rejected(CommandResult)
    }

    public var content: Content
    public var offsets: GroupOffsets
    /// The record's `ce_type` and `ce_source`, copied onto its result.
    public var commandType: String?
    public var source: String?

    public init(content: Content, offsets: GroupOffsets, commandType: String?, source: String?) {
        self.content = content; self.offsets = offsets; self.commandType = commandType; self.source = source
    }
}
