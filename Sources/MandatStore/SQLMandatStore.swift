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
public actor SQLMandatStore: MandatStore, ImportGrouping {
    public nonisolated let backend: StoreBackend
    let db: any SQLDatabase
    let closer: @Sendable () async throws -> Void
    let logger: Logger
    /// The SQLite connection under `db` (nil on PostgreSQL): the import's multi-row statements run on it with
    /// SQLiteNIO's own values (`multiRow`).
    let sqlite: SQLiteConnection?
    /// How long a SQLite writer keeps trying to get the lock, seconds.
    let busyTimeout: Double
    /// Test hook: called at each step of a file's import (`file`, `invoice`, `event`, `mandat`, `contract`, `keys`,
    /// `commit`) and of the dossier state's refresh (`state-step`);
    /// throwing from it must leave nothing of that file behind.
    var failpoint: (@Sendable (String) throws -> Void)?
    /// Facts per step of the dossier state's refresh (`DossierStateSQL.swift`).
    var stateStepFacts = SQLMandatStore.stateBatchFacts
    /// Whether the refresh reads its next step while the current one is built (`DossierStateSQL.swift`).
    var stateReadAhead = StateReadAhead.used
    /// Steps that used the read made ahead, reads thrown away, since the store was opened.
    var stateAheadCounts = StateAheadCounts()
    private var closed = false

    init(
        backend: StoreBackend, db: any SQLDatabase, logger: Logger, busyTimeout: Double = 30,
        sqlite: SQLiteConnection? = nil, closer: @escaping @Sendable () async throws -> Void
    ) {
        self.busyTimeout = busyTimeout
        self.sqlite = sqlite
        self.backend = backend
        self.db = db
        self.logger = logger
        self.closer = closer
    }

    /// Installs the failure-injection hook used by the all-or-nothing tests.
    func setFailpoint(_ f: (@Sendable (String) throws -> Void)?) { failpoint = f }

    // MARK: serialisation and transactions

    private var busy = false
    /// Transactions committed on this connection (the dossier state's refresh checks that none came between two
    /// of its steps).
    private(set) var commits = 0
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

    /// Runs `body` in a transaction, serialised with every other call on this store. While an import group is
    /// open (SQLite), `body` runs in the group's transaction instead, and the commit comes with
    /// `commitImportGroup()`; when `body` fails there, the whole group's transaction is rolled back (see
    /// `inGroup`).
    func transaction<R: Sendable>(_ what: String, _ body: () async throws -> R) async throws -> R {
        try await serialized {
            if self.grouping { return try await self.inGroup(what, body) }
            try await self.retryingBusy { try await self.exec(self.beginSQL, what) }
            do {
                let r = try await body()
                try await self.exec("COMMIT", what)
                self.commits += 1
                return r
            } catch {
                try? await self.db.raw(SQLQueryString("ROLLBACK")).run()
                throw error
            }
        }
    }

    // MARK: import groups (SQLite)

    /// Whether `transaction` runs in the open group's transaction (`beginImportGroup`).
    private var grouping = false
    /// Whether the group's transaction has begun (it begins with the first write after a commit).
    private var groupOpen = false
    /// Set when the group's transaction was rolled back (a write in it failed, or SQLite rolled it back by
    /// itself: disk full, I/O error): every write until `abandonImportGroup()` or the next `commitImportGroup()`
    /// fails with it, and that commit reports it.
    private var groupLost: StoreError?

    /// The body of `transaction` in an import group, in the group's transaction, begun if needed.
    ///
    /// No savepoint per call: a savepoint makes SQLite copy every page the call changes, before its first change,
    /// to a statement journal (a temporary file), in case of `ROLLBACK TO`. At N = 100 000 the calls' random keys
    /// change pages all over large B-trees, and those copies (`subjournalPageIfRequired`) were 7.8 % of the
    /// import's CPU, 17.4 % in its PES files (docs/performance.md). A call that fails rolls the whole group back
    /// instead; the importer then writes the group's files again, one batch per transaction
    /// (`Importer.importBatched`).
    private func inGroup<R: Sendable>(_ what: String, _ body: () async throws -> R) async throws -> R {
        if let groupLost { throw groupLost }
        if !groupOpen {
            try await retryingBusy { try await exec(beginSQL, what) }
            groupOpen = true
        }
        do {
            return try await body()
        } catch {
            try? await db.raw("ROLLBACK").run()
            groupOpen = false
            groupLost = StoreError(
                code: "store.write",
                message: "\(what): the store's transaction was rolled back; "
                    + "the files written since the last commit were not kept",
                cause: Self.describe(error))
            throw error
        }
    }

    /// Groups the following imports (`importDocuments`, `notePaths`) in one transaction until
    /// `commitImportGroup()`, the caller's. SQLite only, where a commit writes every page the transaction changed
    /// to the WAL once more (the random keys of events and link keys change pages all over their B-trees);
    /// PostgreSQL keeps one transaction per call. Other writers wait for the group's commit (the busy timeout),
    /// readers do not (WAL). A call that fails loses the whole group (`inGroup`).
    func beginImportGroup() {
        if backend == .sqlite { grouping = true }
    }

    /// Whether writes now share the group's transaction: on SQLite after `beginImportGroup()`.
    func writesInGroups() -> Bool { grouping }

    /// After a write of the group failed: rolls back what is left of the group's transaction, forgets the loss,
    /// and goes back to one transaction per call (until `beginImportGroup()`), so that the caller can write the
    /// group's files again.
    func abandonImportGroup() async {
        try? await serialized {
            if self.groupOpen { try? await self.db.raw(SQLQueryString("ROLLBACK")).run() }
            self.groupOpen = false
            self.groupLost = nil
            self.grouping = false
        }
    }

    /// Commits what the group wrote since the last commit (nothing to do when nothing was written).
    /// - Throws: `StoreError` `store.write` when the commit fails, or when SQLite had rolled the group's
    ///   transaction back itself: the files written since the last commit were then not kept.
    func commitImportGroup() async throws {
        try await serialized {
            if let lost = self.groupLost {
                self.groupLost = nil
                throw lost
            }
            guard self.groupOpen else { return }
            self.groupOpen = false
            do {
                try await self.exec("COMMIT", "import")
                self.commits += 1
            } catch {
                try? await self.db.raw(SQLQueryString("ROLLBACK")).run()
                throw error
            }
        }
    }

    /// Commits the group (`commitImportGroup`) and goes back to one transaction per call.
    func endImportGroup() async throws {
        defer { grouping = false }
        try await commitImportGroup()
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

    public func migrate() async throws { try await migrate(through: Int.max) }

    /// Applies the pending migrations up to `last` (tests: a store as an older version left it).
    func migrate(through last: Int) async throws {
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
            for m in Migrations.all where !applied.contains(m.version) && m.version <= last {
                do {
                    for s in m.statements(for: backend) { try await db.raw(SQLQueryString(s)).run() }
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
        try await importDocuments([ImportItem(document: document, fingerprint: fingerprint, importedAt: importedAt)])[0]
    }

    public func files(sha256s: [String]) async throws -> [String: FileRecord] {
        let wanted = Array(Set(sha256s)).sorted()
        guard !wanted.isEmpty else { return [:] }
        return try await read("files") {
            var found: [String: FileRecord] = [:]
            for part in Self.chunks(wanted, columns: 1) {
                for r in try await db.raw(
                    "SELECT * FROM files WHERE sha256 IN (\(binds: part.map { $0 as any Encodable & Sendable }))"
                ).all() {
                    let f = try Self.fileRecord(r)
                    found[f.sha256] = f
                }
            }
            return found
        }
    }

    public func importDocuments(_ items: [ImportItem]) async throws -> [FileImportOutcome] {
        guard !items.isEmpty else { return [] }
        // PostgreSQL may abort one of two crossing transactions (deadlock, serialisation failure): the whole
        // batch is then retried; nothing of the aborted attempt was kept.
        var attempt = 0
        while true {
            attempt += 1
            do {
                return try await importOnce(items)
            } catch let e as StoreError where e.retryable && attempt < 4 {
                logger.info("retrying \(items.count) file(s) from \(items[0].document.path) after \(e.description)")
                try await Task.sleep(nanoseconds: UInt64(attempt) * 50_000_000)
            }
        }
    }

    /// Bound parameters per statement: far under SQLite's limit (250 000 in SQLiteNIO's build, 32 766 by
    /// default) and PostgreSQL's (65 535), while a few hundred rows share one statement.
    static let maxBindsPerStatement = 8_000

    /// `values` cut into runs of at most `maxBindsPerStatement / columns` rows (at least one).
    static func chunks<T>(_ values: [T], columns: Int) -> [ArraySlice<T>] {
        let size = max(1, maxBindsPerStatement / max(1, columns))
        return stride(from: 0, to: values.count, by: size).map { values[$0..<min(values.count, $0 + size)] }
    }

    /// `(?, ?, …), (?, ?, …)`: one parenthesised group of bound values per row.
    static func valueRows(_ rows: ArraySlice<[any Encodable & Sendable]>) -> SQLQueryString {
        rows.map { "(\(binds: $0))" as SQLQueryString }.joined(separator: ", ")
    }

    /// One cached formatter for `imported_at` (a new `ISO8601DateFormatter` per file cost 7 % of an import).
    private var stampFormatter: ISO8601DateFormatter?

    private func stamp(_ d: Date) -> String {
        if let f = stampFormatter { return f.string(from: d) }
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        f.timeZone = TimeZone(identifier: "UTC")
        stampFormatter = f
        return f.string(from: d)
    }

    /// One row per distinct key in the order of first appearance, holding the values of the key's last
    /// occurrence (the later reading wins, as when the files are written one after the other).
    private static func lastWins<T>(_ occurrences: [(key: String, row: T)]) -> [(key: String, row: T)] {
        var position: [String: Int] = [:]
        var out: [(key: String, row: T)] = []
        for o in occurrences {
            if let p = position[o.key] {
                out[p] = o
            } else {
                position[o.key] = out.count
                out.append(o)
            }
        }
        return out
    }

    /// `INSERT INTO table (columns) VALUES `: the head of a multi-row insert (`multiRow`).
    func insertHead(_ table: String, columns: [String]) -> String {
        "INSERT INTO " + table + " (" + columns.joined(separator: ", ") + ") VALUES "
    }

    /// Runs `head (…), (…) tail` with one group of bound values per row of `rows`, and returns the text
    /// of the `returning` columns of each row it returns (`RETURNING` in `tail`).
    ///
    /// SQLite: on SQLiteNIO directly, the values as `SQLiteData` (SQLKit serialises the statement and encodes
    /// every bound value through `Encodable`: 5 % of an import's CPU, docs/performance.md). PostgreSQL: SQLKit.
    /// `head` and `tail` are our own SQL text, never data.
    func multiRow(
        _ head: String, _ rows: ArraySlice<[any Encodable & Sendable]>, _ tail: String, returning: [String] = []
    ) async throws -> [[String]] {
        guard let sqlite else {
            let q = SQLQueryString(head) + Self.valueRows(rows) + SQLQueryString(tail)
            if returning.isEmpty {
                try await db.raw(q).run()
                return []
            }
            return try await db.raw(q).all().map { r in
                try returning.map { try r.decode(column: $0, as: String.self) }
            }
        }
        var sql = head
        var binds: [SQLiteData] = []
        binds.reserveCapacity(rows.reduce(0) { $0 + $1.count })
        var first = true
        for row in rows {
            sql += first ? "(" : ", ("
            first = false
            for (n, value) in row.enumerated() {
                sql += n == 0 ? "?" : ", ?"
                binds.append(try Self.sqliteValue(value))
            }
            sql += ")"
        }
        sql += tail
        return try await sqlite.query(sql, binds).map { r in
            try returning.map { column in
                guard let text = r.column(column)?.string else {
                    throw StoreError(code: "store.read", message: "no text in column \(column) returned")
                }
                return text
            }
        }
    }

    /// A bound value as SQLite's: text and integers directly, anything else (nil, other types) through
    /// `SQLiteDataEncoder`, as SQLKit binds it.
    static func sqliteValue(_ value: any Encodable & Sendable) throws -> SQLiteData {
        if let s = value as? String { return .text(s) }
        if let i = value as? Int { return .integer(SQLiteInt64(i)) }
        return try SQLiteDataEncoder().encode(value)
    }

    /// Inserts the rows whose key is not stored yet (`ON CONFLICT DO NOTHING`) and returns those keys: the
    /// upsert itself says what is new, no `SELECT` first. `keyColumns` are returned and joined with `/`.
    private func insertNew(
        _ table: String, columns: [String], keyColumns: [String], rows: [EncodedRows.Row]
    ) async throws -> Set<String> {
        var inserted: Set<String> = []
        let conflict = keyColumns.joined(separator: ", ")
        for part in Self.chunks(rows.map(\.row), columns: columns.count) {
            for key in try await multiRow(
                insertHead(table, columns: columns), part,
                " ON CONFLICT (\(conflict)) DO NOTHING RETURNING \(conflict)", returning: keyColumns)
            {
                inserted.insert(key.joined(separator: "/"))
            }
        }
        return inserted
    }

    /// Replaces the given rows (all already stored): `ON CONFLICT … DO UPDATE SET` each of `updated`.
    private func replace(
        _ table: String, columns: [String], keyColumns: [String], updated: [String],
        rows: [EncodedRows.Row]
    ) async throws {
        guard !rows.isEmpty else { return }
        let set = updated.map { "\($0) = excluded.\($0)" }.joined(separator: ", ")
        for part in Self.chunks(rows.map(\.row), columns: columns.count) {
            _ = try await multiRow(
                insertHead(table, columns: columns), part,
                " ON CONFLICT (\(keyColumns.joined(separator: ", "))) DO UPDATE SET \(set)")
        }
    }

    /// Writes the distinct rows of an upserted table (invoices, mandats, contracts) and tells, per occurrence
    /// in file order, whether it was new: the first occurrence of a key not stored before is new, every other
    /// one replaces a reading (stored, or earlier in the batch).
    private func upsert(
        _ table: String, columns: [String], keyColumns: [String], updated: [String],
        occurrences: [EncodedRows.Row]
    ) async throws -> [Bool] {
        guard !occurrences.isEmpty else { return [] }
        // Sorted by key: two writers lock rows in the same order (fewer PostgreSQL deadlocks).
        let rows = Self.lastWins(occurrences).sorted { $0.key < $1.key }
        let new = try await insertNew(table, columns: columns, keyColumns: keyColumns, rows: rows)
        try await replace(
            table, columns: columns, keyColumns: keyColumns, updated: updated,
            rows: rows.filter { !new.contains($0.key) })
        var seen: Set<String> = []
        return occurrences.map { new.contains($0.key) && seen.insert($0.key).inserted }
    }

    private static let fileColumns = [
        "sha256", "seq", "path", "kind", "size", "imported_at", "error_code", "error_message", "error_line",
        "error_column", "invoice_count", "event_count", "mandat_count", "contract_count",
    ]
    private static let invoiceColumns = [
        "key", "number", "number_norm", "seller_siren", "buyer_siret", "issue_date", "type_code", "contract_ref",
        "amount_due", "chorus_id", "file_sha256", "json",
    ]
    private static let eventColumns = [
        "id", "kind", "source", "code", "event_date", "invoice_number_norm", "seller_id", "chorus_id", "mandat_key",
        "file_sha256", "source_file", "source_line", "json",
    ]
    private static let mandatColumns = [
        "key", "id_coll", "exer", "id_bord", "id_pce", "bordereau_date", "amount_ttc", "creditor_id",
        "invoice_numbers", "file_sha256", "json",
    ]
    private static let contractColumns = [
        "buyer_id", "id", "type", "notification_date", "amount", "file_sha256", "json",
    ]

    /// The batch in one transaction: file rows first (a content already stored, or twice in the batch, is
    /// written once), then the facts of the files written, a few multi-row statements per table.
    private func importOnce(_ items: [ImportItem]) async throws -> [FileImportOutcome] {
        let records = items.map { item -> FileRecord in
            let document = item.document
            return FileRecord(
                sha256: item.fingerprint.sha256, path: document.path, kind: document.kind.rawValue,
                size: item.fingerprint.size, importedAt: stamp(item.importedAt),
                errorCode: document.error?.code.rawValue, errorMessage: document.error?.message,
                errorLine: document.error?.line, errorColumn: document.error?.column,
                invoiceCount: document.invoices.count, eventCount: document.events.count,
                mandatCount: document.mandats.count, contractCount: document.contracts.count)
        }
        let what =
            items.count == 1
            ? "import \(items[0].document.path)" : "import of \(items.count) files from \(items[0].document.path)"
        do {
            return try await transaction(what) {
                // PostgreSQL: imports share the dossier state's lock, a refresh step takes it alone, so that a step
                // never removes from `state_pending` a fact a concurrent import has just written again (SQLite's
                // `BEGIN IMMEDIATE` already serialises every writer).
                if backend == .postgres {
                    try await db.raw("SELECT pg_advisory_xact_lock_shared(\(bind: Self.stateLockKey))").run()
                }
                // 1. The file rows. A content stored already (or being imported by another process, whose commit
                //    we then wait for) is not written again, nor is anything read from it.
                let seqBase =
                    try await db.raw("SELECT COALESCE(MAX(seq), 0) AS m FROM files").first()?
                    .decode(column: "m", as: Int.self) ?? 0
                var firstOf: [String: Int] = [:]
                var fileRows: [EncodedRows.Row] = []
                for (i, r) in records.enumerated() where firstOf[r.sha256] == nil {
                    try failpoint?("file")
                    firstOf[r.sha256] = i
                    fileRows.append(
                        (
                            r.sha256,
                            [
                                r.sha256, seqBase + 1 + fileRows.count, r.path, r.kind, r.size, r.importedAt,
                                r.errorCode, r.errorMessage, r.errorLine, r.errorColumn, r.invoiceCount,
                                r.eventCount, r.mandatCount, r.contractCount,
                            ]
                        ))
                }
                let inserted = try await insertNew(
                    "files", columns: Self.fileColumns, keyColumns: ["sha256"], rows: fileRows)
                var outcomes = records.map { FileImportOutcome(written: false, record: $0) }
                let written = records.indices.filter {
                    firstOf[records[$0].sha256] == $0 && inserted.contains(records[$0].sha256)
                }
                let notWritten = records.indices.filter {
                    firstOf[records[$0].sha256] != $0 || !inserted.contains(records[$0].sha256)
                }
                if !notWritten.isEmpty {
                    let shas = Array(Set(notWritten.map { records[$0].sha256 }))
                    var earlier: [String: FileRecord] = [:]
                    for part in Self.chunks(shas, columns: 1) {
                        for row in try await db.raw(
                            "SELECT * FROM files WHERE sha256 IN (\(binds: part.map { $0 as any Encodable & Sendable }))"
                        ).all() {
                            let f = try Self.fileRecord(row)
                            earlier[f.sha256] = f
                        }
                    }
                    for i in notWritten { outcomes[i].record = earlier[records[i].sha256] ?? records[i] }
                }
                for i in written { outcomes[i].written = true }

                // The facts' rows: encoded by the importer's reading tasks (on every core) when it could,
                // else here.
                var encoded: [Int: EncodedRows] = [:]
                for i in written {
                    encoded[i] = try items[i].rows ?? EncodedRows(items[i].document, sha256: records[i].sha256)
                }

                // The facts written (their link keys go in with them, step 6), and those that replace a stored
                // reading (whose older keys go).
                var writtenFacts: [String] = []
                var replaced: [String] = []
                func note(_ fact: (String) -> String, _ rows: [EncodedRows.Row], _ new: [Bool]) {
                    var newKeys: Set<String> = []
                    for (n, r) in rows.enumerated() where new[n] { newKeys.insert(r.key) }
                    var seen: Set<String> = []
                    for r in rows where seen.insert(r.key).inserted {
                        writtenFacts.append(fact(r.key))
                        if !newKeys.contains(r.key) { replaced.append(fact(r.key)) }
                    }
                }

                // 2. Invoices: replaced by the newer reading.
                var invoiceOwners: [Int] = []
                var invoiceRows: [EncodedRows.Row] = []
                for i in written {
                    for row in encoded[i]!.invoices {
                        try failpoint?("invoice")
                        invoiceOwners.append(i)
                        invoiceRows.append(row)
                    }
                }
                let invoiceNew = try await upsert(
                    "invoices", columns: Self.invoiceColumns, keyColumns: ["key"],
                    updated: Array(Self.invoiceColumns.dropFirst()), occurrences: invoiceRows)
                note(DossierState.Fact.invoice, invoiceRows, invoiceNew)
                for (n, i) in invoiceOwners.enumerated() {
                    if invoiceNew[n] { outcomes[i].invoicesNew += 1 } else { outcomes[i].invoicesUpdated += 1 }
                }

                // 3. Events: never duplicated; the first reading is kept.
                var eventOwners: [Int] = []
                var eventIDs: [String] = []
                var eventRows: [EncodedRows.Row] = []
                var eventSeen: Set<String> = []
                for i in written {
                    for row in encoded[i]!.events {
                        try failpoint?("event")
                        eventOwners.append(i)
                        eventIDs.append(row.key)
                        if eventSeen.insert(row.key).inserted { eventRows.append(row) }
                    }
                }
                if !eventRows.isEmpty {
                    eventRows.sort { $0.key < $1.key }
                    let newEvents = try await insertNew(
                        "events", columns: Self.eventColumns, keyColumns: ["id"], rows: eventRows)
                    var claimed: Set<String> = []
                    for (n, i) in eventOwners.enumerated() {
                        if newEvents.contains(eventIDs[n]) && claimed.insert(eventIDs[n]).inserted {
                            outcomes[i].eventsNew += 1
                        } else {
                            outcomes[i].eventsKnown += 1
                        }
                    }
                    // An event already stored keeps its reading, its keys and its place in the state.
                    for r in eventRows where newEvents.contains(r.key) {
                        writtenFacts.append(DossierState.Fact.event(r.key))
                    }
                }

                // 4. Mandats: replaced by the newer reading (the key's parts never change).
                var mandatOwners: [Int] = []
                var mandatRows: [EncodedRows.Row] = []
                for i in written {
                    for row in encoded[i]!.mandats {
                        try failpoint?("mandat")
                        mandatOwners.append(i)
                        mandatRows.append(row)
                    }
                }
                let mandatNew = try await upsert(
                    "mandats", columns: Self.mandatColumns, keyColumns: ["key"],
                    updated: ["bordereau_date", "amount_ttc", "creditor_id", "invoice_numbers", "file_sha256", "json"],
                    occurrences: mandatRows)
                note(DossierState.Fact.mandat, mandatRows, mandatNew)
                for (n, i) in mandatOwners.enumerated() where mandatNew[n] { outcomes[i].mandatsNew += 1 }

                // 5. Contracts: unique per buyer; replaced by the newer reading.
                var contractOwners: [Int] = []
                var contractRows: [EncodedRows.Row] = []
                for i in written {
                    for row in encoded[i]!.contracts {
                        try failpoint?("contract")
                        contractOwners.append(i)
                        contractRows.append(row)
                    }
                }
                let contractNew = try await upsert(
                    "contracts", columns: Self.contractColumns, keyColumns: ["buyer_id", "id"],
                    updated: ["type", "notification_date", "amount", "file_sha256", "json"], occurrences: contractRows)
                for (n, i) in contractOwners.enumerated() where contractNew[n] { outcomes[i].contractsNew += 1 }
                note({ "c:" + $0 }, contractRows, contractNew)

                // 6. The link keys of the facts written, and the facts to refresh (DossierState): in this
                //    transaction, so that after kill -9 the store holds a file's facts with their keys, or neither.
                try failpoint?("keys")
                var keysOf: [String: DossierState.FactKeys] = [:]
                for i in written { keysOf.merge(encoded[i]!.keys) { _, later in later } }
                try await writeFactKeys(
                    writtenFacts.sorted().compactMap { keysOf[$0] }, replacing: replaced.sorted())

                try failpoint?("commit")
                return outcomes
            }
        } catch let e as StoreError {
            throw e
        } catch {
            let whose =
                items.count == 1 ? items[0].document.path : "\(items.count) files from \(items[0].document.path)"
            var e = StoreError(
                code: "store.write",
                message: "cannot record \(whose); nothing of \(items.count == 1 ? "it" : "them") was kept",
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

    public func notePaths(skipped: [SkippedPath], held: [String]) async throws {
        guard !skipped.isEmpty || !held.isEmpty else { return }
        try await transaction("skipped paths") {
            for part in Self.chunks(held, columns: 1) {
                try await db.raw("DELETE FROM skipped_paths WHERE path IN (\(binds: Array(part)))").run()
            }
            for k in skipped {
                try await db.raw(
                    """
                    INSERT INTO skipped_paths (path, sha256, reason, skipped_at) \
                    VALUES (\(bind: k.path), \(bind: k.sha256), \(bind: k.reason), \(bind: k.skippedAt)) \
                    ON CONFLICT (path) DO UPDATE SET sha256 = excluded.sha256, reason = excluded.reason, \
                    skipped_at = excluded.skipped_at
                    """
                ).run()
            }
        }
    }

    public func skippedPaths() async throws -> [SkippedPath] {
        try await read("skipped paths") {
            try await db.raw("SELECT path, sha256, reason, skipped_at FROM skipped_paths ORDER BY path").all().map {
                SkippedPath(
                    path: try $0.decode(column: "path", as: String.self),
                    sha256: try $0.decode(column: "sha256", as: String.self),
                    reason: try $0.decode(column: "reason", as: String.self),
                    skippedAt: try $0.decode(column: "skipped_at", as: String.self))
            }
        }
    }

    public func facts() async throws -> StoredFacts {
        try await read("facts") {
            let inv = try Self.decodeAll(
                Invoice.self, try await db.raw("SELECT key AS k, json FROM invoices ORDER BY key").all(), "invoices")
            let ev = try Self.decodeAll(
                ChainEvent.self, try await db.raw("SELECT id AS k, json FROM events").all(), "events")
            let man = try Self.decodeAll(
                Mandat.self, try await db.raw("SELECT key AS k, json FROM mandats ORDER BY key").all(), "mandats")
            let con = try Self.decodeAll(
                Contract.self,
                try await db.raw("SELECT buyer_id || '/' || id AS k, json FROM contracts ORDER BY buyer_id, id").all(),
                "contracts")
            return StoredFacts(
                invoices: inv, events: StoreKeys.sortedEvents(ev), mandats: man, contracts: con)
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
        if let p = error as? PSQLError {
            // PSQLError's description hides everything ("Generic description to prevent accidental leakage…"):
            // say what failed (connection refused, TLS, authentication) from its code and underlying error.
            return "PostgreSQL: \(p.code)" + (p.underlying.map { " (\($0))" } ?? "")
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

    /// The `json` column of one fact row (`StoredFact`: the compact form or older JSON), or `store.decode`.
    static func decode<T: StoredFact>(_ t: T.Type, _ row: any SQLRow, _ dec: JSONDecoder, _ table: String) throws -> T {
        try decodeFact(T.self, try row.decode(column: "json", as: String.self), dec, table)
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
