import Foundation
import Logging
import MandatCore
import MandatFormats
import PostgresKit
import SQLKit
import SQLiteKit

/// The store over one SQLKit connection: SQLite or PostgreSQL, the same SQL for both.
///
/// `Sendable` (an actor). Calls are serialised by a gate so that a transaction's statements never interleave
/// with another task's on the same connection. Values are always bound, never spliced into SQL text. Every
/// fact is stored as JSON text (sorted keys, so both engines hold the same bytes) plus the columns needed to
/// look it up. Open one with `StoreLocation.open(...)`.
public actor SQLMandatStore: MandatStore {
    public nonisolated let backend: StoreBackend
    let db: any SQLDatabase
    let closer: @Sendable () async throws -> Void
    let logger: Logger
    /// How long a SQLite writer keeps trying to get the lock, seconds.
    let busyTimeout: Double
    /// Test hook: called at each step of a file's import (`file`, `invoice`, `event`, `mandat`, `contract`);
    /// throwing from it must leave nothing of that file behind.
    var failpoint: (@Sendable (String) throws -> Void)?
    private var closed = false

    init(
        backend: StoreBackend, db: any SQLDatabase, logger: Logger, busyTimeout: Double = 30,
        closer: @escaping @Sendable () async throws -> Void
    ) {
        self.busyTimeout = busyTimeout
        self.backend = backend
        self.db = db
        self.logger = logger
        self.closer = closer
    }

    /// Installs the failure-injection hook used by the all-or-nothing tests.
    func setFailpoint(_ f: (@Sendable (String) throws -> Void)?) { failpoint = f }

    // MARK: serialisation and transactions

    private var busy = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    /// Runs `body` alone: one call at a time on this connection, in arrival order (FIFO hand-over).
    func serialized<R: Sendable>(_ body: () async throws -> R) async throws -> R {
        if busy {
            await withCheckedContinuation { waiters.append($0) }
        } else {
            busy = true
        }
        defer {
            if waiters.isEmpty { busy = false } else { waiters.removeFirst().resume() }
        }
        return try await body()
    }

    private var beginSQL: String { backend == .sqlite ? "BEGIN IMMEDIATE" : "BEGIN" }

    /// Runs `body` in a transaction, serialised with every other call on this store.
    func transaction<R: Sendable>(_ what: String, _ body: () async throws -> R) async throws -> R {
        try await serialized {
            try await self.retryingBusy { try await self.exec(self.beginSQL, what) }
            do {
                let r = try await body()
                try await self.exec("COMMIT", what)
                return r
            } catch {
                try? await self.db.raw(SQLQueryString("ROLLBACK")).run()
                throw error
            }
        }
    }

    /// SQLite answers `SQLITE_BUSY` at once, without waiting for the busy timeout, in a few cases (another
    /// connection setting up the WAL index, a lock it cannot wait for without deadlocking). Retries `body`
    /// every 25 ms until `busyTimeout` has passed; other errors, and PostgreSQL's, go through.
    private func retryingBusy<R>(_ body: () async throws -> R) async throws -> R {
        let deadline = Date().addingTimeInterval(busyTimeout)
        while true {
            do {
                return try await body()
            } catch {
                guard backend == .sqlite, Self.isBusy(error), Date() < deadline else { throw error }
                try await Task.sleep(nanoseconds: 25_000_000)
            }
        }
    }

    static func isBusy(_ error: any Error) -> Bool {
        if let s = error as? StoreError, s.busy { return true }
        if let s = error as? SQLiteError {
            switch s.reason {
            case .busy, .locked, .busyInRecovery, .busyInSnapshot, .busyTimeout: return true
            default: return false
            }
        }
        return false
    }

    private func exec(_ sql: String, _ what: String) async throws {
        do { try await db.raw(SQLQueryString(sql)).run() } catch {
            var e = StoreError(code: "store.write", message: "\(what): \(sql) failed", cause: Self.describe(error))
            e.retryable = Self.isRetryable(error)
            e.busy = Self.isBusy(error)
            throw e
        }
    }

    // MARK: migrations

    public func migrate() async throws {
        do {
            try await serialized {
                try await self.retryingBusy { try await self.db.raw(SQLQueryString(Migrations.bootstrap)).run() }
            }
        } catch {
            throw StoreError(code: "store.migration", message: "cannot create schema_migrations", cause: "\(error)")
        }
        try await transaction("migration") {
            if backend == .postgres {
                // Two processes migrating at once: the second waits here, then sees the versions applied.
                try await db.raw("SELECT pg_advisory_xact_lock(\(bind: 727_641_001))").run()
            }
            let rows = try await db.raw("SELECT version FROM schema_migrations").all()
            let applied = Set(try rows.map { try $0.decode(column: "version", as: Int.self) })
            for m in Migrations.all where !applied.contains(m.version) {
                do {
                    for s in m.statements { try await db.raw(SQLQueryString(s)).run() }
                    try await db.raw(
                        """
                        INSERT INTO schema_migrations (version, name, applied_at) \
                        VALUES (\(bind: m.version), \(bind: m.name), \(bind: Self.timestamp(Date())))
                        """
                    ).run()
                } catch {
                    throw StoreError(
                        code: "store.migration", message: "migration \(m.version) (\(m.name)) failed",
                        cause: Self.describe(error))
                }
                logger.debug("applied migration \(m.version): \(m.name)")
            }
        }
    }

    /// The versions applied, ascending.
    public func appliedMigrations() async throws -> [Int] {
        try await read("schema_migrations") {
            try await db.raw("SELECT version FROM schema_migrations ORDER BY version").all()
                .map { try $0.decode(column: "version", as: Int.self) }
        }
    }

    // MARK: import

    public func file(sha256: String) async throws -> FileRecord? {
        try await read("files") {
            try await db.raw("SELECT * FROM files WHERE sha256 = \(bind: sha256)").first().map(Self.fileRecord)
        }
    }

    public func importDocument(_ document: ReadDocument, fingerprint: FileFingerprint, importedAt: Date) async throws
        -> FileImportOutcome
    {
        // PostgreSQL may abort one of two crossing transactions (deadlock, serialisation failure): the whole
        // file is then retried; nothing of the aborted attempt was kept.
        var attempt = 0
        while true {
            attempt += 1
            do {
                return try await importOnce(document, fingerprint: fingerprint, importedAt: importedAt)
            } catch let e as StoreError where e.retryable && attempt < 4 {
                logger.info("retrying \(document.path) after \(e.description)")
                try await Task.sleep(nanoseconds: UInt64(attempt) * 50_000_000)
            }
        }
    }

    private func importOnce(_ document: ReadDocument, fingerprint: FileFingerprint, importedAt: Date) async throws
        -> FileImportOutcome
    {
        let record = FileRecord(
            sha256: fingerprint.sha256, path: document.path, kind: document.kind.rawValue, size: fingerprint.size,
            importedAt: Self.timestamp(importedAt), errorCode: document.error?.code.rawValue,
            errorMessage: document.error?.message,
            errorLine: document.error?.line, errorColumn: document.error?.column,
            invoiceCount: document.invoices.count, eventCount: document.events.count,
            mandatCount: document.mandats.count, contractCount: document.contracts.count)
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys]
        do {
            return try await transaction("import \(document.path)") {
                try failpoint?("file")
                // The file row first: if the same content is already there (or being imported by another
                // process, whose commit we then wait for), nothing else is written.
                let inserted = try await db.raw(
                    """
                    INSERT INTO files (sha256, seq, path, kind, size, imported_at, error_code, error_message, \
                    error_line, error_column, invoice_count, event_count, mandat_count, contract_count) \
                    VALUES (\(bind: record.sha256), \
                    (SELECT COALESCE(MAX(seq), 0) + 1 FROM files), \
                    \(bind: record.path), \(bind: record.kind), \(bind: record.size), \(bind: record.importedAt), \
                    \(bind: record.errorCode), \(bind: record.errorMessage), \(bind: record.errorLine), \
                    \(bind: record.errorColumn), \(bind: record.invoiceCount), \(bind: record.eventCount), \
                    \(bind: record.mandatCount), \(bind: record.contractCount)) \
                    ON CONFLICT (sha256) DO NOTHING RETURNING sha256
                    """
                ).first()
                guard inserted != nil else {
                    let earlier = try await db.raw("SELECT * FROM files WHERE sha256 = \(bind: record.sha256)")
                        .first().map(Self.fileRecord)
                    return FileImportOutcome(written: false, record: earlier ?? record)
                }
                var out = FileImportOutcome(written: true, record: record)
                for inv in document.invoices {
                    try failpoint?("invoice")
                    let key = inv.key.description
                    let known = try await db.raw("SELECT key FROM invoices WHERE key = \(bind: key)").first() != nil
                    let json = try Self.json(inv, enc)
                    try await db.raw(
                        """
                        INSERT INTO invoices (key, number, number_norm, seller_siren, buyer_siret, issue_date, \
                        type_code, contract_ref, amount_due, chorus_id, file_sha256, json) \
                        VALUES (\(bind: key), \(bind: inv.invoiceNumber), \
                        \(bind: inv.invoiceNumber.map(InvoiceNumbers.normalize)), \(bind: inv.key.sellerSIREN), \
                        \(bind: inv.buyerCompany?.digits), \(bind: inv.issueDate?.iso), \(bind: inv.typeCode), \
                        \(bind: inv.contractReference), \(bind: inv.amountDue.map(Money.normalized)), \
                        \(bind: inv.chorusId), \(bind: record.sha256), \(bind: json)) \
                        ON CONFLICT (key) DO UPDATE SET number = excluded.number, \
                        number_norm = excluded.number_norm, seller_siren = excluded.seller_siren, \
                        buyer_siret = excluded.buyer_siret, issue_date = excluded.issue_date, \
                        type_code = excluded.type_code, contract_ref = excluded.contract_ref, \
                        amount_due = excluded.amount_due, chorus_id = excluded.chorus_id, \
                        file_sha256 = excluded.file_sha256, json = excluded.json
                        """
                    ).run()
                    if known { out.invoicesUpdated += 1 } else { out.invoicesNew += 1 }
                }
                for ev in document.events {
                    try failpoint?("event")
                    let json = try Self.json(ev, enc)
                    let row = try await db.raw(
                        """
                        INSERT INTO events (id, kind, source, code, event_date, invoice_number_norm, seller_id, \
                        chorus_id, mandat_key, file_sha256, source_file, source_line, json) \
                        VALUES (\(bind: ev.id), \(bind: ev.kind.rawValue), \(bind: ev.source.rawValue), \
                        \(bind: ev.code), \(bind: ev.date?.iso), \
                        \(bind: ev.invoice?.number.map(InvoiceNumbers.normalize)), \(bind: ev.invoice?.sellerId), \
                        \(bind: ev.invoice?.chorusId), \(bind: ev.mandat.map(StoreKeys.mandat)), \
                        \(bind: record.sha256), \(bind: ev.sourceRef.file), \(bind: ev.sourceRef.line), \
                        \(bind: json)) \
                        ON CONFLICT (id) DO NOTHING RETURNING id
                        """
                    ).first()
                    if row != nil { out.eventsNew += 1 } else { out.eventsKnown += 1 }
                }
                for m in document.mandats {
                    try failpoint?("mandat")
                    let key = StoreKeys.mandat(m.key)
                    let known = try await db.raw("SELECT key FROM mandats WHERE key = \(bind: key)").first() != nil
                    let numbers = (m.invoiceNumbers.map(InvoiceNumbers.normalize)).joined(separator: " ")
                    let json = try Self.json(m, enc)
                    try await db.raw(
                        """
                        INSERT INTO mandats (key, id_coll, exer, id_bord, id_pce, bordereau_date, amount_ttc, \
                        creditor_id, invoice_numbers, file_sha256, json) \
                        VALUES (\(bind: key), \(bind: m.key.idColl), \(bind: m.key.exer), \(bind: m.key.idBord), \
                        \(bind: m.key.idPce), \(bind: m.bordereauDate?.iso), \
                        \(bind: m.amountTTC.map(Money.normalized)), \(bind: m.creditorId), \(bind: numbers), \
                        \(bind: record.sha256), \(bind: json)) \
                        ON CONFLICT (key) DO UPDATE SET bordereau_date = excluded.bordereau_date, \
                        amount_ttc = excluded.amount_ttc, creditor_id = excluded.creditor_id, \
                        invoice_numbers = excluded.invoice_numbers, file_sha256 = excluded.file_sha256, \
                        json = excluded.json
                        """
                    ).run()
                    if !known { out.mandatsNew += 1 }
                }
                for c in document.contracts {
                    try failpoint?("contract")
                    let buyer = StoreKeys.buyerDigits(c.buyerId) ?? ""
                    let json = try Self.json(c, enc)
                    let known =
                        try await db.raw(
                            "SELECT id FROM contracts WHERE buyer_id = \(bind: buyer) AND id = \(bind: c.id)"
                        ).first() != nil
                    try await db.raw(
                        """
                        INSERT INTO contracts (buyer_id, id, type, notification_date, amount, file_sha256, json) \
                        VALUES (\(bind: buyer), \(bind: c.id), \(bind: c.type), \(bind: c.notificationDate?.iso), \
                        \(bind: c.amount.map(Money.normalized)), \(bind: record.sha256), \(bind: json)) \
                        ON CONFLICT (buyer_id, id) DO UPDATE SET type = excluded.type, \
                        notification_date = excluded.notification_date, amount = excluded.amount, \
                        file_sha256 = excluded.file_sha256, json = excluded.json
                        """
                    ).run()
                    if !known { out.contractsNew += 1 }
                }
                try failpoint?("commit")
                return out
            }
        } catch let e as StoreError {
            throw e
        } catch {
            var e = StoreError(
                code: "store.write", message: "cannot record \(document.path); nothing of it was kept",
                cause: Self.describe(error))
            e.retryable = Self.isRetryable(error)
            throw e
        }
    }

    // MARK: reads

    func read<R: Sendable>(_ what: String, _ body: () async throws -> R) async throws -> R {
        do {
            return try await serialized { try await body() }
        } catch let e as StoreError {
            throw e
        } catch {
            throw StoreError(code: "store.read", message: "cannot read \(what)", cause: Self.describe(error))
        }
    }

    public func files() async throws -> [FileRecord] {
        try await read("files") {
            try await db.raw("SELECT * FROM files ORDER BY seq, path").all().map(Self.fileRecord)
        }
    }

    public func facts() async throws -> StoredFacts {
        let dec = JSONDecoder()
        return try await read("facts") {
            let inv = try await db.raw("SELECT key, json FROM invoices ORDER BY key").all()
                .map { try Self.decode(Invoice.self, $0, dec, "invoices") }
            let ev = try await db.raw("SELECT id, json FROM events").all()
                .map { try Self.decode(ChainEvent.self, $0, dec, "events") }
            let man = try await db.raw("SELECT key, json FROM mandats ORDER BY key").all()
                .map { try Self.decode(Mandat.self, $0, dec, "mandats") }
            let con = try await db.raw("SELECT buyer_id, id, json FROM contracts ORDER BY buyer_id, id").all()
                .map { try Self.decode(Contract.self, $0, dec, "contracts") }
            return StoredFacts(
                invoices: inv, events: ev.sorted(by: StoreKeys.eventOrder), mandats: man, contracts: con)
        }
    }

    public func counts() async throws -> StoreCounts {
        try await read("counts") {
            func n(_ sql: String) async throws -> Int {
                try await db.raw(SQLQueryString(sql)).first()?.decode(column: "n", as: Int.self) ?? 0
            }
            return StoreCounts(
                files: try await n("SELECT COUNT(*) AS n FROM files"),
                filesFailed: try await n("SELECT COUNT(*) AS n FROM files WHERE error_code IS NOT NULL"),
                invoices: try await n("SELECT COUNT(*) AS n FROM invoices"),
                events: try await n("SELECT COUNT(*) AS n FROM events"),
                mandats: try await n("SELECT COUNT(*) AS n FROM mandats"),
                contracts: try await n("SELECT COUNT(*) AS n FROM contracts"))
        }
    }

    public func setting(_ key: String) async throws -> String? {
        try await read("settings") {
            try await db.raw("SELECT value FROM settings WHERE key = \(bind: key)").first()?
                .decode(column: "value", as: String.self)
        }
    }

    public func setSetting(_ key: String, to value: String?) async throws {
        try await transaction("setting \(key)") {
            if let value {
                try await db.raw(
                    """
                    INSERT INTO settings (key, value, updated_at) \
                    VALUES (\(bind: key), \(bind: value), \(bind: Self.timestamp(Date()))) \
                    ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
                    """
                ).run()
            } else {
                try await db.raw("DELETE FROM settings WHERE key = \(bind: key)").run()
            }
        }
    }

    public func close() async throws {
        guard !closed else { return }
        closed = true
        try await serialized { try await self.closer() }
    }

    // MARK: helpers

    /// A database error as text. PostgresNIO hides server details from `description`; show SQLSTATE and
    /// message, which carry no data values.
    static func describe(_ error: any Error) -> String {
        if let p = error as? PSQLError, let info = p.serverInfo {
            return "SQLSTATE \(info[.sqlState] ?? "?"): \(info[.message] ?? "")"
        }
        return String(describing: error)
    }

    /// Deadlock (40P01) or serialisation failure (40001): the transaction may be retried.
    static func isRetryable(_ error: any Error) -> Bool {
        if let p = error as? PSQLError, let state = p.serverInfo?[.sqlState] {
            return state == "40P01" || state == "40001"
        }
        return false
    }

    static func timestamp(_ d: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        f.timeZone = TimeZone(identifier: "UTC")
        return f.string(from: d)
    }

    static func json(_ value: some Encodable, _ enc: JSONEncoder) throws -> String {
        String(decoding: try enc.encode(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ t: T.Type, _ row: any SQLRow, _ dec: JSONDecoder, _ table: String) throws -> T {
        let text = try row.decode(column: "json", as: String.self)
        do {
            return try dec.decode(T.self, from: Data(text.utf8))
        } catch {
            throw StoreError(
                code: "store.decode", message: "a row of \(table) is not a valid \(T.self)",
                cause: Self.describe(error))
        }
    }

    static func fileRecord(_ r: any SQLRow) throws -> FileRecord {
        FileRecord(
            sha256: try r.decode(column: "sha256", as: String.self),
            path: try r.decode(column: "path", as: String.self),
            kind: try r.decode(column: "kind", as: String.self),
            size: try r.decode(column: "size", as: Int.self),
            importedAt: try r.decode(column: "imported_at", as: String.self),
            errorCode: try r.decode(column: "error_code", as: String?.self),
            errorMessage: try r.decode(column: "error_message", as: String?.self),
            errorLine: try r.decode(column: "error_line", as: Int?.self),
            errorColumn: try r.decode(column: "error_column", as: Int?.self),
            invoiceCount: try r.decode(column: "invoice_count", as: Int.self),
            eventCount: try r.decode(column: "event_count", as: Int.self),
            mandatCount: try r.decode(column: "mandat_count", as: Int.self),
            contractCount: try r.decode(column: "contract_count", as: Int.self))
    }
}

/// Invoice numbers as compared across files: upper case, without spaces (DOMAIN.md §4.6: free text on
/// invoices is normalised before matching).
public enum InvoiceNumbers {
    public static func normalize(_ s: String) -> String {
        String(s.uppercased().filter { !$0.isWhitespace })
    }
}
