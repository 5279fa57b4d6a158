import Foundation
import Logging
import MandatCore
import PostgresKit
import SQLKit
import SQLiteKit

/// Where the store lives: a SQLite file (the default) or a PostgreSQL database.
///
/// `Sendable`. Parsed from `--db`: a `postgres://` or `postgresql://` URL means PostgreSQL; anything else is a
/// SQLite file path. Without `--db`: `$XDG_DATA_HOME/mandat/mandat.sqlite`, or
/// `~/.local/share/mandat/mandat.sqlite` (XDG Base Directory specification).
public enum StoreLocation: Sendable, Hashable, CustomStringConvertible {
    /// A SQLite database file; `":memory:"` for a private in-memory database.
    case sqlite(path: String)
    /// A PostgreSQL URL (`postgres://user[:password]@host[:port]/database[?tlsmode=disable]`), optionally in
    /// a schema of its own (created when missing; used by the tests to isolate runs).
    case postgres(url: String, schema: String?)

    /// Reads `--db`: nil or empty gives the default SQLite file.
    /// - Parameter environment: the process environment (for `XDG_DATA_HOME` and `HOME`).
    public static func parse(_ text: String?, environment: [String: String] = ProcessInfo.processInfo.environment)
        -> StoreLocation
    {
        guard let text, !text.isEmpty else { return .sqlite(path: defaultSQLitePath(environment: environment)) }
        let lower = text.lowercased()
        if lower.hasPrefix("postgres://") || lower.hasPrefix("postgresql://") {
            return .postgres(url: text, schema: nil)
        }
        return .sqlite(path: text)
    }

    /// `$XDG_DATA_HOME/mandat/mandat.sqlite`, else `$HOME/.local/share/mandat/mandat.sqlite`.
    public static func defaultSQLitePath(environment: [String: String] = ProcessInfo.processInfo.environment)
        -> String
    {
        let base: String
        if let x = environment["XDG_DATA_HOME"], x.hasPrefix("/") {
            base = x  // the spec: a relative XDG_DATA_HOME is invalid and ignored
        } else {
            let home = environment["HOME"] ?? NSHomeDirectory()
            base = home + "/.local/share"
        }
        return base + "/mandat/mandat.sqlite"
    }

    /// Whether the database already exists (always true for PostgreSQL, which is created by its owner).
    public var exists: Bool {
        switch self {
        case .sqlite(let path): return path == ":memory:" || FileManager.default.fileExists(atPath: path)
        case .postgres: return true
        }
    }

    /// The location for messages; a PostgreSQL password is hidden.
    public var description: String {
        switch self {
        case .sqlite(let path): return path
        case .postgres(let url, let schema):
            var shown = url
            if let c = URLComponents(string: url), c.password != nil {
                var c2 = c
                c2.password = "***"
                shown = c2.string ?? "postgres://***"
            }
            return shown + (schema.map { " (schema \($0))" } ?? "")
        }
    }

    /// Opens the store and applies pending migrations.
    ///
    /// SQLite: creates the parent folder and the file if needed, then sets `journal_mode=WAL` (readers never
    /// block the writer), `busy_timeout` (a second writer waits instead of failing) and
    /// `synchronous=NORMAL` (safe with WAL) and a 32 MiB page cache (`cache_size`; docs/decisions.md); a new file
    /// gets 16 KiB pages (`page_size`). PostgreSQL: one connection; transactions give isolation.
    /// - Parameter busyTimeoutMilliseconds: how long a SQLite writer waits for another's lock.
    /// - Throws: `StoreError` `store.open` (cannot create, open or connect) or `store.migration`.
    public func open(logger: Logger = Logger(label: "mandat.store"), busyTimeoutMilliseconds: Int = 30_000)
        async throws -> SQLMandatStore
    {
        let store: SQLMandatStore
        switch self {
        case .sqlite(let path):
            store = try await Self.openSQLite(path: path, logger: logger, busy: busyTimeoutMilliseconds)
        case .postgres(let url, let schema):
            store = try await Self.openPostgres(url: url, schema: schema, logger: logger, display: description)
        }
        do {
            try await store.migrate()
        } catch {
            try? await store.close()
            throw error
        }
        return store
    }

