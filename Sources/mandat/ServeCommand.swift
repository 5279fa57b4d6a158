import ArgumentParser
import Foundation
import Hummingbird
import Logging
import MandatCore
import MandatReports
import MandatServer
import MandatStore

/// `mandat serve`: the web dashboard and JSON API on Hummingbird.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Sert le tableau de bord web et l'API JSON (127.0.0.1:8080 par défaut).",
        discussion: """
            Les comptes se créent avec `mandat user add NOM --role viewer|collector|admin`.
            Derrière un proxy TLS, passez --tls-proxy pour que le cookie de session porte l'attribut Secure.
            --synthetic N sert N dossiers inventés en mémoire (essais de charge, démonstrations) ;
            les comptes viennent alors de --db si elle est donnée.
            """
    )

    @Option(name: .long, help: "Adresse d'écoute (défaut 127.0.0.1 : la machine seule).")
    var host: String = "127.0.0.1"

    @Option(name: .long, help: "Port TCP.")
    var port: Int = 8080

    @Option(name: .long, help: "Base : chemin SQLite ou URL postgres:// (défaut : celle de mandat import).")
    var db: String?

    @Flag(name: .customLong("tls-proxy"), help: "Le serveur est derrière un proxy TLS : cookies Secure.")
    var tlsProxy = false

    @Option(name: .long, help: "Sert N dossiers synthétiques en mémoire au lieu de la base (essais).")
    var synthetic: Int?

    @Option(name: .customLong("as-of"), help: "Date du jour AAAA-MM-JJ (défaut : aujourd'hui, Europe/Paris).")
    var asOf: String?

    @OptionGroup var law: LawOptions
    @OptionGroup var global: GlobalOptions

    func validate() throws {
        guard (1...65535).contains(port) else { throw ValidationError("--port must be between 1 and 65535") }
        if let n = synthetic, !(1...2_000_000).contains(n) {
            throw ValidationError("--synthetic takes 1 to 2 000 000 dossiers")
        }
        if let asOf, let why = CivilDate.isoProblem(asOf, french: !englishRequested) {
            throw ValidationError("--as-of : « \(asOf) » : \(why)")
        }
    }

    func run() async throws {
        var logger = Logger(label: "mandat.serve")
        logger.logLevel = .info
        let fixed = asOf.flatMap { CivilDate(iso: $0) }
        let today: @Sendable () -> CivilDate = { fixed ?? CivilDate.today() }
        // A missing SQLite file is refused, not created: a mistyped --db (or none before the first import) would
        // serve an empty board that no account can sign in to. `user add` creates a store; `--synthetic` may
        // name one for its accounts only.
        let location = StoreLocation.parse(db)
        if synthetic == nil, !location.exists { throw StoreOptions.notFound(location) }
        let opened = try await WebRepositoryOpener.open(
            db: db, synthetic: synthetic, asOf: today(), law: law, serving: true)
        if synthetic == nil {
            // Build and assess the dossiers now, not on the first request; the time is the cold build, printed.
            let repository = opened.repository
            let startLogger = logger
            Task.detached {
                let clock = ContinuousClock()
                let start = clock.now
                do {
                    let n = try await repository.dossiers(asOf: today()).count
                    let took = clock.now - start
                    startLogger.info("dossiers ready: \(n) built and assessed in \(took)")
                } catch {
                    startLogger.error("cannot build the dossiers: \(error)")
                }
            }
        }
        let app = try buildApplication(
            repository: opened.repository,
            options: ServerOptions(host: host, port: port, behindTLS: tlsProxy, today: today),
            logger: logger)
        if host != "127.0.0.1" && host != "localhost" && host != "::1" {
            logger.warning("listening on \(host): reachable from other machines; put a TLS proxy in front")
        }
        do {
            try await app.runService()
        } catch {
            await opened.close()
            if isAddressInUse(error) {
                throw CommandFailure(
                    global.lang == .en
                        ? "port \(port) on \(host) is already in use (another mandat serve?): choose another with --port"
                        : "le port \(port) de \(host) est déjà utilisé (un autre mandat serve ?) : choisissez-en un autre avec --port"
                )
            }
            throw error
        }
        await opened.close()
    }
}

/// Opens the dashboard's repository for `serve` and `user`: the SQL store (accounts, desk, facts), or synthetic
/// dossiers in memory with the store's accounts.
enum WebRepositoryOpener {
    /// An open repository and what closes its database (call it before the process ends).
    struct Opened {
        let repository: any DashboardRepository
        let close: @Sendable () async -> Void
    }

    /// - Parameter serving: `serve` (not `user`): the facts are then read through a connection of their own.
    static func open(db: String?, synthetic: Int?, asOf: CivilDate, law: LawOptions? = nil, serving: Bool = false)
        async throws -> Opened
    {
        var logger = Logger(label: "mandat.store")
        logger.logLevel = .warning
        let location = StoreLocation.parse(db)
        let store: SQLMandatStore
        do {
            store = try await location.open(logger: logger)
            try await store.migrateWeb()
        } catch {
            throw ValidationError("cannot open the store \(location): \(error)")
        }
        // A second connection for the long read of every fact when the dossiers are rebuilt, so that sign-ins
        // and sessions are not queued behind it (an in-memory SQLite database has only one).
        var factsStore: SQLMandatStore?
        if serving, synthetic == nil, location != .sqlite(path: ":memory:") {
            factsStore = try? await location.open(logger: logger)
        }
        let facts = factsStore
        let close: @Sendable () async -> Void = {
            try? await facts?.close()
            try? await store.close()
        }
        var assessor = LawAssessor()
        var settings = DeskSettings()
        if let law {
            do {
                assessor = try law.assessor(french: true)
                if let path = law.config { settings = try DeskSettings.load(path: path) }
            } catch {
                await close()
                throw ValidationError("configuration: \(error)")
            }
        }
        let desk: SQLDeskStore
        do { desk = try await store.deskStore() } catch {
            await close()
            throw ValidationError("cannot open the desk tables in \(location): \(error)")
        }
        let sql = StoreDashboardRepository(
            store: store, factsStore: factsStore, desk: desk, assessor: assessor, settings: settings)
        if let n = synthetic {
            return Opened(
                repository: SplitDashboardRepository(
                    data: SyntheticDossiers.generate(count: n, asOf: asOf), access: sql),
                close: close)
        }
        return Opened(repository: sql, close: close)
    }
}
