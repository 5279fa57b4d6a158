import Foundation
import Hummingbird
import Logging
import MandatCore
import MandatReports
import NIOCore

/// How `mandat serve` runs. `Sendable`.
public struct ServerOptions: Sendable {
    /// Address to bind; `127.0.0.1` by default (never all interfaces unless asked).
    public var host: String
    /// TCP port, 8080 by default.
    public var port: Int
    /// Set when a TLS proxy sits in front: session cookies get the `Secure` attribute.
    public var behindTLS: Bool
    /// Lifetime of a session, seconds (12 hours by default).
    public var sessionSeconds: Int
    /// How long a computed board is reused, seconds (0 in tests that change data between requests).
    public var boardCacheSeconds: TimeInterval
    /// Today's date (Europe/Paris); injected so tests are reproducible.
    public var today: @Sendable () -> CivilDate

    public init(
        host: String = "127.0.0.1", port: Int = 8080, behindTLS: Bool = false, sessionSeconds: Int = 12 * 3600,
        boardCacheSeconds: TimeInterval = 15,
        today: @escaping @Sendable () -> CivilDate = { CivilDate.today() }
    ) {
        self.host = host
        self.port = port
        self.behindTLS = behindTLS
        self.sessionSeconds = sessionSeconds
        self.boardCacheSeconds = boardCacheSeconds
        self.today = today
    }
}

/// Builds the dashboard application: pages, JSON API under `/api/v1`, sign-in. Tests drive it without a socket
/// (`app.test(.router)`); `mandat serve` runs it with `runService()`.
///
/// - Throws: only if an embedded template does not compile (a programming error).
public func buildApplication(
    repository: any DashboardRepository, options: ServerOptions = ServerOptions(), logger: Logger? = nil
) throws -> Application<RouterResponder<BasicRequestContext>> {
    let log = logger ?? Logger(label: "mandat.serve")
    let web = try WebController(repository: repository, options: options, logger: log)
    let router = Router()
    web.register(on: router)
    return Application(
        router: router,
        configuration: .init(address: .hostname(options.host, port: options.port), serverName: "mandat"),
        logger: log
    )
}

/// Whether `error`, thrown while the server starts, says its address is already in use (`EADDRINUSE`: another
/// process listens on the port), so that `mandat serve` can name the port instead of NIO's `bind(…)` text.
public func isAddressInUse(_ error: any Error) -> Bool {
    (error as? IOError)?.errnoCode == EADDRINUSE
}
