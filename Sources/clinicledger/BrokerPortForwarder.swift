import Foundation
import NIOCore
import NIOPosix

/// A TCP forwarder that gives `clinicledger broker --port` a fixed port.
///
/// librdkafka 2.0.2's mock cluster binds each broker to an ephemeral port on 127.0.0.1 and offers no
/// way to choose it. The forwarder listens on `listenHost:listenPort` and pipes every accepted
/// connection, byte for byte in both directions, to the mock broker's real address.
///
/// The fixed port is a stable *bootstrap* address, not a full proxy. Kafka clients bootstrap through
/// it, but the broker's metadata response names its real address (127.0.0.1 and the ephemeral
/// port), and clients connect there directly afterwards. So clients on the same machine work;
/// clients on another machine, or in a container with its own network namespace, get through
/// bootstrap and then fail to reach the advertised address.
///
/// Each connection is glued to its own upstream connection on the same event loop. Reads on one
/// side wait while the other side's write buffer is full (backpressure), a half-close is passed on
/// as a half-close, and when one side closes the other side gets what was already read for it and
/// is then closed.
final class BrokerPortForwarder: Sendable {
    /// The port it listens on (the one asked for, or the kernel's choice if that was 0).
    let localPort: Int
    private let serverChannel: any Channel
    private let connections: Connections

    private init(serverChannel: any Channel, localPort: Int, connections: Connections) {
        self.serverChannel = serverChannel
        self.localPort = localPort
        self.connections = connections
    }

    /// Listens on `listenHost:listenPort` (0 for an ephemeral port) and forwards each connection to
    /// `targetHost:targetPort`. Throws `BrokerPortForwarderError` if it cannot listen (e.g. the port
    /// is in use). The target is only connected to when a client connects.
    static func start(listenHost: String, listenPort: Int, targetHost: String, targetPort: Int) async throws -> BrokerPortForwarder {
        guard (0...65535).contains(listenPort) else {
            throw BrokerPortForwarderError.invalidPort(listenPort)
        }
        guard (1...65535).contains(targetPort) else {
            throw BrokerPortForwarderError.invalidPort(targetPort)
        }
        let connections = Connections()
        let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 256)
            // Lets a restarted broker listen again at once despite old connections in TIME_WAIT; a
            // port another process is listening on still fails with EADDRINUSE.
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.allowRemoteHalfClosure, value: true)
            .childChannelInitializer { inbound in
                glue(inbound, toHost: targetHost, port: targetPort, connections: connections)
            }
        let channel: any Channel
        do {
            channel = try await bootstrap.bind(host: listenHost, port: listenPort).get()
        } catch {
            throw BrokerPortForwarderError.cannotListen(host: listenHost, port: listenPort, reason: reason(for: error))
        }
        guard let port = channel.localAddress?.port else {
            try? await channel.close()
            throw BrokerPortForwarderError.cannotListen(host: listenHost, port: listenPort, reason: "no local address after bind")
        }
        return BrokerPortForwarder(serverChannel: channel, localPort: port, connections: connections)
    }

    /// Stops listening and closes every forwarded connection. Idempotent.
    func stop() async {
        try? await serverChannel.close()
        let open = connections.closeAll()
        for channel in open {
            channel.close(promise: nil)
        }
        for channel in open {
            try? await channel.closeFuture.get()
        }
    }

    /// The first `host:port` of a Kafka bootstrap list such as `127.0.0.1:40123,127.0.0.1:40125`
    /// (an IPv6 host may be bracketed, `[::1]:40123`), or nil if it has none.
    static func firstAddress(of bootstrapServers: String) -> (host: String, port: Int)? {
        guard let first = bootstrapServers.split(separator: ",").first?.trimmingCharacters(in: .whitespaces),
              let colon = first.lastIndex(of: ":"),
              let port = Int(first[first.index(after: colon)...]), (1...65535).contains(port) else {
            return nil
        }
        var host = Substring(first[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") {
            host = host.dropFirst().dropLast()
        }
        guard !host.isEmpty else { return nil }
        return (String(host), port)
    }

    // MARK: Connections

    /// Runs on `inbound`'s event loop, before the accepted channel is registered: connects to the
    /// target on the same event loop and glues the two pipelines together. If the connection fails,
    /// the returned future fails and ServerBootstrap closes the accepted channel.
    private static func glue(_ inbound: any Channel, toHost host: String, port: Int, connections: Connections) -> EventLoopFuture<Void> {
        let loop = inbound.eventLoop
        guard connections.add(inbound) else {
            return loop.makeFailedFuture(ChannelError.ioOnClosedChannel)
        }
        let handlers = NIOLoopBound(GlueHandler.matchedPair(), eventLoop: loop)
        return ClientBootstrap(group: loop)
            .connectTimeout(.seconds(10))
            .channelOption(.allowRemoteHalfClosure, value: true)
            .channelInitializer { outbound in
                outbound.eventLoop.makeCompletedFuture {
                    try outbound.pipeline.syncOperations.addHandler(handlers.value.upstream)
                }
            }
            .connect(host: host, port: port)
            .flatMapThrowing { outbound in
                guard connections.add(outbound) else {
                    outbound.close(promise: nil)
                    throw ChannelError.ioOnClosedChannel
                }
                try inbound.pipeline.syncOperations.addHandler(handlers.value.downstream)
            }
    }

    private static func reason(for error: any Error) -> String {
        if let error = error as? IOError {
            switch error.errnoCode {
            case EADDRINUSE: return "the port is already in use"
            case EACCES: return "permission denied (ports below 1024 need privileges)"
            case EADDRNOTAVAIL: return "the address is not one of this machine's"
            default: break
            }
        }
        return String(describing: error)
    }
}

