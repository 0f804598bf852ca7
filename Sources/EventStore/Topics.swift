/// Topic names; the prefix is configurable so several deployments can share a cluster.
public struct Topics: Sendable, Equatable {
    public var events: String
    public var commands: String
    public var commandResults: String

    public init(prefix: String = "clinicledger.") {
        events = prefix + "events"
        commands = prefix + "commands"
        commandResults = prefix + "command-results"
    }
}