    /// The page size of a new SQLite store, bytes.
    static let newPageSize = 16_384

    /// - Parameter pageSize: the page size a new file gets (tests: a store as older versions created it).
    static func openSQLite(path: String, logger: Logger, busy: Int, pageSize: Int = newPageSize) async throws
        -> SQLMandatStore
    {
        let storage: SQLiteConnection.Storage
        if path == ":memory:" {
            storage = .memory
        } else {
            let dir = (path as NSString).deletingLastPathComponent
            if !dir.isEmpty {
                do {
                    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
                } catch {
                    throw StoreError(code: "store.open", message: "cannot create folder \(dir)", cause: "\(error)")
                }
            }
            storage = .file(path: path)
        }
        let conn: SQLiteConnection
        do {
            conn = try await SQLiteConnection.open(storage: storage, logger: logger)
        } catch {
            throw StoreError(code: "store.open", message: "cannot open SQLite database \(path)", cause: "\(error)")
        }
        let db = conn.sql(queryLogLevel: .trace)
        do {
            // busy_timeout first: switching to WAL itself needs a lock another process may hold. SQLite waits
            // inside a thread of SQLiteNIO's shared pool (2 threads on a 2-core machine): a long wait there
            // would starve the other connections of this process, the lock holder included. So SQLite waits
            // at most 100 ms per attempt, and `retryingBusy` keeps trying, asynchronously, up to `busy`.
            try await db.raw("PRAGMA busy_timeout = \(literal: min(max(0, busy), 100))").run()  // no binds in PRAGMA
            // 16 KiB pages for a new store (SQLite's default is 4 KiB): a quarter of the WAL frames and page
            // headers per commit and shallower B-trees (docs/performance.md). Only a new, empty file takes it,
            // before its first table; an existing store keeps the size it was created with (changing it needs
            // VACUUM).
            try await db.raw("PRAGMA page_size = \(literal: pageSize)").run()
            if path != ":memory:" {
                let deadline = Date().addingTimeInterval(Double(max(0, busy)) / 1000)
                while true {
                    do {
                        try await db.raw("PRAGMA journal_mode = WAL").run()
                        break
                    } catch  where SQLMandatStore.isBusy(error) && Date() < deadline {
                        try await Task.sleep(nanoseconds: 25_000_000)
                    }
                }
            }
            try await db.raw("PRAGMA synchronous = NORMAL").run()
            // 32 MiB of page cache (SQLite's default is 2 MiB): the indexes an import updates (event ids are
            // hashes, so inserts land all over the B-tree) stay in memory instead of being re-read from the OS.
            try await db.raw("PRAGMA cache_size = -32768").run()
        } catch {
            try? await conn.close()
            throw StoreError(code: "store.open", message: "cannot configure SQLite database \(path)", cause: "\(error)")
        }
        return SQLMandatStore(
            backend: .sqlite, db: db, logger: logger, busyTimeout: Double(max(0, busy)) / 1000, sqlite: conn
        ) {
            try await conn.close()
        }
    }

    static func openPostgres(url: String, schema: String?, logger: Logger, display: String) async throws
        -> SQLMandatStore
    {
        let config: SQLPostgresConfiguration
        do {
            config = try SQLPostgresConfiguration(url: url)
        } catch {
            throw StoreError(code: "store.location", message: "not a PostgreSQL URL: \(display)", cause: "\(error)")
        }
        let conn: PostgresConnection
        do {
            conn = try await PostgresConnection.connect(configuration: config.coreConfiguration, id: 1, logger: logger)
        } catch {
            throw StoreError(
                code: "store.open", message: "cannot connect to PostgreSQL \(display)",
                cause: SQLMandatStore.describe(error))
        }
        let db = conn.sql(queryLogLevel: .trace)
        if let schema {
            do {
                try await db.raw("CREATE SCHEMA IF NOT EXISTS \(ident: schema)").run()
                try await db.raw("SET search_path TO \(ident: schema)").run()
            } catch {
                try? await conn.close()
                throw StoreError(
                    code: "store.open", message: "cannot use schema \(schema)", cause: SQLMandatStore.describe(error))
            }
        }
        return SQLMandatStore(backend: .postgres, db: db, logger: logger) { try await conn.close() }
    }
}
