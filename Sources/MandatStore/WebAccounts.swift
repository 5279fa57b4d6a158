import Foundation
import SQLKit

/// An account of the web dashboard as stored: name, role (`viewer`, `collector`, `admin`), bcrypt hash.
public struct WebAccountRow: Sendable, Hashable {
    public var name: String
    public var role: String
    public var passwordHash: String
    /// Seconds since 1970 (UTC).
    public var createdAt: Int
    public init(name: String, role: String, passwordHash: String, createdAt: Int) {
        self.name = name
        self.role = role
        self.passwordHash = passwordHash
        self.createdAt = createdAt
    }
}

/// A browser session as stored: the SHA-256 of its cookie token, never the token.
public struct WebSessionRow: Sendable, Hashable {
    public var tokenHash: String
    public var account: String
    public var csrf: String
    /// Seconds since 1970 (UTC).
    public var expiresAt: Int
    public init(tokenHash: String, account: String, csrf: String, expiresAt: Int) {
        self.tokenHash = tokenHash
        self.account = account
        self.csrf = csrf
        self.expiresAt = expiresAt
    }
}

/// The web dashboard's own tables, as migrations numbered from 2001 so they never collide with the store's own
/// list (`Migrations.all`); recorded in the same `schema_migrations` table, applied by `migrateWeb()`, never
/// edited once shipped.
enum WebMigrations {
    static let all: [(version: Int, name: String, statements: [String])] = [
        (
            2001, "web: accounts, sessions, API tokens",
            [
                """
                CREATE TABLE IF NOT EXISTS web_accounts (
                    name TEXT PRIMARY KEY,
                    role TEXT NOT NULL,
                    password_hash TEXT NOT NULL,
                    created_at BIGINT NOT NULL
                )
                """,
                """
                CREATE TABLE IF NOT EXISTS web_sessions (
                    token_hash TEXT PRIMARY KEY,
                    account TEXT NOT NULL,
                    csrf TEXT NOT NULL,
                    expires_at BIGINT NOT NULL
                )
                """,
                "CREATE INDEX IF NOT EXISTS web_sessions_expiry ON web_sessions (expires_at)",
                """
                CREATE TABLE IF NOT EXISTS web_api_tokens (
                    token_hash TEXT PRIMARY KEY,
                    account TEXT NOT NULL,
                    created_at BIGINT NOT NULL
                )
                """,
            ]
        )
    ]
}

extension SQLMandatStore {
    /// Applies the web dashboard's migrations (after the store's own `migrate()`). Idempotent.
    /// - Throws: `StoreError` when the database refuses a statement.
    public func migrateWeb() async throws {
        try await migrate()
        let rows = try await db.raw("SELECT version FROM schema_migrations").all()
        let applied = Set(try rows.map { try $0.decode(column: "version", as: Int.self) })
        for m in WebMigrations.all where !applied.contains(m.version) {
            for s in m.statements { try await db.raw(SQLQueryString(s)).run() }
            let now = ISO8601DateFormatter().string(from: Date())
            try await db.raw(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES (\(bind: m.version), \(bind: m.name), \(bind: now))"
            ).run()
        }
    }

    /// The account of that name, or `nil`.
    public func webAccount(named name: String) async throws -> WebAccountRow? {
        try await db.raw("SELECT * FROM web_accounts WHERE name = \(bind: name)").first().map(Self.account)
    }

    /// Every account, by name.
    public func webAccounts() async throws -> [WebAccountRow] {
        try await db.raw("SELECT * FROM web_accounts ORDER BY name").all().map(Self.account)
    }

    /// Creates or replaces an account.
    public func saveWebAccount(_ a: WebAccountRow) async throws {
        try await db.raw(
            """
            INSERT INTO web_accounts (name, role, password_hash, created_at)
            VALUES (\(bind: a.name), \(bind: a.role), \(bind: a.passwordHash), \(bind: a.createdAt))
            ON CONFLICT (name) DO UPDATE SET role = excluded.role, password_hash = excluded.password_hash
            """
        ).run()
    }

    /// Stores a session, and drops sessions expired before `now` (seconds since 1970).
    public func saveWebSession(_ s: WebSessionRow, now: Int) async throws {
        try await db.raw("DELETE FROM web_sessions WHERE expires_at < \(bind: now)").run()
        try await db.raw(
            """
            INSERT INTO web_sessions (token_hash, account, csrf, expires_at)
            VALUES (\(bind: s.tokenHash), \(bind: s.account), \(bind: s.csrf), \(bind: s.expiresAt))
            """
        ).run()
    }

    /// The session with that token hash, or `nil`.
    public func webSession(tokenHash: String) async throws -> WebSessionRow? {
        try await db.raw("SELECT * FROM web_sessions WHERE token_hash = \(bind: tokenHash)").first().map {
            WebSessionRow(
                tokenHash: try $0.decode(column: "token_hash", as: String.self),
                account: try $0.decode(column: "account", as: String.self),
                csrf: try $0.decode(column: "csrf", as: String.self),
                expiresAt: try $0.decode(column: "expires_at", as: Int.self))
        }
    }

    /// Forgets a session.
    public func deleteWebSession(tokenHash: String) async throws {
        try await db.raw("DELETE FROM web_sessions WHERE token_hash = \(bind: tokenHash)").run()
    }

    /// Stores an API token's hash for an account.
    public func saveWebToken(hash: String, account: String, createdAt: Int) async throws {
        try await db.raw(
            "INSERT INTO web_api_tokens (token_hash, account, created_at) VALUES (\(bind: hash), \(bind: account), \(bind: createdAt))"
        ).run()
    }

    /// The account and creation time of an API token hash, or `nil`.
    public func webToken(hash: String) async throws -> (account: String, createdAt: Int)? {
        guard let row = try await db.raw("SELECT * FROM web_api_tokens WHERE token_hash = \(bind: hash)").first() else {
            return nil
        }
        return (try row.decode(column: "account", as: String.self), try row.decode(column: "created_at", as: Int.self))
    }

    static func account(_ row: any SQLRow) throws -> WebAccountRow {
        WebAccountRow(
            name: try row.decode(column: "name", as: String.self),
            role: try row.decode(column: "role", as: String.self),
            passwordHash: try row.decode(column: "password_hash", as: String.self),
            createdAt: try row.decode(column: "created_at", as: Int.self))
    }
}

extension SQLMandatStore {
    /// The collector's desk (log, promises, buyer file) in this same database, migrated (desk migration 1001).
    /// - Throws: `DeskError` `desk.migration`.
    public func deskStore() async throws -> SQLDeskStore {
        let desk = SQLDeskStore(db: db, isPostgres: backend == .postgres)
        try await desk.migrate()
        return desk
    }
}
