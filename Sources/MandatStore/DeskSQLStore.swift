import Foundation
import Logging
import MandatCore
import PostgresKit
import SQLKit
import SQLiteKit

/// The desk's tables, as numbered migrations of their own (versions 1001 and up), recorded in the same
/// `schema_migrations` table as the store's. Shipped migrations are never edited: a change is a new version.
/// The SQL is the same for SQLite and PostgreSQL; values are JSON text (sorted keys) plus look-up columns.
enum DeskMigrations {
    struct Migration: Sendable {
        let version: Int
        let name: String
        let statements: [String]
    }

    /// Same shape as the store's bootstrap, so whichever runs first creates it.
    static let bootstrap = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version BIGINT PRIMARY KEY,
            name TEXT NOT NULL,
            applied_at TEXT NOT NULL
        )
        """

    static let all: [Migration] = [
        Migration(
            version: 1001, name: "desk: buyers, action log, promises",
            statements: [
                "CREATE TABLE desk_buyers (siret TEXT PRIMARY KEY, name TEXT NOT NULL, json TEXT NOT NULL)",
                """
                CREATE TABLE desk_log (
                    id BIGINT PRIMARY KEY,
                    dossier_id TEXT NOT NULL,
                    entry_date TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    outcome TEXT,
                    corrects BIGINT,
                    json TEXT NOT NULL
                )
                """,
                "CREATE INDEX desk_log_dossier ON desk_log (dossier_id)",
                """
                CREATE TABLE desk_promises (
                    id BIGINT PRIMARY KEY,
                    dossier_id TEXT NOT NULL,
                    by_date TEXT NOT NULL,
                    side TEXT NOT NULL,
                    what TEXT NOT NULL,
                    json TEXT NOT NULL
                )
                """,
                "CREATE INDEX desk_promises_dossier ON desk_promises (dossier_id)",
            ])
    ]
}

/// The desk store over SQL (SQLite or PostgreSQL) through SQLKit. `Sendable` (an actor): calls on its connection
/// run one at a time; values are always bound, never spliced into SQL text. The log and the promises have no
/// update nor delete.
public actor SQLDeskStore: DeskStore {
    let db: any SQLDatabase
    let isPostgres: Bool
    let closer: (@Sendable () async throws -> Void)?

    /// Wraps an open SQLKit database. Call `migrate()` before use.
    /// - Parameter isPostgres: the engine (for the transaction and locking statements).
    public init(db: any SQLDatabase, isPostgres: Bool, closer: (@Sendable () async throws -> Void)? = nil) {
        self.db = db
        self.isPostgres = isPostgres
        self.closer = closer
    }

    /// Opens (creating if needed) a SQLite file, or `":memory:"`, and applies the desk's migrations.
    /// - Throws: `DeskError` `desk.open` or `desk.migration`.
    public static func openSQLite(path: String, logger: Logger = Logger(label: "mandat.desk")) async throws
        -> SQLDeskStore
    {
        let conn: SQLiteConnection
        do {
            conn = try await SQLiteConnection.open(
                storage: path == ":memory:" ? .memory : .file(path: path), logger: logger)
        } catch {
            throw DeskError(code: "desk.open", message: "cannot open SQLite database \(path): \(error)")
        }
        let store = SQLDeskStore(db: conn.sql(), isPostgres: false) { try await conn.close() }
        do {
            // Another process (an import) may hold the write lock: wait for it rather than fail.
            try await conn.sql().raw("PRAGMA busy_timeout = 10000").run()
            try await store.migrate()
        } catch {
            try? await store.close()
            throw error
        }
        return store
    }

    /// Connects to PostgreSQL (`postgres://user[:password]@host[:port]/db`), optionally in a schema of its own
    /// (created when missing), and applies the desk's migrations.
    /// - Throws: `DeskError` `desk.open` or `desk.migration`.
    public static func openPostgres(url: String, schema: String? = nil, logger: Logger = Logger(label: "mandat.desk"))
        async throws -> SQLDeskStore
    {
        let conn: PostgresConnection
        do {
            let config = try SQLPostgresConfiguration(url: url)
            conn = try await PostgresConnection.connect(configuration: config.coreConfiguration, id: 1, logger: logger)
        } catch {
            throw DeskError(code: "desk.open", message: "cannot connect to PostgreSQL: \(error)")
        }
        let db = conn.sql()
        if let schema {
            do {
                try await db.raw("CREATE SCHEMA IF NOT EXISTS \(ident: schema)").run()
                try await db.raw("SET search_path TO \(ident: schema)").run()
            } catch {
                try? await conn.close()
                throw DeskError(code: "desk.open", message: "cannot use schema \(schema): \(error)")
            }
        }
        let store = SQLDeskStore(db: db, isPostgres: true) { try await conn.close() }
        do { try await store.migrate() } catch {
            try? await store.close()
            throw error
        }
        return store
    }

    /// Opens the desk's tables in the store's database (`--db`: a SQLite file, created with its folder when
    /// missing, or a PostgreSQL URL and schema), applying the desk's migrations.
    /// - Throws: `DeskError` `desk.open` or `desk.migration`.
    public static func open(_ location: StoreLocation, logger: Logger = Logger(label: "mandat.desk")) async throws
        -> SQLDeskStore
    {
        switch location {
        case .sqlite(let path):
            let dir = (path as NSString).deletingLastPathComponent
            if path != ":memory:", !dir.isEmpty {
                do { try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) } catch {
                    throw DeskError(code: "desk.open", message: "cannot create folder \(dir): \(error)")
                }
            }
            return try await openSQLite(path: path, logger: logger)
        case .postgres(let url, let schema):
            return try await openPostgres(url: url, schema: schema, logger: logger)
        }
    }

    /// Closes the connection it opened.
    public func close() async throws { try await closer?() }

    /// Applies the desk's migrations not yet applied. Idempotent.
    /// - Throws: `DeskError` `desk.migration`.
    public func migrate() async throws {
        do {
            try await db.raw(SQLQueryString(DeskMigrations.bootstrap)).run()
            try await transaction {
                if self.isPostgres {
                    try await self.db.raw("SELECT pg_advisory_xact_lock(\(bind: 727_641_101))").run()
                }
                let rows = try await self.db.raw("SELECT version FROM schema_migrations").all()
                let applied = Set(try rows.map { try $0.decode(column: "version", as: Int.self) })
                for m in DeskMigrations.all where !applied.contains(m.version) {
                    for s in m.statements { try await self.db.raw(SQLQueryString(s)).run() }
                    try await self.db.raw(
                        """
                        INSERT INTO schema_migrations (version, name, applied_at) \
                        VALUES (\(bind: m.version), \(bind: m.name), \(bind: ISO8601DateFormatter().string(from: Date())))
                        """
                    ).run()
                }
            }
        } catch let e as DeskError {
            throw e
        } catch {
            throw DeskError(code: "desk.migration", message: "desk migration failed: \(String(reflecting: error))")
        }
    }

    /// Runs `body` in a transaction (SQLite: `BEGIN IMMEDIATE`, so a second writer waits for the lock).
    func transaction<R: Sendable>(_ body: () async throws -> R) async throws -> R {
        try await db.raw(SQLQueryString(isPostgres ? "BEGIN" : "BEGIN IMMEDIATE")).run()
        do {
            let r = try await body()
            try await db.raw("COMMIT").run()
            return r
        } catch {
            try? await db.raw("ROLLBACK").run()
            throw error
        }
    }

    static func encode(_ v: some Encodable) throws -> String {
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys]
        return String(decoding: try enc.encode(v), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ t: T.Type, _ row: any SQLRow, table: String) throws -> T {
        let text = try row.decode(column: "json", as: String.self)
        do { return try JSONDecoder().decode(T.self, from: Data(text.utf8)) } catch {
            throw DeskError(code: "desk.decode", message: "a row of \(table) is not a valid \(T.self): \(error)")
        }
    }

    /// Wraps database errors as `DeskError` `desk.read` / `desk.write`.
    func guarded<R: Sendable>(_ code: String, _ what: String, _ body: () async throws -> R) async throws -> R {
        do { return try await body() } catch let e as DeskError { throw e } catch {
            throw DeskError(code: code, message: "\(what): \(String(reflecting: error))")
        }
    }

    public func buyers() async throws -> [BuyerRecord] {
        try await guarded("desk.read", "cannot read desk_buyers") {
            try await db.raw("SELECT json FROM desk_buyers ORDER BY siret").all()
                .map { try Self.decode(BuyerRecord.self, $0, table: "desk_buyers") }
        }
    }

    public func buyer(siret: String) async throws -> BuyerRecord? {
        try await guarded("desk.read", "cannot read desk_buyers") {
            try await db.raw("SELECT json FROM desk_buyers WHERE siret = \(bind: siret)").first()
                .map { try Self.decode(BuyerRecord.self, $0, table: "desk_buyers") }
        }
    }

    public func saveBuyer(_ buyer: BuyerRecord) async throws {
        let json = try Self.encode(buyer)
        try await guarded("desk.write", "cannot save buyer \(buyer.siret)") {
            try await db.raw(
                """
                INSERT INTO desk_buyers (siret, name, json) VALUES (\(bind: buyer.siret), \(bind: buyer.name), \(bind: json)) \
                ON CONFLICT (siret) DO UPDATE SET name = excluded.name, json = excluded.json
                """
            ).run()
        }
    }

    /// The next id of a table, inside the caller's transaction (PostgreSQL: the table is locked first).
    func nextId(_ table: String) async throws -> Int {
        if isPostgres { try await db.raw("LOCK TABLE \(ident: table) IN EXCLUSIVE MODE").run() }
        let max = try await db.raw("SELECT MAX(id) AS m FROM \(ident: table)").first()?.decode(
            column: "m", as: Int?.self)
        return (max ?? 0) + 1
    }

    public func appendLog(_ entry: LogEntry) async throws -> LogEntry {
        try await guarded("desk.write", "cannot append to desk_log") {
            try await transaction {
                if let c = entry.corrects {
                    let exists = try await db.raw("SELECT id FROM desk_log WHERE id = \(bind: c)").first() != nil
                    guard exists else {
                        throw DeskError(
                            code: "unknown-entry", message: "log entry #\(c) does not exist: nothing to correct")
                    }
                }
                var e = entry
                e.id = try await nextId("desk_log")
                let json = try Self.encode(e)
                try await db.raw(
                    """
                    INSERT INTO desk_log (id, dossier_id, entry_date, kind, outcome, corrects, json) \
                    VALUES (\(bind: e.id), \(bind: e.dossierId), \(bind: e.date.iso), \(bind: e.kind.rawValue), \
                    \(bind: e.outcome?.rawValue), \(bind: e.corrects), \(bind: json))
                    """
                ).run()
                return e
            }
        }
    }

    public func log(dossierId: String?) async throws -> [LogEntry] {
        try await guarded("desk.read", "cannot read desk_log") {
            let rows: [any SQLRow]
            if let d = dossierId {
                rows = try await db.raw(
                    "SELECT json FROM desk_log WHERE dossier_id = \(bind: d) ORDER BY entry_date, id"
                ).all()
            } else {
                rows = try await db.raw("SELECT json FROM desk_log ORDER BY entry_date, id").all()
            }
            return try rows.map { try Self.decode(LogEntry.self, $0, table: "desk_log") }
        }
    }

    public func addPromise(_ promise: Promise) async throws -> Promise {
        try await guarded("desk.write", "cannot add to desk_promises") {
            try await transaction {
                var p = promise
                p.id = try await nextId("desk_promises")
                let json = try Self.encode(p)
                try await db.raw(
                    """
                    INSERT INTO desk_promises (id, dossier_id, by_date, side, what, json) \
                    VALUES (\(bind: p.id), \(bind: p.dossierId), \(bind: p.by.iso), \(bind: p.side.rawValue), \
                    \(bind: p.what.rawValue), \(bind: json))
                    """
                ).run()
                return p
            }
        }
    }

    public func promises(dossierId: String?) async throws -> [Promise] {
        try await guarded("desk.read", "cannot read desk_promises") {
            let rows: [any SQLRow]
            if let d = dossierId {
                rows = try await db.raw("SELECT json FROM desk_promises WHERE dossier_id = \(bind: d) ORDER BY id")
                    .all()
            } else {
                rows = try await db.raw("SELECT json FROM desk_promises ORDER BY id").all()
            }
            return try rows.map { try Self.decode(Promise.self, $0, table: "desk_promises") }
        }
    }
}
