import Foundation

/// Everything a decider may know besides the command and the state: who asks, when, through
/// which channel, and where new ids come from. Passing these in keeps deciders pure and replayable.
public struct DecisionContext: Sendable {
    public var organizationId: UUID
    public var now: Date
    public var channel: SourceChannel
    /// New ids are derived from this seed (the command id, a random UUIDv7), so a decision is a
    /// deterministic function of its inputs.
    public var idSeed: UUID

    public init(organizationId: UUID, now: Date, channel: SourceChannel, idSeed: UUID) {
        self.organizationId = organizationId; self.now = now; self.channel = channel; self.idSeed = idSeed
    }

    public var today: CalendarDate { CalendarDate(utcDayOf: now) }

    /// The n-th id minted by this decision: the seed with its last 32 random bits XOR-ed with
    /// n+1, so it keeps the seed's time prefix and version/variant bits and never equals the seed.
    public func newId(_ n: Int) -> UUID {
        var bytes = idSeed.uuid
        let mix = UInt32(truncatingIfNeeded: n + 1)
        bytes.12 ^= UInt8(truncatingIfNeeded: mix >> 24)
        bytes.13 ^= UInt8(truncatingIfNeeded: mix >> 16)
        bytes.14 ^= UInt8(truncatingIfNeeded: mix >> 8)
        bytes.15 ^= UInt8(truncatingIfNeeded: mix)
        return UUID(uuid: bytes)
    }
}

/// Hands out `DecisionContext.newId` in sequence inside one decision.
struct IdMinter {
    let context: DecisionContext
    private var next = 0
    init(_ context: DecisionContext) { self.context = context }
    mutating func mint() -> UUID {
        defer { next += 1 }
        return context.newId(next)
    }
}
