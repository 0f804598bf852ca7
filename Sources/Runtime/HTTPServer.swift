import HTTPAPI
import Hummingbird
import Logging
import NIOCore

extension ClinicLedgerRuntime {
    /// The HTTP application over this runtime's services. `onRunning` receives the bound port
    /// (useful with port 0).
    public func httpApplication(host: String, port: Int, logger: Logger,
                                onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        Application(router: makeRouter(services),
                    configuration: .init(address: .hostname(host, port: port), serverName: "clinicledger"),
                    onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? port) },
                    logger: logger)
    }
}
