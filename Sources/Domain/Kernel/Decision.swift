/// What a decider answers: the events to append (possibly none) and the typed reply its caller
/// gets. The writer appends both in one transaction, so a replayed request answers from the
/// recorded reply, never by guessing it back from events.
public struct Decision<Reply: Sendable>: Sendable {
    public var events: [DomainEvent]
    public var reply: Reply

    public init(_ events: [DomainEvent], reply: Reply) {
        self.events = events; self.reply = reply
    }

    /// The same decision with its reply lifted into a wider reply type (a slice's into `CommandReply`).
    public func map<Other: Sendable>(_ transform: (Reply) -> Other) -> Decision<Other> {
        Decision<Other>(events, reply: transform(reply))
    }
}

extension Decision: Equatable where Reply: Equatable {}