enum BrokerPortForwarderError: Error, CustomStringConvertible, Equatable {
    case invalidPort(Int)
    case cannotListen(host: String, port: Int, reason: String)

    var description: String {
        switch self {
        case .invalidPort(let port):
            "\(port) is not a TCP port (0...65535)"
        case .cannotListen(let host, let port, let reason):
            "cannot listen on \(host):\(port) for the broker's fixed bootstrap port: \(reason)"
        }
    }
}

/// The forwarded channels (both sides), so `stop()` can close them.
private final class Connections: @unchecked Sendable {
    // @unchecked Sendable: `open` and `closed` are only touched while holding `lock`.
    private let lock = NSLock()
    private var open: [ObjectIdentifier: any Channel] = [:]
    private var closed = false

    /// Tracks `channel` until it closes; false once `closeAll` ran (the caller closes it then).
    func add(_ channel: any Channel) -> Bool {
        let added = lock.withLock {
            guard !closed else { return false }
            open[ObjectIdentifier(channel)] = channel
            return true
        }
        if added {
            channel.closeFuture.whenComplete { [weak self] _ in self?.remove(channel) }
        }
        return added
    }

    private func remove(_ channel: any Channel) {
        lock.withLock { _ = open.removeValue(forKey: ObjectIdentifier(channel)) }
    }

    /// Refuses further channels and returns the open ones.
    func closeAll() -> [any Channel] {
        lock.withLock {
            closed = true
            defer { open = [:] }
            return Array(open.values)
        }
    }
}

/// One half of a glued pair: what its channel reads, the partner's channel writes.
///
/// Both halves live on the same event loop, so they call each other directly. Backpressure: a
/// `read` (the request for more bytes, which autoRead issues after each read burst) is held back
/// while the partner's channel is inactive or not writable, and let through once it is.
private final class GlueHandler {
    private var partner: GlueHandler?
    private var context: ChannelHandlerContext?
    private var pendingRead = false
    /// The partner's channel closed before this one was active: close when it becomes active.
    private var partnerGone = false
    /// The partner's peer half-closed before this one was active: half-close when it becomes active.
    private var partnerInputClosed = false

    private init() {}

    /// `downstream` goes in the accepted channel's pipeline, `upstream` in the target's.
    static func matchedPair() -> (downstream: GlueHandler, upstream: GlueHandler) {
        let downstream = GlueHandler()
        let upstream = GlueHandler()
        downstream.partner = upstream
        upstream.partner = downstream
        return (downstream, upstream)
    }

    private var isActive: Bool { context?.channel.isActive ?? false }

    /// Whether this side can take more bytes from the partner now.
    private var acceptsData: Bool {
        guard let context else { return false }
        return context.channel.isActive && context.channel.isWritable
    }

    // Called by the partner.

    private func partnerWrite(_ buffer: ByteBuffer) {
        context?.write(NIOAny(buffer), promise: nil)
    }

    private func partnerFlush() {
        context?.flush()
    }

    private func partnerHalfClosed() {
        if isActive {
            shutOutput()
        } else {
            partnerInputClosed = true
        }
    }

    private func partnerClosed() {
        partnerGone = true
        if isActive { close() }
    }

    private func partnerCanTakeData() {
        guard pendingRead, let context else { return }
        pendingRead = false
        context.read()
    }

    /// Half-closes this side once what was already written for it is sent.
    private func shutOutput() {
        afterPendingWrites { $0.close(mode: .output, promise: nil) }
    }

    /// Closes this side once what was already written for it is sent.
    private func close() {
        afterPendingWrites { $0.close(promise: nil) }
    }

    /// Runs `action` when every earlier write on this side is done: an empty write completes after
    /// all earlier ones (or fails at once if the channel or its output is already closed). Closing
    /// right away instead would drop what is still buffered.
    private func afterPendingWrites(_ action: @escaping @Sendable (any Channel) -> Void) {
        guard let context else { return }
        let channel = context.channel
        let written = context.eventLoop.makePromise(of: Void.self)
        context.writeAndFlush(NIOAny(ByteBuffer()), promise: written)
        written.futureResult.whenComplete { _ in action(channel) }
    }
}

extension GlueHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
        partner = nil
    }

    func channelActive(context: ChannelHandlerContext) {
        context.fireChannelActive()
        if partnerGone {
            close()
            return
        }
        if partnerInputClosed {
            shutOutput()
        }
        partner?.partnerCanTakeData()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        partner?.partnerWrite(unwrapInboundIn(data))
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        partner?.partnerFlush()
        context.fireChannelReadComplete()
    }

    func channelInactive(context: ChannelHandlerContext) {
        partner?.partnerClosed()
        context.fireChannelInactive()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? ChannelEvent, event == .inputClosed {
            partner?.partnerHalfClosed()
        }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // A reset or other I/O error on this side: close it; channelInactive tells the partner.
        context.close(promise: nil)
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable {
            partner?.partnerCanTakeData()
        }
        context.fireChannelWritabilityChanged()
    }

    func read(context: ChannelHandlerContext) {
        if partner?.acceptsData == true {
            context.read()
        } else {
            pendingRead = true
        }
    }
}
